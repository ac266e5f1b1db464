public import NIOCore

/// Why a pseudowire packet or TDM byte run was refused.
///
/// CESoPSN and SAToP have no error reply: RFC 4553 §5.1 / RFC 5086 §5.2 have the CE-bound IWF discard a
/// malformed packet and count it; the jitter buffer then plays it as lost (idle pattern or repeat). The error
/// carries the reason, the bytes and the check's place for that count and the log.
public struct TDMDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        /// Fewer bytes than the fixed part needs.
        case truncated(needed: Int, available: Int)
        /// The first nibble of the control word is not 0000 (RFC 4385 §3, RFC 4553 §5.1).
        case controlWordNotZeroNibble(UInt8)
        /// LEN is non-zero and disagrees with the packet (RFC 4553 §5.1, RFC 5086 §5.2).
        case lengthMismatch(declared: Int, actual: Int)
        /// A CESoPSN payload is not a whole number of frames of N timeslots (RFC 5086 §5.1).
        case payloadNotWholeFrames(payload: Int, timeslots: Int)
        /// The optional RTP header is malformed.
        case rtpHeader(RTPDecodingErrorReason)
        /// A byte run that must be whole E1 frames (32 octets) is not.
        case notWholeFrames(Int)
    }

    /// The RTP decoder's reason, kept as text so this error stays independent of RTPWire's evolution.
    public typealias RTPDecodingErrorReason = String

    public var reason: Reason
    public var offendingBytes: [UInt8]
    public var fileID: String
    public var line: Int

    public init(_ reason: Reason, bytes: ByteBuffer, fileID: String = #fileID, line: Int = #line) {
        self.reason = reason
        self.offendingBytes = bytes.getBytes(at: bytes.readerIndex, length: min(bytes.readableBytes, 64)) ?? []
        self.fileID = fileID
        self.line = line
    }

    public var description: String { "pseudowire packet discarded: \(reason) (\(fileID):\(line))" }
}
