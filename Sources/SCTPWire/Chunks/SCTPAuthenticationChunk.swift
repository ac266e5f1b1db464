public import NIOCore

/// Authentication, AUTH (RFC 4895 §4.2).
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Type = 0x0F   |   Flags=0     |             Length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Shared Key Identifier     |   HMAC Identifier             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                             HMAC                              /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPAuthenticationChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.authentication

    public var flags: UInt8
    public var sharedKeyIdentifier: UInt16
    /// 1 = SHA-1, 3 = SHA-256 (RFC 4895 §6.1).
    public var hmacIdentifier: UInt16
    public var hmac: ByteBuffer

    public init(flags: UInt8 = 0, sharedKeyIdentifier: UInt16, hmacIdentifier: UInt16, hmac: ByteBuffer) {
        self.flags = flags
        self.sharedKeyIdentifier = sharedKeyIdentifier
        self.hmacIdentifier = hmacIdentifier
        self.hmac = hmac
    }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        let (key, hmacID) = try value.readFixed({ $0.readMultipleIntegers(as: (UInt16, UInt16).self) }, minimum: 4)
        self.init(
            flags: flags, sharedKeyIdentifier: key, hmacIdentifier: hmacID,
            hmac: value.readSlice(length: value.readableBytes) ?? ByteBuffer())
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(sharedKeyIdentifier, hmacIdentifier)
        buffer.writeImmutableBuffer(hmac)
    }
}
