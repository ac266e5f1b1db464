public import NIOCore
import WireSupport

extension M3UAMessage {
    /// The largest Message Length `frame(from:)` accepts by default: a Protocol Data parameter is at most 65,535
    /// bytes, so anything much larger is garbage that would otherwise make a stream reader buffer without bound.
    public static let defaultMaximumLength = 1 << 17

    /// Cuts one whole message (common header included) off the front of a byte stream, or returns `nil` and leaves
    /// the reader index where it was when more bytes are needed (RFC 4666 §3.1.4 Message Length; for TCP or any
    /// stream transport).
    ///
    /// Throws "Invalid Version" (0x01) for a version other than 1, and "Protocol Error" (0x07) for a length below the
    /// header size or above `maximumLength`: either way the stream cannot be re-synchronised.
    public static func frame(
        from buffer: inout ByteBuffer, maximumLength: Int = M3UAMessage.defaultMaximumLength
    ) throws(M3UADecodingError) -> ByteBuffer? {
        guard let header = M3UACommonHeader.peek(buffer) else { return nil }
        let headerBytes = buffer.getSlice(at: buffer.readerIndex, length: M3UACommonHeader.length) ?? buffer
        guard header.version == M3UACommonHeader.currentVersion else {
            throw M3UADecodingError(.invalidVersion(header.version), message: headerBytes)
        }
        let length = Int(header.messageLength)
        guard length >= M3UACommonHeader.length, length <= maximumLength else {
            throw M3UADecodingError(.badMessageLength(declared: header.messageLength), message: headerBytes)
        }
        return buffer.readExactSlice(length: length)
    }
}
