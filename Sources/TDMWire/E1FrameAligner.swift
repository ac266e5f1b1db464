/// Finds E1 frame alignment in an unstructured 2.048 Mbit/s stream (a SAToP payload, a raw capture) and cuts
/// it into frames (ITU-T G.706 §4.1).
///
/// ```
///            FAS at o, NFAS bit 2 at o+256, FAS at o+512          three consecutive bad FAS
///  searching ───────────────────────────────────────────▶ aligned ─────────────────────────▶ searching
/// ```
/// G.706 §4.1.2: "Frame alignment will be assumed to have been recovered when the following sequence is
/// detected: for the first time, the presence of the correct frame alignment signal; the absence of the frame
/// alignment signal in the following frame detected by verifying that bit 2 of the basic time slot is a 1; for the
/// second time, the presence of the correct frame alignment signal in the next frame."
/// G.706 §4.1.1: "Frame alignment will be assumed to have been lost when three consecutive incorrect frame
/// alignment signals have been received."
/// The stream may start at any bit; alignment is searched bit by bit. No clock: bytes in, frames out.
public struct E1FrameAligner: Sendable {
    public enum State: Hashable, Sendable {
        case searching
        /// Aligned; the next frame to emit should (`true`) or should not carry the FAS.
        case aligned(nextIsFAS: Bool)
    }

    public private(set) var state: State = .searching
    /// Times alignment was found and lost, for the shell's counters.
    public private(set) var alignmentsFound = 0
    public private(set) var alignmentsLost = 0

    private var pending: [UInt8] = []
    /// Bit offset into `pending[0]` where the next frame starts (aligned) or the search resumes (searching).
    private var bitOffset = 0
    private var consecutiveBadFAS = 0

    public init() {}

    /// Feeds stream bytes; returns the whole frames now available, aligned.
    public mutating func push(_ bytes: some Sequence<UInt8>) -> [E1Frame] {
        pending.append(contentsOf: bytes)
        var frames: [E1Frame] = []
        while true {
            switch state {
            case .searching:
                guard search() else { return frames }
            case .aligned(let nextIsFAS):
                guard availableBits >= 256 else { return frames }
                let octets = (0..<E1Frame.octets).map { octet(atBit: $0 * 8) }
                if nextIsFAS && !E1Frame.isFAS(octets[0]) {
                    consecutiveBadFAS += 1
                    if consecutiveBadFAS == 3 {
                        // §4.1.1: alignment lost; search again from one bit after the lost frame start.
                        alignmentsLost += 1
                        state = .searching
                        consecutiveBadFAS = 0
                        advance(bits: 1)
                        continue
                    }
                } else if nextIsFAS {
                    consecutiveBadFAS = 0
                }
                frames.append(E1Frame(timeslots: octets))
                advance(bits: 256)
                state = .aligned(nextIsFAS: !nextIsFAS)
            }
        }
    }

    private var availableBits: Int { pending.count * 8 - bitOffset }

    /// Tries every bit position with a full FAS/NFAS/FAS window; keeps the bits that may still start one.
    private mutating func search() -> Bool {
        let window = 512 + 8
        guard availableBits >= window else { return false }
        for candidate in 0...(availableBits - window) {
            if E1Frame.isFAS(octet(atBit: candidate)) && E1Frame.isNFAS(octet(atBit: candidate + 256))
                && E1Frame.isFAS(octet(atBit: candidate + 512))
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
        bitOffset = absolute % 8
    }
}
