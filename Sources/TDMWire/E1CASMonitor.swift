/// Finds the CAS multiframe in the TS16 octets of frame-aligned E1 frames and keeps each channel's received a b c d
/// and the far end's y bit (ITU-T G.704 §5.1.3.2, G.732 §5.2). Pure: one TS16 octet in, an event out.
///
/// ```
///           0000 in bits 1–4, previous TS16 octet not 0             two consecutive bad MFAS, or a multiframe
///  searching ─────────────────────────────────────────▶ aligned ──────────────────────────────────────────▶ searching
///                                                                   (16 octets) of TS16 all 0
///  restart(): frame alignment (re)found or lost → searching
/// ```
/// - G.732 §5.2, as we read it: multiframe alignment is lost on two consecutive multiframe alignment signals received
///   in error, or when TS16 is all zeros for a whole multiframe; it is recovered at the first correct multiframe
///   alignment signal (bits 1–4 = 0000) whose preceding TS16 octet holds at least one 1 (so all-zero TS16 never aligns).
/// - While aligned, frames 1–15 update `abcd` for their two channels and frame 0 updates `remoteAlarm` (y).
/// - Octets of replacement frames (a lost packet's AIS) advance the position but are not judged or read.
public struct E1CASMonitor: Sendable {
    public enum Event: Hashable, Sendable {
        case multiframeAlignmentFound
        case multiframeAlignmentLost
    }

    public enum State: Hashable, Sendable {
        case searching
        /// Aligned; `position` (0–15) is the multiframe position of the next octet.
        case aligned(position: Int)
    }

    public private(set) var state: State = .searching
    /// The last a b c d received per timeslot (1–15, 17–31), while aligned.
    public private(set) var abcd: [Int: UInt8] = [:]
    /// The y bit of the last multiframe alignment octet: the far end has lost our CAS multiframe.
    public private(set) var remoteAlarm = false
    public private(set) var alignmentsFound = 0
    public private(set) var alignmentsLost = 0

    /// The previous TS16 octet (received, not replaced) held at least one 1.
    private var previousHadOne = false
    private var consecutiveBadMFAS = 0
    private var consecutiveZeroOctets = 0

    public init() {}

    public var isAligned: Bool {
        if case .aligned = state { return true }
        return false
    }

    /// Frame alignment was found anew or lost.
    public mutating func restart() {
        state = .searching
        previousHadOne = false
    }

    /// TS16 of the next frame; `replaced` when the frame holds replacement bits.
    public mutating func receive(_ octet: UInt8, replaced: Bool) -> Event? {
        switch state {
        case .searching:
            defer { previousHadOne = !replaced && octet != 0 }
            guard !replaced, octet >> 4 == 0, previousHadOne else { return nil }
            alignmentsFound += 1
            consecutiveBadMFAS = 0
            consecutiveZeroOctets = 0
            remoteAlarm = octet & 0x04 != 0
            state = .aligned(position: 1)
            return .multiframeAlignmentFound
        case .aligned(let position):
            state = .aligned(position: (position + 1) % 16)
            guard !replaced else { return nil }
            consecutiveZeroOctets = octet == 0 ? consecutiveZeroOctets + 1 : 0
            if position == 0 {
                if octet >> 4 == 0 {
                    consecutiveBadMFAS = 0
                    remoteAlarm = octet & 0x04 != 0
                } else {
                    consecutiveBadMFAS += 1
                }
            } else {
                abcd[E1CAS.timeslot(position: position, first: true)] = octet >> 4
                abcd[E1CAS.timeslot(position: position, first: false)] = octet & 0x0F
            }
            guard consecutiveBadMFAS < 2, consecutiveZeroOctets < 16 else {
                alignmentsLost += 1
                state = .searching
                previousHadOne = octet != 0
                return .multiframeAlignmentLost
            }
            return nil
        }
    }
}
