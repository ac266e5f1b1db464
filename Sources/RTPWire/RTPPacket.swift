public import NIOCore

/// One RTP data packet: header, payload, and the padding count (RFC 3550 §5.1).
public struct RTPPacket: Hashable, Sendable {
    public var header: RTPHeader
    public var payload: ByteBuffer
    /// Padding octets after the payload, including the final count octet; 0 means the P bit is clear.
    public var paddingLength: UInt8

    public init(header: RTPHeader, payload: ByteBuffer, paddingLength: UInt8 = 0) {
        self.header = header
        self.payload = payload
        self.paddingLength = paddingLength
    }

    /// Decodes one datagram. The payload is a slice of `bytes`.
    ///
    /// RFC 3550 §A.1 checks: version 2; the CSRC list and extension fit; "If the P bit is set, then the last
    /// octet of the packet must contain a valid octet count, in particular, less than the total packet length
    /// minus the header size."
    public static func decode(_ bytes: ByteBuffer) throws(RTPDecodingError) -> RTPPacket {
        var buffer = bytes
        let (header, padded) = try RTPHeader.decode(from: &buffer, packet: bytes)
        var paddingLength: UInt8 = 0
        if padded {
            let count = buffer.getInteger(at: buffer.writerIndex - 1, as: UInt8.self) ?? 0
            guard count > 0, Int(count) <= buffer.readableBytes else {
                throw RTPDecodingError(
                    .invalidPadding(count: Int(count), available: buffer.readableBytes),
                    bytes: bytes)
            }
            paddingLength = count
        }
        let payload = buffer.readSlice(length: buffer.readableBytes - Int(paddingLength))!
        return RTPPacket(header: header, payload: payload, paddingLength: paddingLength)
    }

    /// Encodes the packet; padding octets are zero with the count in the last one.
    public func encode(into buffer: inout ByteBuffer) {
        header.encode(into: &buffer, padding: paddingLength > 0)
        buffer.writeImmutableBuffer(payload)
        if paddingLength > 0 {
            buffer.writeRepeatingByte(0, count: Int(paddingLength) - 1)
            buffer.writeInteger(paddingLength)
        }
    }

    /// The encoded datagram.
    public var encoded: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(header.encodedLength + payload.readableBytes + Int(paddingLength))
        encode(into: &buffer)
        return buffer
    }
}
