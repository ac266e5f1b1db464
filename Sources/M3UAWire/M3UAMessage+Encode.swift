public import NIOCore

extension M3UAMessage {
    /// Writes the common header and the parameters in order; the Message Length is computed (RFC 4666 §3.1.4:
    /// "including the Common Header", and every parameter padded to a multiple of four).
    @discardableResult
    public func encode(into buffer: inout ByteBuffer) -> Int {
        let start = buffer.writerIndex
        M3UACommonHeader(messageClass: messageClass, messageType: messageType, messageLength: 0).write(into: &buffer)
        switch self {
        case .unknown(_, _, let body): buffer.writeImmutableBuffer(body)
        default: parameters.encode(into: &buffer)
        }
        let length = buffer.writerIndex - start
        buffer.setInteger(UInt32(truncatingIfNeeded: length), at: start + 4)
        return length
    }

    /// The encoded bytes in a new buffer.
    public func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return buffer
    }
}
