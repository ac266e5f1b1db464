import NIOCore

/// Shutdown Acknowledgement, SHUTDOWN ACK (RFC 9260 §3.3.9): no value.
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 8    |  Chunk Flags  |          Length = 4           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPShutdownAckChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.shutdownAck

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
