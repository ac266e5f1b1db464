import MediaBridge
import MediaSessions
import NIOCore
import RerouteTestSupport
import TDMWire
import Testing
import WireSupport

/// SAToP datagrams (256-octet payloads) of `frames`, the stream starting `lead` octets before the first frame.
func satopPackets(_ frames: [E1Frame], lead: Int) -> [ByteBuffer] {
    let bytes = [UInt8](repeating: 0x55, count: lead) + E1Bitstream.encode(frames).readableBytesArray
    var sender = PseudowireSender(service: .satop, initialSequence: 100)
    return stride(from: 0, to: bytes.count - 255, by: 256).map { start in
        sender.makePacket(payload: ByteBuffer(bytes: bytes[start..<start + 256])).encoded(rtp: .none)
    }
}

/// Runs every datagram through one period each; returns the E1 frames we sent.
func run(_ channelizer: inout SAToPChannelizer, _ packets: [ByteBuffer]) throws -> [E1Frame] {
    var sent: [E1Frame] = []
    for packet in packets {
        channelizer.receive(packet)
        _ = channelizer.pull()
        sent += try E1Bitstream.frames(from: channelizer.makePacket(outgoing: [:]).payload)
    }
    return sent
}

@Suite("SAToP E1 line: CRC-4 receive and E bits, A bit, TS16 CAS (G.704 §2.3.3, §5.1.3.2; G.706 §4.2–4.3)")
struct SAToPLineTests {
    @Test(
        "G.704 §2.3.3.4 + G.706 §4.3: bit errors injected in three SMFs of a CRC-4 stream are counted, and exactly three E bits go back at 0"
    )
    func crc4ErrorsReportedInEBits() throws {
        var ce = E1Framer(configuration: .init(crc4: true))
        let count = 8 * 80
        var frames = ce.makeFrames(count: 8 * 20, channels: [5: (0..<(8 * 20)).map { UInt8($0 & 0x7F) }])
        // The far end reports two errored SMFs of ours: its E bits at 0 are our far-end block errors.
        ce.reportReceivedSubmultiframe(errored: true)
        ce.reportReceivedSubmultiframe(errored: true)
        frames += ce.makeFrames(count: count - 8 * 20, channels: [5: (0..<count).map { UInt8($0 & 0x7F) }])
        // Errors in SMFs 30, 31 (two in one) and 50: frames 8k…8k+7 form SMF k.
        for frame in [243, 250, 253, 401] { frames[frame][5] ^= 0x04 }
        var channelizer = SAToPChannelizer(
            timeslots: [5], framesPerPacket: 8, jitterDepth: 1, crc4: true, initialSequence: 0)
        let sent = try run(&channelizer, satopPackets(frames, lead: 13))

        let status = try #require(channelizer.lineStatus)
        let crc4 = try #require(status.crc4)
        #expect(status.crc4Aligned && crc4.multiframeAlignmentsFound == 1 && crc4.multiframeAlignmentsLost == 0)
        #expect(crc4.crcErrors == 3)
        #expect(crc4.farEndBlockErrors == 2)
        #expect(crc4.submultiframesChecked > 60)
        // Our multiframe starts at our first frame: E bits in frames 13 and 15 of each.
        let eBits = sent.enumerated().filter { [13, 15].contains($0.offset % 16) }.map { $0.element[0] & 0x80 != 0 }
        #expect(eBits.filter { !$0 }.count == 3)
        // Everything checked has gone back, or waits for the next E bit slots.
        #expect(eBits.count >= crc4.submultiframesChecked - 2)
        #expect(status.remoteAlarm == false)
    }

    @Test(
        "G.706 §4.3.2: 1000 SMFs with wrong C bits (all errored) lose the CRC-4 multiframe and the frame alignment; both are found again"
    )
    func falseAlignmentReframes() throws {
        var ce = E1Framer(configuration: .init(crc4: true))
        var frames = ce.makeFrames(count: 8 * 1100, channels: [5: (0..<(8 * 1100)).map { UInt8($0 & 0x7F) }])
        // Every C1 from SMF 10 to SMF 1050 inverted: each SMF from 9 on is errored.
        for smf in 10...1050 { frames[8 * smf][0] ^= 0x80 }
        var channelizer = SAToPChannelizer(
            timeslots: [5], framesPerPacket: 8, jitterDepth: 1, crc4: true, initialSequence: 0)
        _ = try run(&channelizer, satopPackets(frames, lead: 5))
        let status = try #require(channelizer.lineStatus)
        let crc4 = try #require(status.crc4)
        #expect(crc4.multiframeAlignmentsLost == 1 && crc4.multiframeAlignmentsFound == 2)
        #expect(channelizer.frameAlignments! == (2, 1))
        #expect(status.crc4Aligned && crc4.crcErrors >= 915)
    }

    @Test("G.706 §4.2: with crc4 on and a far end sending none, no multiframe is found and every E bit stays 1")
    func crc4FarEndWithout() throws {
        var ce = E1Framer()
        var channelizer = SAToPChannelizer(
            timeslots: [5], framesPerPacket: 8, jitterDepth: 1, crc4: true, initialSequence: 0)
        let sent = try run(&channelizer, satopPackets(ce.makeFrames(count: 8 * 40, channels: [:]), lead: 3))
        let status = try #require(channelizer.lineStatus)
        #expect(!status.crc4Aligned && status.crc4!.searchTimeouts >= 4 && status.crc4!.submultiframesChecked == 0)
        #expect(channelizer.frameAlignments! == (1, 0))
        #expect(sent.enumerated().allSatisfy { $0.offset % 2 == 0 || $0.element[0] & 0x80 != 0 || $0.offset % 16 < 13 })
    }

    @Test("G.704 §2.3.2: the A bit the far end sends is exposed as its remote alarm")
    func remoteAlarmReceived() throws {
        var ce = E1Framer()
        ce.remoteAlarm = true
        var channelizer = SAToPChannelizer(timeslots: [5], framesPerPacket: 8, jitterDepth: 1, initialSequence: 0)
        _ = try run(&channelizer, satopPackets(ce.makeFrames(count: 8 * 10, channels: [:]), lead: 0))
        #expect(channelizer.lineStatus?.remoteAlarm == true)
        #expect(channelizer.lineStatus?.crc4 == nil)
    }

    @Test(
        "G.704 §5.1.3.2 + G.732 §5.2: ts16 cas — we send the CAS multiframe with y until ours is found; received a b c d and y exposed"
    )
    func cas() throws {
        var ce = E1Framer(configuration: .init(cas: true))
        ce.abcd = [5: 0b0101, 20: 0b1001]
        ce.remoteMultiframeAlarm = true
        var channelizer = SAToPChannelizer(
            timeslots: [5], framesPerPacket: 8, jitterDepth: 1, cas: true, initialSequence: 0)
        let sent = try run(&channelizer, satopPackets(ce.makeFrames(count: 8 * 20, channels: [:]), lead: 21))
        let status = try #require(channelizer.lineStatus)
        #expect(status.casAligned && status.casAlignmentsFound == 1 && status.casRemoteAlarm)
        #expect(status.abcd[5] == 0b0101 && status.abcd[20] == 0b1001 && status.abcd[1] == E1CAS.idleABCD)
        // Our TS16: 0000 x y x x in frame 0 of each multiframe (y = 1 first, 0 once aligned), idle 1101 1101 else.
        let mfas = stride(from: 0, to: sent.count, by: 16).map { sent[$0][16] }
        #expect(mfas.first == 0x0F && mfas.last == 0x0B)
        #expect(sent.enumerated().allSatisfy { $0.offset % 16 == 0 || $0.element[16] == 0xDD })
    }

    @Test("gateway.conf: ts16 cas (SAToP only, not with timeslot 16 as a call); the channelizer sends CAS")
    func configuration() throws {
        let wire = try PseudowireConfiguration.parse(
            "pseudowire e1 = udp 127.0.0.1:5000 -> 127.0.0.1:5002 timeslots 1-15,17-31 service satop ts16 cas crc4 on")
        #expect(wire.cas && wire.crc4)
        var channelizer = try #require(wire.makeChannelizer(initialSequence: 0) as? SAToPChannelizer)
        let frames = try E1Bitstream.frames(from: channelizer.makePacket(outgoing: [:]).payload)
        #expect(frames[0][16] == 0x0F && frames[1][16] == 0xDD)
        #expect(channelizer.lineStatus?.crc4 != nil)
        for bad in [
            "pseudowire x = udp 127.0.0.1:1 -> 127.0.0.1:1 timeslots 1-3 ts16 cas",
            "pseudowire x = udp 127.0.0.1:1 -> 127.0.0.1:1 timeslots 1-16 service satop ts16 cas",
            "pseudowire x = udp 127.0.0.1:1 -> 127.0.0.1:1 timeslots 1-3 service satop ts16 cass",
        ] {
            #expect(throws: PseudowireConfiguration.ParseError.self) { try PseudowireConfiguration.parse(bad) }
        }
    }

    @Test("G.706 §4.2 + G.732 §5.2: mutated CRC-4/CAS datagrams (5 000) never crash; counters stay consistent")
    func hostile() throws {
        var ce = E1Framer(configuration: .init(crc4: true, cas: true))
        let packets = satopPackets(ce.makeFrames(count: 8 * 40, channels: [3: [1, 2, 3]]), lead: 9)
        var channelizer = SAToPChannelizer(
            timeslots: [3], framesPerPacket: 8, jitterDepth: 2, crc4: true, cas: true, initialSequence: 0)
        var rng = SeededGenerator(seed: 706)
        for round in 0..<5_000 {
            var bytes = packets[round % packets.count].readableBytesArray
            if round % 2 == 1 {
                for _ in 0..<Int.random(in: 1...8, using: &rng) {
                    bytes[Int.random(in: 4..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
                }
            } else if round % 7 == 0 {
                bytes = Mutator.mutate(bytes, using: &rng)
            }
            channelizer.receive(ByteBuffer(bytes: bytes))
            #expect(channelizer.pull().payload.count == 8)
            #expect(channelizer.makePacket(outgoing: [:]).payload.readableBytes == 256)
        }
        let crc4 = try #require(channelizer.lineStatus?.crc4)
        #expect(crc4.crcErrors > 0 && crc4.crcErrors <= crc4.submultiframesChecked)
        #expect(crc4.submultiframesChecked <= 5_000 * 8 / 8)
    }
}
