import RerouteTestSupport
import TDMWire
import Testing

/// `count` frames of a CRC-4 E1 as `E1Framer` sends it, timeslot 7 carrying varying octets so each SMF's CRC differs.
func crc4Frames(_ count: Int, eBitReports: [Bool] = []) -> [E1Frame] {
    var framer = E1Framer(configuration: .init(crc4: true))
    for errored in eBitReports { framer.reportReceivedSubmultiframe(errored: errored) }
    return framer.makeFrames(count: count, channels: [7: (0..<count).map { UInt8(($0 * 29 + 3) & 0xFF) }])
}

/// Feeds frames whose FAS/NFAS phase starts with a FAS at index 0; returns every event with the frame index.
func monitor(
    _ frames: [E1Frame], replaced: Set<Int> = [], into monitor: inout E1CRC4Monitor
) -> [(Int, E1CRC4Monitor.Event)] {
    var events: [(Int, E1CRC4Monitor.Event)] = []
    for (index, frame) in frames.enumerated() {
        for event in monitor.receive(frame, isFAS: index % 2 == 0, replaced: replaced.contains(index)) {
            events.append((index, event))
        }
    }
    return events
}

@Suite("E1 CRC-4 receive: multiframe search, SMF check, E bits (G.704 §2.3.3, G.706 §4.2–4.3)")
struct E1CRC4MonitorTests {
    @Test("G.706 §4.2: alignment needs two MFAS 2 ms apart — found at the second (frame 27), at any multiframe phase")
    func findsAlignment() {
        for lead in stride(from: 0, to: 16, by: 2) {
            let frames = Array(crc4Frames(16 * 6 + lead).dropFirst(lead))
            var sut = E1CRC4Monitor()
            let events = monitor(frames, into: &sut)
            // MFAS ends at multiframe position 11; the second complete one seen confirms it (frame 1 dropped with
            // any lead, so the first complete MFAS is then the next multiframe's).
            let secondMFAS = lead == 0 ? 27 : 43 - lead
            #expect(events.first.map { $0.0 } == secondMFAS, "lead \(lead)")
            #expect(events.first.map { $0.1 } == .multiframeAlignmentFound)
            #expect(sut.counters.crcErrors == 0 && sut.counters.submultiframesChecked > 0)
            #expect(events.dropFirst().allSatisfy { $0.1 == .submultiframe(errored: false) })
        }
    }

    @Test("G.706 §4.2: a stream without CRC-4 (Si all 1) never aligns; the 8 ms window restarts every 64 frames")
    func noCRC4() {
        var framer = E1Framer()
        let frames = framer.makeFrames(count: 64 * 10, channels: [:])
        var sut = E1CRC4Monitor()
        let events = monitor(frames, into: &sut)
        #expect(events.map(\.1) == Array(repeating: .searchTimedOut, count: 10))
        #expect(events.map(\.0) == (1...10).map { $0 * 64 - 1 })
        #expect(sut.state == .searching && sut.counters.multiframeAlignmentsFound == 0)
    }

    @Test("G.706 §4.2: a single MFAS, or two at a spacing that is not a multiple of 2 ms, does not align")
    func singleMFASIsNotEnough() {
        var plain = E1Framer()
        var frames = plain.makeFrames(count: 64, channels: [:])
        // One MFAS 001011 in NFAS frames 1…11 and a second one shifted by one NFAS frame (2 frames).
        for (k, bit) in [false, false, true, false, true, true].enumerated() {
            frames[1 + 2 * k][0] = (frames[1 + 2 * k][0] & 0x7F) | (bit ? 0x80 : 0)
            frames[19 + 2 * k][0] = (frames[19 + 2 * k][0] & 0x7F) | (bit ? 0x80 : 0)
        }
        var sut = E1CRC4Monitor()
        #expect(monitor(frames, into: &sut).map(\.1) == [.searchTimedOut])
    }

    @Test(
        "G.704 §2.3.3.5.3 + §2.3.3.4: bit errors in SMFs 5, 6 and 11 make exactly those SMFs errored, and the E bits sent report them"
    )
    func bitErrorsCounted() {
        var frames = crc4Frames(16 * 10)
        // SMF k spans frames 8k…8k+7. Errors in a channel octet; in SMF 11 two errors in one SMF still count once.
        for frame in [43, 50, 90, 93] { frames[frame][7] ^= 0x10 }
        var sut = E1CRC4Monitor()
        let events = monitor(frames, into: &sut)
        let judged = events.compactMap { event -> (Int, Bool)? in
            guard case .submultiframe(let errored) = event.1 else { return nil }
            // The SMF judged is the one before the SMF whose last frame this is.
            return (event.0 / 8 - 1, errored)
        }
        #expect(judged.filter(\.1).map(\.0) == [5, 6, 11])
        #expect(sut.counters.crcErrors == 3)
        #expect(sut.counters.submultiframesChecked == judged.count)

        // Fed to our framer, they leave as E = 0 in frames 13/15, one per errored SMF, in order.
        var framer = E1Framer(configuration: .init(crc4: true))
        for (_, errored) in judged { framer.reportReceivedSubmultiframe(errored: errored) }
        let sent = framer.makeFrames(count: 16 * judged.count, channels: [:])
        let eBits = sent.enumerated().filter { [13, 15].contains($0.offset % 16) }.map { $0.element[0] & 0x80 != 0 }
        #expect(eBits.prefix(judged.count) == ArraySlice(judged.map { !$0.1 }))
        #expect(eBits.dropFirst(judged.count).allSatisfy { $0 })
    }

    @Test("G.704 §2.3.3.5.2: a wrong C bit makes the SMF before it errored")
    func wrongCBit() {
        var frames = crc4Frames(16 * 4)
        frames[48 + 2][0] ^= 0x80  // C2 of SMF 6 → SMF 5 errored
        var sut = E1CRC4Monitor()
        let errored = monitor(frames, into: &sut).filter { $0.1 == .submultiframe(errored: true) }.map { $0.0 / 8 - 1 }
        #expect(errored == [5])
    }

    @Test("G.704 §2.3.3.4: received E bits at 0 count as far-end block errors")
    func farEndBlockErrors() {
        // The far end's E bits in frames 13, 15, 29, 31, 45, 47: 0 1 0 0 1 0 (then 1).
        let frames = crc4Frames(16 * 6, eBitReports: [true, false, true, true, false, true])
        var sut = E1CRC4Monitor()
        _ = monitor(frames, into: &sut)
        // Alignment is found at frame 27: frame 13's E bit comes before it and is not read; 29, 31, 47 count.
        #expect(sut.counters.farEndBlockErrors == 3)
    }

    @Test("G.706 §4.3.2: 915 errored SMFs of 1000 lose the multiframe alignment; 914 do not")
    func falseAlignment() {
        for errors in [914, 915] {
            var frames = crc4Frames(8 * 1006)
            // Checked SMFs are 1, 2, … (SMF 0 has no earlier CRC; alignment is at frame 27, so SMF 4 is the first
            // checked one). Break the C bits of SMF k+1 to make SMF k errored.
            for smf in 4..<(4 + errors) { frames[8 * (smf + 1)][0] ^= 0x80 }
            var sut = E1CRC4Monitor()
            let events = monitor(frames, into: &sut)
            let lost = events.filter { $0.1 == .multiframeAlignmentLost }
            #expect(lost.count == (errors >= 915 ? 1 : 0), "\(errors)")
            #expect(sut.counters.crcErrors == errors)
        }
    }

    @Test("RFC 4553 §6.2.2: an SMF holding replacement frames is not judged and sends no E bit")
    func replacedNotJudged() {
        var frames = crc4Frames(16 * 6)
        for index in 64..<72 { frames[index] = E1Frame(timeslots: [UInt8](repeating: 0xFF, count: 32)) }
        var sut = E1CRC4Monitor()
        let events = monitor(frames, replaced: Set(64..<72), into: &sut)
        #expect(!events.contains { $0.1 == .submultiframe(errored: true) })
        // Frames 64–71 are SMF 8: SMF 7 (checked against SMF 8's C bits) and SMF 8 (its CRC unusable) are skipped.
        let judged = events.filter { if case .submultiframe = $0.1 { true } else { false } }.map { $0.0 / 8 - 1 }
        #expect(judged.contains(6) && !judged.contains(7) && !judged.contains(8) && judged.contains(9))
    }

    @Test("G.706 §4.2: random and mutated frames (20 000) never crash; counts stay consistent")
    func hostile() {
        var rng = SeededGenerator(seed: 704)
        let good = crc4Frames(16 * 40)
        var sut = E1CRC4Monitor()
        var smfEvents = 0
        for index in 0..<20_000 {
            var frame = good[index % good.count]
            if index % 3 != 0 { frame[Int.random(in: 0..<32, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            if index % 997 == 0 { sut.restart() }
            let isFAS = index % 50 == 0 ? Bool.random(using: &rng) : index % 2 == 0
            for event in sut.receive(frame, isFAS: isFAS, replaced: index % 101 == 0) {
                if case .submultiframe = event { smfEvents += 1 }
            }
        }
        #expect(sut.counters.submultiframesChecked == smfEvents)
        #expect(sut.counters.crcErrors <= smfEvents && smfEvents <= 20_000 / 8)
        #expect(sut.counters.multiframeAlignmentsFound > 0)
    }
}
