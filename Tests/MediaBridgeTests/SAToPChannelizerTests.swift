import MediaBridge
import MediaSessions
import NIOCore
import RerouteTestSupport
import TDMWire
import Testing
import WireSupport

/// A SAToP CE in memory: an E1 whose timeslot 5 counts frames, cut into 256-octet packets starting `lead` octets
/// into the stream (so frames straddle packets, as RFC 4553 §5.1 allows).
struct SAToPTestStream {
    var frames: [E1Frame]
    var packets: [ByteBuffer]

    /// Timeslot 5 of frame n carries `octet(n)`; it avoids the FAS pattern so no channel imitates TS0.
    static func octet(_ n: Int) -> UInt8 { UInt8(0x80 | (n % 100)) }

    init(frameCount: Int, lead: Int, initialSequence: UInt16 = 0xFFF0) {
        var framer = E1Framer()
        frames = framer.makeFrames(count: frameCount, channels: [5: (0..<frameCount).map(Self.octet)])
        let bytes = [UInt8](repeating: 0x55, count: lead) + E1Bitstream.encode(frames).readableBytesArray
        var sender = PseudowireSender(service: .satop, initialSequence: initialSequence)
        packets = stride(from: 0, to: bytes.count - 255, by: 256).map { start in
            sender.makePacket(payload: ByteBuffer(bytes: bytes[start..<start + 256])).encoded(rtp: .none)
        }
    }
}

@Suite("SAToPChannelizer: one unstructured E1 as per-timeslot octets (RFC 4553, G.704, G.706)")
struct SAToPChannelizerTests {
    @Test(
        "RFC 4553 §5.1 + G.706 §4.1.2: a stream cut 13 octets into a frame aligns; timeslot 5 comes out in order at a constant delay"
    )
    func alignsAndSplits() {
        let stream = SAToPTestStream(frameCount: 8 * 40, lead: 13)
        var channelizer = SAToPChannelizer(
            timeslots: [1, 5, 16], framesPerPacket: 8, jitterDepth: 1, initialSequence: 0)
        var delays: Set<Int> = []
        var heard = 0
        for (period, packet) in stream.packets.enumerated() {
            channelizer.receive(packet)
            let received = channelizer.pull()
            #expect(received.payload.count == 24)
            guard !received.lost, let octets = received.octets(5) else { continue }
            // Which frames these are: the counter says, and every period must be 8 consecutive frames.
            guard let first = (0..<stream.frames.count).first(where: { SAToPTestStream.octet($0) == octets[0] }) else {
                Issue.record("unknown octet \(octets[0])")
                continue
            }
            #expect(octets == (first..<first + 8).map(SAToPTestStream.octet), "period \(period)")
            delays.insert((period * 8 - first + 1000) % 100)
            heard += 1
        }
        #expect(delays.count == 1, "delay must not move: \(delays)")
        #expect(heard >= 36)
        #expect(channelizer.frameAlignments! == (1, 0))
    }

    @Test("RFC 4553 §6.2.2: lost and misordered packets play AIS of the same length; alignment and delay are kept")
    func lossKeepsAlignment() {
        let stream = SAToPTestStream(frameCount: 8 * 60, lead: 13)
        var channelizer = SAToPChannelizer(timeslots: [5], framesPerPacket: 8, jitterDepth: 2, initialSequence: 0)
        var order = Array(stream.packets.indices)
        order.remove(at: 20)  // lost
        order.swapAt(30, 31)  // misordered within the buffer's depth
        order.remove(at: 40)  // lost
        var lostPeriods = 0
        var delays: Set<Int> = []
        var cursor = 0
        for period in 0..<stream.packets.count {
            while cursor < order.count && order[cursor] <= period + 1 {
                channelizer.receive(stream.packets[order[cursor]])
                cursor += 1
            }
            let received = channelizer.pull()
            if received.waiting { continue }
            if received.lost {
                lostPeriods += 1
                // Frames holding AIS bits play A-law silence; a period may mix them with received frames.
                #expect(received.payload.contains(TDMChannelizer.idleOctet))
                continue
            }
            let octets = received.octets(5)!
            guard let first = (0..<stream.frames.count).first(where: { SAToPTestStream.octet($0) == octets[0] })
            else { continue }
            #expect(octets == (first..<first + 8).map(SAToPTestStream.octet), "period \(period)")
            delays.insert((period * 8 - first + 1000) % 100)
        }
        #expect(channelizer.frameAlignments! == (1, 0))
        #expect(delays.count == 1, "\(delays)")
        // Each lost packet's AIS straddles two periods' frames (the stream is 13 octets off the packet boundary).
        #expect(channelizer.lostPackets == 2)
        #expect(lostPeriods >= 2 && lostPeriods <= 4 + 2)
    }

    @Test(
        "G.704 §2.3.2 + RFC 4553 §4.3.1: what we send is E1 frames — FAS/NFAS, A bit until aligned, TS16 pattern, the call's octets; 256 octets, LEN 0"
    )
    func sends() throws {
        var channelizer = SAToPChannelizer(
            timeslots: [1, 2, 3], framesPerPacket: 8, jitterDepth: 1, timeslot16: 0x0B, initialSequence: 65_535)
        var frames: [E1Frame] = []
        var packets: [PseudowirePacket] = []
        for _ in 0..<4 {
            _ = channelizer.pull()
            let packet = channelizer.makePacket(outgoing: [2: [1, 2, 3, 4, 5, 6, 7, 8]])
            #expect(packet.payload.readableBytes == 256 && packet.controlWord.length == 0)
            #expect(!packet.controlWord.localFailure && packet.controlWord.modifier == 0)
            packets.append(packet)
            frames += try E1Bitstream.frames(from: packet.payload)
        }
        #expect(packets.map(\.controlWord.sequenceNumber) == [65_535, 0, 1, 2])
        #expect(
            frames.enumerated().allSatisfy {
                $0.offset % 2 == 0 ? $0.element.hasFrameAlignmentSignal : $0.element.hasNFASBit2
            })
        // Nothing received: not aligned, so the NFAS frames carry the remote alarm (A = 1).
        #expect(frames.enumerated().allSatisfy { $0.offset % 2 == 0 || $0.element.remoteAlarm })
        #expect(frames.allSatisfy { $0[16] == 0x0B && $0[1] == 0xD5 && $0[3] == 0xD5 && $0[17] == 0xD5 })
        #expect(frames.prefix(8).map { $0[2] } == [1, 2, 3, 4, 5, 6, 7, 8])

        // Once the far stream is aligned the A bit clears.
        let stream = SAToPTestStream(frameCount: 8 * 10, lead: 0)
        for packet in stream.packets {
            channelizer.receive(packet)
            _ = channelizer.pull()
        }
        let aligned = try E1Bitstream.frames(from: channelizer.makePacket(outgoing: [:]).payload)
        #expect(aligned.allSatisfy { !$0.remoteAlarm })
    }

    @Test("RFC 4553 §6.3: R is set after three missing packets and cleared after two good ones")
    func remoteFailureBit() {
        let stream = SAToPTestStream(frameCount: 8 * 14, lead: 5)
        var channelizer = SAToPChannelizer(timeslots: [5], framesPerPacket: 8, jitterDepth: 1, initialSequence: 0)
        var bits: [Bool] = []
        for period in 0..<12 {
            if !(3...6).contains(period) { channelizer.receive(stream.packets[period]) }
            _ = channelizer.pull()
            bits.append(channelizer.makePacket(outgoing: [:]).controlWord.remoteFailure)
        }
        #expect(bits == [false, false, false, false, false, true, true, true, false, false, false, false])
    }

    @Test("RFC 4553 §5.1: mutated datagrams (10 000) never crash; each is counted once; every period is N × F octets")
    func hostileDatagrams() {
        let stream = SAToPTestStream(frameCount: 8 * 40, lead: 7)
        var channelizer = SAToPChannelizer(
            timeslots: [1, 16, 31], framesPerPacket: 8, jitterDepth: 2, initialSequence: 0)
        var rng = SeededGenerator(seed: 4553)
        for round in 0..<10_000 {
            let good = stream.packets[round % stream.packets.count].readableBytesArray
            channelizer.receive(ByteBuffer(bytes: round % 3 == 0 ? good : Mutator.mutate(good, using: &rng)))
            #expect(channelizer.pull().payload.count == 24)
            #expect(channelizer.makePacket(outgoing: [16: [1]]).payload.readableBytes == 256)
        }
        let counters = channelizer.counters
        #expect(counters.malformed > 0)
        #expect(
            counters.received + counters.malformed + counters.late + counters.duplicate + counters.overflow == 10_000)
    }

    @Test("gateway.conf: service satop, ts16, crc4; CESoPSN refuses crc4; the factory picks the channelizer")
    func configuration() throws {
        let line =
            "pseudowire e1 = udp 127.0.0.1:5000 -> 127.0.0.1:5002 timeslots 1-15,17-31 service satop ts16 0x0B crc4 on"
        let wire = try PseudowireConfiguration.parse(line)
        #expect(wire.service == .satop && wire.timeslot16 == 0x0B && wire.crc4)
        #expect(wire.payloadLength == 256)
        #expect(wire.makeChannelizer(initialSequence: 0) is SAToPChannelizer)
        let cesopsn = try PseudowireConfiguration.parse(
            "pseudowire e1 = udp 127.0.0.1:5000 -> 127.0.0.1:5002 timeslots 1-3 frames 8")
        #expect(cesopsn.service == .cesopsn && cesopsn.payloadLength == 24)
        #expect(cesopsn.makeChannelizer(initialSequence: 0) is TDMChannelizer)
        for bad in [
            "pseudowire x = udp 127.0.0.1:1 -> 127.0.0.1:1 timeslots 1-3 service structured",
            "pseudowire x = udp 127.0.0.1:1 -> 127.0.0.1:1 timeslots 1-3 crc4 on",
            "pseudowire x = udp 127.0.0.1:1 -> 127.0.0.1:1 timeslots 1-3 service satop crc4 yes",
            "pseudowire x = udp 127.0.0.1:1 -> 127.0.0.1:1 timeslots 1-3 service satop ts16 256",
            "pseudowire x = udp 127.0.0.1:1 -> 127.0.0.1:1 timeslots 1-3 service",
        ] {
            #expect(throws: PseudowireConfiguration.ParseError.self) { try PseudowireConfiguration.parse(bad) }
        }
    }
}
