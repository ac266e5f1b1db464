public import NIOCore

/// State Cookie, COOKIE ECHO (RFC 9260 §3.3.11): the cookie from the INIT ACK, returned opaque.
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 10   |  Chunk Flags  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                            Cookie                             /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPCookieEchoChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.cookieEcho

    public var flags: UInt8
    public var cookie: ByteBuffer

    public init(flags: UInt8 = 0, cookie: ByteBuffer) {
        self.flags = flags
        self.cookie = cookie
    }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        self.init(flags: flags, cookie: value.readSlice(length: value.readableBytes) ?? ByteBuffer())
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeImmutableBuffer(cookie)
    }
}
