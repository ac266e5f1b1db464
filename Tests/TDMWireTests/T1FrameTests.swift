import NIOCore
import RerouteTestSupport
import TDMWire
import Testing

@Suite("T1 frames (ITU-T G.704 §2.1)")
struct T1FrameTests {
    @Test("G.704 §2.1: 193-bit frames, F bit first; eight frames are 193 octets; superframe F pattern round-trips")
    func packing() {
        var rng = SeededGenerator(seed: 193)
        let frames = (0..<24).map { index in
            T1Frame(
                framingBit: T1Frame.superframePattern[index % 12],
                timeslots: (0..<24).map { _ in UInt8.random(in: 0...255, using: &rng) })
        }
        let bytes = T1Frame.encode(frames)
        #expect(bytes.readableBytes == 24 * 193 / 8)
        #expect(T1Frame.decode(bytes) == frames)
        // The first octet is F bit then the top 7 bits of channel 1.
        #expect(bytes.getInteger(at: 0, as: UInt8.self) == (1 << 7 | frames[0][0] >> 1))
        #expect(T1Frame.decode(bytes).map(\.framingBit).prefix(12) == T1Frame.superframePattern[...])
    }
}
