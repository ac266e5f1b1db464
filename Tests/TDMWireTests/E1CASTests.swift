import RerouteTestSupport
import TDMWire
import Testing

/// TS16 of `frames`, with the CAS framer's a b c d.
func casFrames(_ count: Int, abcd: [Int: UInt8] = [:], remoteAlarm: Bool = false) -> [E1Frame] {
    var framer = E1Framer(configuration: .init(cas: true))
    framer.abcd = abcd
    framer.remoteMultiframeAlarm = remoteAlarm
    return framer.makeFrames(count: count, channels: [:])
}

@Suite("E1 TS16 CAS multiframe (G.704 §5.1.3.2, G.732 §5.2)")
struct E1CASTests {
    @Test(
        "G.704 §5.1.3.2: frame 0 carries 0000 x y x x, frames 1–15 a b c d of channels n and n+15 (timeslots n, n+16); idle 1101"
    )
    func sendsMultiframe() {
        let frames = casFrames(32, abcd: [1: 0b0001, 17: 0b1000, 15: 0b0110, 31: 0b1111])
        #expect(frames[0][16] == 0x0B && frames[16][16] == 0x0B)
        #expect(frames[1][16] == 0x18 && frames[15][16] == 0x6F)
        #expect((2...14).allSatisfy { frames[$0][16] == 0xDD })
        // y = 1 while our receiver has no multiframe alignment.
        #expect(casFrames(1, remoteAlarm: true)[0][16] == 0x0F)
        // A 0000 for channels 1–15 would imitate the multiframe alignment signal: it is not sent.
        #expect(casFrames(2, abcd: [1: 0])[1][16] >> 4 != 0)
        #expect(casFrames(2, abcd: [17: 0])[1][16] == 0xD0)
    }

    @Test("G.732 §5.2: alignment at the first 0000 after a non-zero TS16; a b c d and y read back per timeslot")
    func receives() {
        let abcd: [Int: UInt8] = [1: 0b0001, 5: 0b1010, 17: 0b1000, 31: 0b0111]
        // Start mid-multiframe, as a receiver does.
        let frames = Array(casFrames(40, abcd: abcd, remoteAlarm: true).dropFirst(5))
        var sut = E1CASMonitor()
        var events: [(Int, E1CASMonitor.Event)] = []
        for (index, frame) in frames.enumerated() {
            if let event = sut.receive(frame[16], replaced: false) { events.append((index, event)) }
        }
        #expect(events.count == 1 && events[0].0 == 11 && events[0].1 == .multiframeAlignmentFound)
        #expect(sut.remoteAlarm && sut.isAligned)
        for slot in Array(1...15) + Array(17...31) {
            #expect(sut.abcd[slot] == (abcd[slot] ?? E1CAS.idleABCD), "timeslot \(slot)")
        }
    }

    @Test("G.732 §5.2: one errored MFAS keeps the alignment, two consecutive lose it; an all-zero TS16 never aligns")
    func loss() {
        var frames = casFrames(16 * 6)
        frames[16][16] = 0x8B  // one bad MFAS
        frames[48][16] = 0x8B  // two consecutive bad MFAS …
        frames[64][16] = 0x8B
        var sut = E1CASMonitor()
        var events: [(Int, E1CASMonitor.Event)] = []
        for (index, frame) in frames.enumerated() {
            if let event = sut.receive(frame[16], replaced: false) { events.append((index, event)) }
        }
        // Frame 0 has no non-zero octet before it: alignment comes at frame 32; lost at 64; found again at 80.
        #expect(events.map(\.0) == [32, 64, 80])
        #expect(events.map(\.1) == [.multiframeAlignmentFound, .multiframeAlignmentLost, .multiframeAlignmentFound])

        var zeros = E1CASMonitor()
        for _ in 0..<100 { #expect(zeros.receive(0, replaced: false) == nil) }
        #expect(!zeros.isAligned)
    }

    @Test("G.732 §5.2: a whole multiframe of TS16 at 0 loses the alignment")
    func allZeroLoses() {
        var sut = E1CASMonitor()
        for frame in casFrames(20) { _ = sut.receive(frame[16], replaced: false) }
        #expect(sut.isAligned)
        var events: [E1CASMonitor.Event] = []
        for _ in 0..<16 { if let event = sut.receive(0, replaced: false) { events.append(event) } }
        #expect(events == [.multiframeAlignmentLost])
    }

    @Test("G.704 §5.1.3.2: random and mutated TS16 octets (50 000) never crash; a b c d only for channel timeslots")
    func hostile() {
        var rng = SeededGenerator(seed: 732)
        let good = casFrames(16 * 8, abcd: [3: 0b0101]).map { $0[16] }
        var sut = E1CASMonitor()
        for index in 0..<50_000 {
            let octet = index % 4 == 0 ? UInt8.random(in: 0...255, using: &rng) : good[index % good.count]
            if index % 5_000 == 0 { sut.restart() }
            _ = sut.receive(octet, replaced: index % 97 == 0)
        }
        #expect(Set(sut.abcd.keys).isSubset(of: Set(Array(1...15) + Array(17...31))))
        #expect(sut.abcd.values.allSatisfy { $0 < 16 })
        #expect(sut.alignmentsFound >= sut.alignmentsLost && sut.alignmentsFound > 0)
    }
}
