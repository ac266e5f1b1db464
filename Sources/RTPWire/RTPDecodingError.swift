public import NIOCore

/// Why an RTP or RTCP packet was refused.
///
/// RTP and RTCP have no error reply: RFC 3550 §A.1 and §A.2 say a packet that fails the validity checks is
/// discarded (and not counted as received). The error therefore carries what a shell needs to log and count
/// the discard: the reason, the offending bytes and where the check sits.
public struct RTPDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The failed check.
    public enum Reason: Hashable, Sendable {
        /// Fewer bytes than the fixed part needs (`needed` bytes, `available` present).
        case truncated(needed: Int, available: Int)
        /// Version field not 2 (RFC 3550 §5.1, §A.1).
        case unsupportedVersion(UInt8)
        /// Padding bit set but the padding count is 0 or larger than the bytes after the header (§5.1, §A.1).
        case invalidPadding(count: Int, available: Int)
        /// The RTCP length field disagrees with the bytes present (§6.4.1, §A.2).
        case invalidLength(declared: Int, available: Int)
        /// The first RTCP packet of a compound packet is not SR or RR (§6.1, §A.2).
        case compoundMustStartWithReport(packetType: UInt8)
        /// The padding bit is set on an RTCP packet that is not the last of the compound packet (§A.2).
        case paddingNotInLastPacket
        /// A packet body is not the length its count field implies (report blocks, SSRCs, SDES chunks).
        case malformedBody(String)
        /// Bytes do not start an RTP or RTCP packet at all (RFC 5761 §4, RFC 7983 §7).
        case notRTP
    }

    public var reason: Reason
    /// The bytes the check looked at (the whole packet as received).
    public var offendingBytes: [UInt8]
    public var fileID: String
    public var line: Int

    public init(_ reason: Reason, bytes: ByteBuffer, fileID: String = #fileID, line: Int = #line) {
        self.reason = reason
        self.offendingBytes = bytes.getBytes(at: bytes.readerIndex, length: min(bytes.readableBytes, 64)) ?? []
        self.fileID = fileID
        self.line = line
    }

    public var description: String { "RTP/RTCP packet discarded: \(reason) (\(fileID):\(line))" }
}
