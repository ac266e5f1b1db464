import MediaBridge
import MediaSessions
import NIOCore
import RerouteTestSupport
import TDMWire
import Testing

@Suite("TDMChannelizer and the pseudowire configuration")
struct TDMChannelizerTests {
    static func packet(_ sequence: UInt16, slots: [Int], frames: Int, octet: (Int, Int) -> UInt8) -> ByteBuffer {
        var sender = PseudowireSender(service: .cesopsn(timeslots: slots, framesPerPacket: frames), initialSequence: sequence)
        var payload = ByteBuffer()
        for f in 0..<frames { for (i, _) in slots.enumerated() { payload.writeInteger(octet(f, i)) } }
        return sender.makePacket(payload: payload).encoded(rtp: .none)
    }

    @Test("RFC 5086 §5.1: N × F payload split per timeslot; idle pattern for timeslots without a call")
    func splitAndIdle() throws {
        var channelizer = TDMChannelizer(timeslots: [1, 5, 9], framesPerPacket: 4, jitterDepth: 1, initialSequence: 7)
        channelizer.receive(Self.packet(100, slots: [1, 5, 9], frames: 4) { f, i in UInt8(16 * i + f) })
        let received = channelizer.pull()
        #expect(!received.lost)
        #expect(received.octets == [1: [0, 1, 2, 3], 5: [16, 17, 18, 19], 9: [32, 33, 34, 35]])
        let packet = channelizer.makePacket(outgoing: [5: [0xA1, 0xA2, 0xA3, 0xA4]])
        #expect(packet.controlWord.sequenceNumber == 7)
        #expect(!packet.controlWord.localFailure && !packet.controlWord.remoteFailure)
        // LEN = 4 + 12 < 64 (RFC 5086 §5.2).
        #expect(packet.controlWord.length == 16)
        #expect(
            Array(packet.payload.readableBytesView) == [
                0xD5, 0xA1, 0xD5, 0xD5, 0xA2, 0xD5, 0xD5, 0xA3, 0xD5, 0xD5, 0xA4, 0xD5,
            ])
        #expect(channelizer.makePacket(outgoing: [:]).controlWord.sequenceNumber == 8)
    }

    @Test("RFC 5086 §5.2: R is set once the CE-bound side is in loss-of-packets state and cleared after recovery")
    func remoteFailureBit() throws {
        var channelizer = TDMChannelizer(timeslots: [1], framesPerPacket: 8, jitterDepth: 1, initialSequence: 0)
        var sequence: UInt16 = 0xFFFE
        func deliver() {
            channelizer.receive(Self.packet(sequence, slots: [1], frames: 8) { _, _ in 0x11 })
            sequence &+= 1
        }
        var bits: [Bool] = []
        var lost: [Bool] = []
        for period in 0..<12 {
            // Packets 3…6 never arrive (four in a row: the threshold is three).
            if !(3...6).contains(period) { deliver() } else { sequence &+= 1 }
            let received = channelizer.pull()
            lost.append(received.lost)
            bits.append(channelizer.makePacket(outgoing: [:]).controlWord.remoteFailure)
        }
        #expect(lost == [false, false, false, true, true, true, true, false, false, false, false, false])
        #expect(bits == [false, false, false, false, false, true, true, true, false, false, false, false])
    }

    @Test("RFC 5086 §5.1: a payload of another size or a broken control word is dropped, never played (mutation loop)")
    func hostileDatagrams() throws {
        var channelizer = TDMChannelizer(timeslots: [1, 2], framesPerPacket: 8, jitterDepth: 2, initialSequence: 0)
        var rng = SeededGenerator(seed: 4553)
        let good = Array(Self.packet(1, slots: [1, 2], frames: 8) { _, _ in 0x2A }.readableBytesView)
        for _ in 0..<10_000 {
            let mutated = Mutator.mutate(good, using: &rng)
            channelizer.receive(ByteBuffer(bytes: mutated))
            let received = channelizer.pull()
            #expect(received.octets.values.allSatisfy { $0.count == 8 })
            _ = channelizer.makePacket(outgoing: [:])
        }
        #expect(channelizer.counters.malformed > 0)
        #expect(channelizer.counters.received + channelizer.counters.malformed + channelizer.counters.late
            + channelizer.counters.duplicate + channelizer.counters.overflow == 10_000)
    }

    @Test("gateway.conf: pseudowire lines parse; CIC n = timeslot n + offset; errors name the problem")
    func configuration() throws {
        let line = "pseudowire e1a = udp 127.0.0.1:5000 -> 127.0.0.2:5002 timeslots 1-15,17-31 frames 8 depth 4"
        let wire = try PseudowireConfiguration.parse(line)
        #expect(wire.name == "e1a" && wire.localPort == 5000 && wire.remoteHost == "127.0.0.2")
        #expect(wire.timeslots == Array(1...15) + Array(17...31))
        #expect(wire.periodMicroseconds == 1000)
        #expect(wire.jitterDepth == 4 && wire.maximumJitterDepth == 64)
        let fixed = try PseudowireConfiguration.parse(line + " max-depth 4")
        #expect(fixed.maximumJitterDepth == 4)
        #expect(try PseudowireConfiguration.parse("pseudowire e1a = udp 127.0.0.1:5000 -> 127.0.0.2:5002 timeslots 1-31 depth 50")
            .maximumJitterDepth == 64)
        let second = try PseudowireConfiguration.parse(
            "pseudowire e1b = udp 127.0.0.1:5004 → 127.0.0.2:5006 timeslots 1-31 cic-offset 32")
        let map = try TDMCircuitMap([wire, second])
        #expect(map[5] == .init(pseudowire: "e1a", timeslot: 5))
        #expect(map[16] == nil)
        #expect(map[33] == .init(pseudowire: "e1b", timeslot: 1))
        #expect(throws: PseudowireConfiguration.ParseError.self) { try TDMCircuitMap([wire, wire]) }
        for bad in [
            "pseudowire x = udp 127.0.0.1 -> 127.0.0.1:1 timeslots 1",
            "pseudowire x = udp 127.0.0.1:1 -> 127.0.0.1:1 timeslots 0-3",
            "pseudowire x = udp 127.0.0.1:1 -> 127.0.0.1:1 timeslots 5-3",
            "pseudowire x = udp 127.0.0.1:1 -> 127.0.0.1:1 timeslots 1-3 frames 0",
            "pseudowire x = udp 127.0.0.1:1 -> 127.0.0.1:1 timeslots 1-3 speed 9",
            "pseudowire x = udp 127.0.0.1:1 -> 127.0.0.1:1 timeslots 1-3 depth 8 max-depth 4",
            "pseudowire x = udp 127.0.0.1:1 -> 127.0.0.1:1 timeslots 1-3 max-depth 300",
        ] {
            #expect(throws: PseudowireConfiguration.ParseError.self) { try PseudowireConfiguration.parse(bad) }
        }
    }
}
