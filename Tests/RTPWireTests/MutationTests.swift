import NIOCore
import RTPWire
import RerouteTestSupport
import Testing
import WireSupport

/// Hostile input: seeded, bounded mutation loops. Never a crash; whatever decodes re-encodes to the same value.
@Suite("RTP/RTCP mutation loops")
struct MutationTests {
    static let rtpSeeds = [
        "b2 00 0001 00000000 11111111 22222222 33333333 bede0001 10aa0000 010203 0000000005",
        "80 88 1234 00000a00 deadbeef d5d5d5d5",
        "80 e5 0002 00000100 00000001 0b8a0320",
    ]
    static let rtcpSeeds = [
        "81c8000c 11111111 e0000000 80000000 000000a0 0000000a 00000640 01020304 40fffffd 00010010 0000004d"
            + " aabbccdd 00018000",
        "80c90001 00000001 81ca0003 00000001 01026162 00000000 81cb0003 00000007 0463616c 6c000000",
        "80c90001 00000001 81cd0002 00000001 00000002 83cc0003 00000007 54524f55 01020304",
        "a0c90002 00000001 00000004",
    ]

    @Test("RFC 3550 §A.1: 20 000 mutated RTP packets: typed error or a value that round-trips")
    func rtpLoop() {
        var rng = SeededGenerator(seed: 0x5254_5031)
        for round in 0..<20_000 {
            var bytes = ByteBuffer(hex: Self.rtpSeeds[round % Self.rtpSeeds.count]).readableBytesArray
            for _ in 0..<Int.random(in: 1...3, using: &rng) { bytes = Mutator.mutate(bytes, using: &rng) }
            guard let packet = try? RTPPacket.decode(ByteBuffer(bytes: bytes)) else { continue }
            let again = try? RTPPacket.decode(packet.encoded)
            #expect(again == packet, "round \(round): \(bytes)")
        }
    }

    @Test("RFC 3550 §A.2: 20 000 mutated RTCP compounds: typed error or a value that round-trips")
    func rtcpLoop() {
        var rng = SeededGenerator(seed: 0x5254_4350)
        for round in 0..<20_000 {
            var bytes = ByteBuffer(hex: Self.rtcpSeeds[round % Self.rtcpSeeds.count]).readableBytesArray
            for _ in 0..<Int.random(in: 1...3, using: &rng) { bytes = Mutator.mutate(bytes, using: &rng) }
            guard let compound = try? RTCPCompoundPacket.decode(ByteBuffer(bytes: bytes), allowReducedSize: true) else {
                continue
            }
            let again = try? RTCPCompoundPacket.decode(compound.encoded, allowReducedSize: true)
            #expect(again == compound, "round \(round): \(bytes)")
        }
    }

    @Test("RFC 4733 §2.3: mutated telephone-event payloads: error unless exactly 4 octets")
    func telephoneEventLoop() {
        var rng = SeededGenerator(seed: 4733)
        for _ in 0..<5_000 {
            let bytes = Mutator.mutate([0x0B, 0x8A, 0x03, 0x20], using: &rng)
            let decoded = try? TelephoneEvent.decode(ByteBuffer(bytes: bytes))
            #expect((decoded != nil) == (bytes.count == 4))
            if let decoded {
                var out = ByteBuffer()
                decoded.encode(into: &out)
                #expect(out.readableBytesArray == bytes)
            }
        }
    }
}
