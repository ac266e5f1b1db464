import NIOCore

/// Cookie Acknowledgement, COOKIE ACK (RFC 9260 §3.3.12): no value.
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 11   |  Chunk Flags  |          Length = 4           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPCookieAckChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.cookieAck

    public var flags: UInt8

    public init(flags: UInt8 = 0) {
        self.flags = flags
    }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        try value.expectFullyConsumed()
        self.init(flags: flags)
    }

    func encodeValue(into buffer: inout ByteBuffer) {}
}
