/// The receive side of the E1 CRC-4 procedure (ITU-T G.704 §2.3.3, G.706 §4.2–4.3): finds the CRC-4 multiframe in
/// frame-aligned frames, checks every submultiframe (SMF) against the C bits of the next, counts the far end's E bits.
/// Pure: one frame in, events out; the caller feeds the E bits it must send back (`E1Framer.reportReceivedSubmultiframe`).
///
/// ```
///             two MFAS 001011, 16·n frames apart, within 8 ms            ≥ 915 errored of 1000 checked SMFs
///  searching ──────────────────────────────────────────────────▶ aligned ─────────────────────────────────▶ searching
///     │  ▲                                                        │  ▲
///     └──┘ 8 ms (64 frames) without: window restarted, counted    └──┘ each SMF: CRC-4 vs the next SMF's C1–C4
///  restart(): frame alignment (re)found or lost → searching
/// ```
/// - G.706 §4.2: "CRC-4 multiframe alignment is assumed to have been recovered when at least two valid CRC-4
///   multiframe alignment signals can be located within 8 ms, the time separating two CRC-4 multiframe alignment
///   signals being 2 ms or a multiple of 2 ms." The search looks only at bit 1 of NFAS frames (`isFAS == false`).
/// - G.706 §4.2 then has the receiver assume a spurious FAS and search for frame alignment again if the multiframe is
///   not found in 8 ms; Annex B softens that for far ends that send no CRC-4. We keep frame alignment (and the calls'
///   audio), restart the 8 ms window and count `searchTimeouts`: a far end without CRC-4 shows as a steady count.
/// - G.704 §2.3.3.5.2/§2.3.3.5.3: the C bits of an SMF carry the CRC-4 of the SMF before it, computed with its own C
///   bits at 0; a mismatch makes the earlier SMF errored. G.704 §2.3.3.4: each errored SMF is reported by one E bit
///   at 0 in the multiframe we send (`.submultiframe(errored:)`, in order).
/// - G.706 §4.3.2: "≥ 915 errored CRC blocks out of 1000" means false alignment. We count in consecutive blocks of
///   1000 checked SMFs and, on ≥ 915, drop the CRC-4 multiframe alignment, search again and report
///   `.multiframeAlignmentLost`, on which the caller searches for frame alignment again (`E1FrameAligner.searchAgain`).
/// - Frames holding replacement octets (a lost packet's AIS) are not judged: an SMF touching one is neither errored
///   nor good, sends no E bit, and its C bits and CRC are not used; the multiframe position still advances.
/// - E bits received (Si of NFAS frames 13 and 15) at 0 count far-end block errors (the far end's errored SMFs).
public struct E1CRC4Monitor: Sendable {
    public enum Event: Hashable, Sendable {
        case multiframeAlignmentFound
        /// 8 ms of search without two valid MFAS (G.706 §4.2); the window restarts.
        case searchTimedOut
        /// ≥ 915 of 1000 checked SMFs errored (G.706 §4.3.2); the search restarts.
        case multiframeAlignmentLost
        /// One received SMF checked: report it with one E bit (0 when errored, G.704 §2.3.3.4).
        case submultiframe(errored: Bool)
    }

    public struct Counters: Hashable, Sendable {
        public var multiframeAlignmentsFound = 0
        public var multiframeAlignmentsLost = 0
        public var searchTimeouts = 0
        /// SMFs whose CRC-4 was compared with the next SMF's C bits.
        public var submultiframesChecked = 0
        /// Of those, the errored ones (near-end block errors).
        public var crcErrors = 0
        /// E bits received at 0: SMFs the far end found errored.
        public var farEndBlockErrors = 0

        public init() {}
    }

    public enum State: Hashable, Sendable {
        case searching
        /// Aligned; `position` (0–15) is the multiframe position of the next frame.
        case aligned(position: Int)
    }

    /// G.706 §4.2: the search window, 8 ms of 125 µs frames.
    public static let searchWindowFrames = 64
    /// G.706 §4.3.2: the block of checked SMFs and the errored count within it that means false alignment.
    public static let falseAlignmentBlock = 1000
    public static let falseAlignmentThreshold = 915
    /// The multiframe alignment signal in the Si bits of NFAS frames 1, 3, …, 11 (G.704 §2.3.3.2).
    static let alignmentSignal: [Bool] = [false, false, true, false, true, true]

    public private(set) var state: State = .searching
    public private(set) var counters = Counters()

    // Search: frames into the 8 ms window, the last six NFAS Si bits (nil: replaced), frame indices where an MFAS ended.
    private var windowFrames = 0
    private var nfasSi: [Bool?] = []
    private var candidates: [Int] = []
    // Aligned: the SMF being received, whether it touches replacement, the previous SMF's CRC (nil: not usable).
    private var submultiframe: [E1Frame] = []
    private var submultiframeReplaced = false
    private var previousCRC: UInt8?
    private var blockChecked = 0
    private var blockErrored = 0

    public init() {}

    /// Frame alignment was found anew or lost: the multiframe position means nothing any more.
    public mutating func restart() {
        state = .searching
        resetSearch()
    }

    /// One frame from the frame aligner: `isFAS` where the FAS belongs, `replaced` when it holds replacement bits.
    public mutating func receive(_ frame: E1Frame, isFAS: Bool, replaced: Bool) -> [Event] {
        switch state {
        case .searching:
            return search(frame, isFAS: isFAS, replaced: replaced)
        case .aligned(let position):
            state = .aligned(position: (position + 1) % 16)
            return check(frame, position: position, replaced: replaced)
        }
    }

    private mutating func search(_ frame: E1Frame, isFAS: Bool, replaced: Bool) -> [Event] {
        var events: [Event] = []
        if !isFAS {
            nfasSi.append(replaced ? nil : frame[0] & 0x80 != 0)
            if nfasSi.count > 6 { nfasSi.removeFirst() }
            if nfasSi == Self.alignmentSignal.map(Optional.some) {
                // This frame is position 11; an earlier MFAS a whole number of multiframes back confirms it.
                if candidates.contains(where: { (windowFrames - $0) % 16 == 0 }) {
                    counters.multiframeAlignmentsFound += 1
                    state = .aligned(position: 12)
                    resetSearch()
                    submultiframe = []
                    submultiframeReplaced = false
                    previousCRC = nil
                    blockChecked = 0
                    blockErrored = 0
                    return [.multiframeAlignmentFound]
                }
                candidates.append(windowFrames)
            }
        }
        windowFrames += 1
        if windowFrames == Self.searchWindowFrames {
            counters.searchTimeouts += 1
            resetSearch()
            events.append(.searchTimedOut)
        }
        return events
    }

    private mutating func resetSearch() {
        windowFrames = 0
        nfasSi = []
        candidates = []
    }

    private mutating func check(_ frame: E1Frame, position: Int, replaced: Bool) -> [Event] {
        if (position == 13 || position == 15) && !replaced && frame[0] & 0x80 == 0 {
            counters.farEndBlockErrors += 1
        }
        submultiframe.append(frame)
        submultiframeReplaced = submultiframeReplaced || replaced
        guard position % 8 == 7 else { return [] }
        defer {
            submultiframe.removeAll(keepingCapacity: true)
            submultiframeReplaced = false
        }
        // An SMF received only in part (alignment found inside it) or touching replacement carries nothing usable.
        let usable = submultiframe.count == 8 && !submultiframeReplaced
        let expected = previousCRC
        previousCRC = usable ? E1CRC4.checksum(of: submultiframe[...]) : nil
        guard usable, let expected else { return [] }
        // G.704 §2.3.3.5.3: the remainder computed on the received SMF is compared with the C bits of the next one.
        let errored = E1CRC4.carriedCRC(in: submultiframe[...]) != expected
        counters.submultiframesChecked += 1
        blockChecked += 1
        if errored {
            counters.crcErrors += 1
            blockErrored += 1
        }
        var events: [Event] = [.submultiframe(errored: errored)]
        if blockChecked == Self.falseAlignmentBlock {
            let falseAlignment = blockErrored >= Self.falseAlignmentThreshold
            blockChecked = 0
            blockErrored = 0
            if falseAlignment {
                counters.multiframeAlignmentsLost += 1
                restart()
                events.append(.multiframeAlignmentLost)
            }
        }
        return events
    }
}
