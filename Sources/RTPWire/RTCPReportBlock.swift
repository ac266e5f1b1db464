import NIOCore

/// One reception report block (RFC 3550 §6.4.1), 24 octets.
///
/// ```
/// |                 SSRC_1 (SSRC of first source)                 |
/// | fraction lost |       cumulative number of packets lost       |
/// |           extended highest sequence number received           |
/// |                      interarrival jitter                      |
/// |                         last SR (LSR)                         |
/// |                   delay since last SR (DLSR)                  |
/// ```
public struct RTCPReportBlock: Hashable, Sendable {
    public static let length = 24

    public var ssrc: UInt32
    /// Fraction of packets lost since the previous report, as a fixed-point number with the binary point at the
    /// left edge (loss × 256).
    public var fractionLost: UInt8
    /// Cumulative packets lost: a 24-bit signed number (duplicates can make it negative, §6.4.1).
    public var cumulativeLost: Int32
    public var extendedHighestSequence: UInt32
    /// Interarrival jitter in timestamp units (§6.4.1, §A.8).
    public var jitter: UInt32
    /// Middle 32 bits of the NTP timestamp of the last SR received from this source; 0 if none.
    public var lastSenderReport: UInt32
    /// Delay since that SR in units of 1/65536 s; 0 if none.
    public var delaySinceLastSenderReport: UInt32

    public init(
        ssrc: UInt32, fractionLost: UInt8, cumulativeLost: Int32, extendedHighestSequence: UInt32, jitter: UInt32,
        lastSenderReport: UInt32, delaySinceLastSenderReport: UInt32
    ) {
        self.ssrc = ssrc
        self.fractionLost = fractionLost
        // 24-bit signed field: clamp to its range (RFC 3550 §A.3 clamps the same way).
        self.cumulativeLost = min(max(cumulativeLost, -0x80_0000), 0x7F_FFFF)
        self.extendedHighestSequence = extendedHighestSequence
        self.jitter = jitter
        self.lastSenderReport = lastSenderReport
        self.delaySinceLastSenderReport = delaySinceLastSenderReport
    }

    func encode(into buffer: inout ByteBuffer) {
        let lost = UInt32(bitPattern: cumulativeLost) & 0x00FF_FFFF
        buffer.writeMultipleIntegers(
            ssrc, UInt32(fractionLost) << 24 | lost, extendedHighestSequence, jitter, lastSenderReport,
            delaySinceLastSenderReport)
    }

    /// Reads one block; the caller has checked that 24 octets are there.
    static func read(from buffer: inout ByteBuffer) -> RTCPReportBlock? {
        guard
            let (ssrc, lossWord, highest, jitter, lsr, dlsr) = buffer.readMultipleIntegers(
                as: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32).self)
        else { return nil }
        // Sign-extend the 24-bit cumulative loss.
        let lost = Int32(bitPattern: lossWord << 8) >> 8
        return RTCPReportBlock(
            ssrc: ssrc, fractionLost: UInt8(lossWord >> 24), cumulativeLost: lost, extendedHighestSequence: highest,
            jitter: jitter, lastSenderReport: lsr, delaySinceLastSenderReport: dlsr)
    }
}
