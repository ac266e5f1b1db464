import NIOCore

/// Shutdown Complete, SHUTDOWN COMPLETE (RFC 9260 §3.3.13): no value; the T bit says the tag was reflected.
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 14   |  Reserved   |T|          Length = 4           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPShutdownCompleteChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.shutdownComplete

    public var flags: UInt8

    public init(flags: UInt8 = 0) {
        self.flags = flags
    }

    /// T bit: the sender used the peer's verification tag reflected (RFC 9260 §8.5.1).
    public var isTagReflected: Bool { flags & 0x01 != 0 }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        try value.expectFullyConsumed()
        self.init(flags: flags)
    }

    func encodeValue(into buffer: inout ByteBuffer) {}
}
