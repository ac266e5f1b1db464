public import RTPWire

/// Reception state of one remote source (RFC 3550 §A.1, §A.3, §A.8, §6.4.1).
///
/// Sequence validation is Appendix A.1's: a new source is on probation until `minSequential` packets arrive in
/// sequence; a jump of more than `maxDropout` (or back by more than `maxMisorder`) is a restart only if the next
/// packet follows it. Loss is A.3's expected − received; jitter A.8's `J += (|D| − J) / 16` in timestamp units.
public struct RTPReceptionStatistics: Sendable {
    public static let minSequential = 2
    public static let maxDropout: UInt32 = 3000
    public static let maxMisorder: UInt32 = 100
    static let sequenceModulus: UInt32 = 1 << 16

    /// What became of one packet.
    public enum Verdict: Hashable, Sendable {
        /// Valid and counted; `extendedSequence` is the 32-bit extended sequence number.
        case accepted(extendedSequence: UInt32)
        /// The source is still on probation (A.1); not yet counted.
        case probation
        /// A large jump or a misordered packet the A.1 rules reject.
        case rejected
    }

    public let ssrc: UInt32
    /// RTP clock rate of the payload (8000 for G.711/G.729; 48000 for Opus).
    public private(set) var clockRate: Int

    private var maxSequence: UInt16 = 0
    private var cycles: UInt32 = 0
    private var baseSequence: UInt32 = 0
    private var badSequence: UInt32 = RTPReceptionStatistics.sequenceModulus + 1
    private var probation: Int = RTPReceptionStatistics.minSequential
    public private(set) var received: UInt32 = 0
    private var expectedPrior: UInt32 = 0
    private var receivedPrior: UInt32 = 0
    private var transit: Int64?
    /// A.8 jitter, scaled ×16 as in the RFC's integer form.
    private var jitterScaled: Int64 = 0
    /// The last SR from this source: its NTP middle 32 bits and when it arrived (for LSR/DLSR).
    public private(set) var lastSenderReport: (ntpMiddle: UInt32, arrival: MediaTime)?

    public init(ssrc: UInt32, clockRate: Int, firstSequence: UInt16) {
        self.ssrc = ssrc
        self.clockRate = clockRate
        initSequence(firstSequence)
        maxSequence = firstSequence &- 1
        probation = Self.minSequential
    }

    private mutating func initSequence(_ sequence: UInt16) {
        baseSequence = UInt32(sequence)
        maxSequence = sequence
        badSequence = Self.sequenceModulus + 1
        cycles = 0
        received = 0
        receivedPrior = 0
        expectedPrior = 0
    }

    /// A.1 `update_seq` plus A.8 jitter for one arriving packet.
    public mutating func receive(_ header: RTPHeader, at arrival: MediaTime) -> Verdict {
        let sequence = header.sequenceNumber
        let delta = UInt32(sequence &- maxSequence)
        if probation > 0 {
            // A.1: "Source is not valid until MIN_SEQUENTIAL packets with sequential sequence numbers have been
            // received."
            if sequence == maxSequence &+ 1 {
                probation -= 1
                maxSequence = sequence
                if probation == 0 {
                    initSequence(sequence)
                    return count(header, at: arrival)
                }
            } else {
                probation = Self.minSequential - 1
                maxSequence = sequence
            }
            return .probation
        } else if delta < Self.maxDropout {
            if sequence < maxSequence { cycles &+= Self.sequenceModulus }
            maxSequence = sequence
        } else if delta <= Self.sequenceModulus - Self.maxMisorder {
            // A very large jump: a restart if the next packet follows it.
            if UInt32(sequence) == badSequence {
                initSequence(sequence)
            } else {
                badSequence = (UInt32(sequence) + 1) & (Self.sequenceModulus - 1)
                return .rejected
            }
        } else {
            // Duplicate or reordered packet: counted, the highest sequence unchanged.
        }
        return count(header, at: arrival)
    }

    private mutating func count(_ header: RTPHeader, at arrival: MediaTime) -> Verdict {
        received &+= 1
        // A.8: transit = arrival (in timestamp units) − timestamp; D = transit − previous transit.
        let arrivalUnits = arrival.nanoseconds * Int64(clockRate) / 1_000_000_000
        let now = arrivalUnits - Int64(header.timestamp)
        if let previous = transit {
            var d = now - previous
            // Timestamps wrap at 2^32; fold the difference into range.
            d = Int64(Int32(truncatingIfNeeded: d))
            if d < 0 { d = -d }
            jitterScaled += d - ((jitterScaled + 8) >> 4)
        }
        transit = now
        // Relative to the highest so far, so a late packet from before a wrap gets the previous cycle.
        let offset = Int32(Int16(bitPattern: header.sequenceNumber &- maxSequence))
        return .accepted(extendedSequence: UInt32(bitPattern: Int32(bitPattern: extendedHighestSequence) &+ offset))
    }

    /// The source goes on with a payload of another RTP clock (a codec change, RFC 3264 §8): the jitter estimate is
    /// rescaled so it keeps its value in time, and the A.8 transit restarts with the next packet (the previous one
    /// is in the old units; a difference across the change would be counted as jitter). Sequence and loss
    /// counting go on.
    public mutating func changeClockRate(_ rate: Int) {
        guard rate != clockRate, rate > 0, clockRate > 0 else { return }
        jitterScaled = jitterScaled * Int64(rate) / Int64(clockRate)
        clockRate = rate
        transit = nil
    }

    /// The extended highest sequence number received (A.1: cycles + max_seq).
    public var extendedHighestSequence: UInt32 { cycles &+ UInt32(maxSequence) }

    /// A.3: expected = extended max − base + 1.
    public var expected: UInt32 { extendedHighestSequence &- baseSequence &+ 1 }

    /// A.3: cumulative lost = expected − received, clamped to the 24-bit signed field.
    public var cumulativeLost: Int32 {
        let lost = Int64(expected) - Int64(received)
        return Int32(min(max(lost, -0x80_0000), 0x7F_FFFF))
    }

    /// Interarrival jitter in timestamp units (A.8: the stored value divided by 16).
    public var jitter: UInt32 { UInt32(jitterScaled >> 4) }

    /// Records an SR from this source for the LSR/DLSR fields (§6.4.1).
    public mutating func receiveSenderReport(_ report: RTCPSenderReport, at arrival: MediaTime) {
        lastSenderReport = (report.ntpTimestamp.middle32, arrival)
    }

    /// Builds a report block and starts a new interval (A.3: fraction = lost_interval × 256 / expected_interval).
    public mutating func makeReportBlock(at now: MediaTime) -> RTCPReportBlock {
        let expectedInterval = expected &- expectedPrior
        expectedPrior = expected
        let receivedInterval = received &- receivedPrior
        receivedPrior = received
        let lostInterval = Int64(expectedInterval) - Int64(receivedInterval)
        let fraction: UInt8 =
            expectedInterval == 0 || lostInterval <= 0
            ? 0 : UInt8(min((lostInterval << 8) / Int64(expectedInterval), 255))
        var lsr: UInt32 = 0
        var dlsr: UInt32 = 0
        if let last = lastSenderReport {
            lsr = last.ntpMiddle
            // DLSR in units of 1/65536 s.
            dlsr = UInt32(clamping: (now.nanoseconds - last.arrival.nanoseconds) * 65536 / 1_000_000_000)
        }
        return RTCPReportBlock(
            ssrc: ssrc, fractionLost: fraction, cumulativeLost: cumulativeLost,
            extendedHighestSequence: extendedHighestSequence, jitter: jitter, lastSenderReport: lsr,
            delaySinceLastSenderReport: dlsr)
    }
}
