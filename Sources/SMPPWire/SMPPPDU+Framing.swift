public import NIOCore
import WireSupport

extension SMPPPDU {
    /// The largest command_length `frame(from:)` accepts by default: a message_payload TLV holds at most 64K octets,
    /// so anything larger is garbage that would make a stream reader buffer without bound.
    public static let defaultMaximumLength = 70_000

    /// Cuts one whole PDU (header included) off the front of a byte stream, or returns `nil` and leaves the reader
    /// index where it was when more bytes are needed (SMPP 3.4 §3.2 command_length).
    ///
    /// Throws ESME_RINVCMDLEN for a command_length below 16 or above `maximumLength`: the stream cannot be
    /// re-synchronised, so the caller answers with `reply()` and closes the connection.
    public static func frame(
        from buffer: inout ByteBuffer, maximumLength: Int = SMPPPDU.defaultMaximumLength
    ) throws(SMPPDecodingError) -> ByteBuffer? {
        guard let declared = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return nil }
        guard declared >= SMPPHeader.length, declared <= maximumLength else {
            let available = min(buffer.readableBytes, SMPPDecodingError.diagnosticLimit)
            throw SMPPDecodingError(
                .badCommandLength(declared: declared),
                pdu: buffer.getSlice(at: buffer.readerIndex, length: available) ?? buffer)
        }
        return buffer.readExactSlice(length: Int(declared))
    }
}
