/// Finds E1 frame alignment in an unstructured 2.048 Mbit/s stream (a SAToP payload, a raw capture) and cuts
/// it into frames (ITU-T G.706 §4.1).
///
/// ```
///            FAS at o, NFAS bit 2 at o+256, FAS at o+512          three consecutive bad FAS
///  searching ───────────────────────────────────────────▶ aligned ─────────────────────────▶ searching
///                                                          │  ▲
///                                                          └──┘ replacement octets: phase kept, FAS not judged
///  aligned ── searchAgain(): the caller's CRC-4 check says the alignment is false (G.706 §4.3.2) ──▶ searching
/// ```
/// G.706 §4.1.2: "Frame alignment will be assumed to have been recovered when the following sequence is
/// detected: for the first time, the presence of the correct frame alignment signal; the absence of the frame
/// alignment signal in the following frame detected by verifying that bit 2 of the basic time slot is a 1; for the
/// second time, the presence of the correct frame alignment signal in the next frame."
/// G.706 §4.1.1: "Frame alignment will be assumed to have been lost when three consecutive incorrect frame
/// alignment signals have been received."
/// The stream may start at any bit; alignment is searched bit by bit. No clock: bytes in, frames out.
///
/// Replacement octets (RFC 4553 §6.2.2: the CE-bound IWF plays the same amount of replacement data, AIS by default,
/// for a lost packet) keep the stream's timing but carry no framing: pushed with `replaced: true`, they advance the
/// frame phase without being judged (a frame touching them neither counts as a bad FAS nor resets the count), are
/// emitted flagged `replaced`, and are never searched for alignment. So a lost packet costs its frames, not the
/// alignment.
public struct E1FrameAligner: Sendable {
    public enum State: Hashable, Sendable {
        case searching
        /// Aligned; the next frame to emit should (`true`) or should not carry the FAS.
        case aligned(nextIsFAS: Bool)
    }

    /// One frame out, and whether any of its bits came from replacement octets.
    public struct AlignedFrame: Hashable, Sendable {
        public var frame: E1Frame
        public var replaced: Bool
        /// The frame sits where the FAS belongs (even frames of the alignment found), whatever its TS0 holds.
        public var isFAS: Bool = true
        /// Which alignment emitted it (`alignmentsFound` then): a change means the frame phase was found anew, so
        /// anything counted over frames (a multiframe position) starts over.
        public var alignment: Int = 0
    }

    public private(set) var state: State = .searching
    /// Times alignment was found and lost, for the shell's counters.
    public private(set) var alignmentsFound = 0
    public private(set) var alignmentsLost = 0

    private var pending: [UInt8] = []
    /// `replacedMarks[i]`: `pending[i]` is a replacement octet.
    private var replacedMarks: [Bool] = []
    /// Bit offset into `pending[0]` where the next frame starts (aligned) or the search resumes (searching).
    private var bitOffset = 0
    private var consecutiveBadFAS = 0

    public init() {}

    /// Feeds stream bytes; returns the whole frames now available, aligned.
    public mutating func push(_ bytes: some Sequence<UInt8>) -> [E1Frame] {
        align(bytes).map(\.frame)
    }

    /// Feeds stream bytes (`replaced`: octets that stand in for lost ones); returns the whole frames now
    /// available, aligned, each flagged when it holds replacement bits.
    public mutating func align(_ bytes: some Sequence<UInt8>, replaced: Bool = false) -> [AlignedFrame] {
        let before = pending.count
        pending.append(contentsOf: bytes)
        replacedMarks.append(contentsOf: repeatElement(replaced, count: pending.count - before))
        var frames: [AlignedFrame] = []
        while true {
            switch state {
            case .searching:
                guard search() else { return frames }
            case .aligned(let nextIsFAS):
                guard availableBits >= 256 else { return frames }
                let octets = (0..<E1Frame.octets).map { octet(atBit: $0 * 8) }
                let touchesReplacement = holdsReplacement(fromBit: 0, bits: 256)
                if nextIsFAS && !touchesReplacement {
                    if E1Frame.isFAS(octets[0]) {
                        consecutiveBadFAS = 0
                    } else {
                        consecutiveBadFAS += 1
                        if consecutiveBadFAS == 3 {
                            // §4.1.1: alignment lost; search again from one bit after the lost frame start.
                            alignmentsLost += 1
                            state = .searching
                            consecutiveBadFAS = 0
                            advance(bits: 1)
                            continue
                        }
                    }
                }
                frames.append(
                    AlignedFrame(
                        frame: E1Frame(timeslots: octets), replaced: touchesReplacement, isFAS: nextIsFAS,
                        alignment: alignmentsFound))
                advance(bits: 256)
                state = .aligned(nextIsFAS: !nextIsFAS)
            }
        }
    }

    /// The caller found the alignment false (G.706 §4.3.2: ≥ 915 of 1000 CRC-4 blocks errored): search again, from
    /// one bit on. Counted as a loss. Nothing happens while searching.
    public mutating func searchAgain() {
        guard case .aligned = state else { return }
        alignmentsLost += 1
        state = .searching
        consecutiveBadFAS = 0
        if availableBits > 0 { advance(bits: 1) }
    }

    private var availableBits: Int { pending.count * 8 - bitOffset }

    /// Tries every bit position with a full FAS/NFAS/FAS window of received (not replacement) bits; keeps the bits
    /// that may still start one.
    private mutating func search() -> Bool {
        let window = 512 + 8
        guard availableBits >= window else { return false }
        for candidate in 0...(availableBits - window) {
            if E1Frame.isFAS(octet(atBit: candidate)) && E1Frame.isNFAS(octet(atBit: candidate + 256))
                && E1Frame.isFAS(octet(atBit: candidate + 512)) && !holdsReplacement(fromBit: candidate, bits: window)
            {
                advance(bits: candidate)
                alignmentsFound += 1
                consecutiveBadFAS = 0
                state = .aligned(nextIsFAS: true)
                return true
            }
        }
        advance(bits: availableBits - window + 1)
        return false
    }

    private func holdsReplacement(fromBit bit: Int, bits: Int) -> Bool {
        let first = (bitOffset + bit) / 8
        let last = min((bitOffset + bit + bits - 1) / 8, replacedMarks.count - 1)
        guard first <= last else { return false }
        return replacedMarks[first...last].contains(true)
    }

    private func octet(atBit bit: Int) -> UInt8 {
        let absolute = bitOffset + bit
        let index = absolute / 8
        let shift = absolute % 8
        if shift == 0 { return pending[index] }
        let next = index + 1 < pending.count ? pending[index + 1] : 0
        return pending[index] << shift | next >> (8 - shift)
    }

    private mutating func advance(bits: Int) {
        let absolute = bitOffset + bits
        pending.removeFirst(absolute / 8)
        replacedMarks.removeFirst(absolute / 8)
        bitOffset = absolute % 8
    }
}
