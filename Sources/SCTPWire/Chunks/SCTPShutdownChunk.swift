import NIOCore

/// Shutdown Association, SHUTDOWN (RFC 9260 §3.3.8).
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 7    |  Chunk Flags  |          Length = 8           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Cumulative TSN Ack                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPShutdownChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.shutdown

    public var flags: UInt8
    public var cumulativeTSNAck: UInt32

    public init(flags: UInt8 = 0, cumulativeTSNAck: UInt32) {
        self.flags = flags
        self.cumulativeTSNAck = cumulativeTSNAck
    }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        let field = try value.readFixed({ $0.readInteger(as: UInt32.self) }, minimum: 4)
        try value.expectFullyConsumed()
        self.init(flags: flags, cumulativeTSNAck: field)
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeInteger(cumulativeTSNAck)

    }
}
