public import NIOCore

/// Congestion Window Reduced, CWR (RFC 9260 Appendix A). Bytes after the Lowest TSN (some drafts add a packet count) are kept in `trailing`.
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 13   |  Chunk Flags  |          Length = 8           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Lowest TSN Number                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPCongestionWindowReducedChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.congestionWindowReduced

    public var flags: UInt8
    public var lowestTSN: UInt32
    /// Bytes after the fixed field, kept so the chunk re-encodes as received.
    public var trailing: ByteBuffer

    public init(flags: UInt8 = 0, lowestTSN: UInt32, trailing: ByteBuffer = ByteBuffer()) {
        self.flags = flags
        self.lowestTSN = lowestTSN
        self.trailing = trailing
    }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        let field = try value.readFixed({ $0.readInteger(as: UInt32.self) }, minimum: 4)
        self.init(flags: flags, lowestTSN: field, trailing: value.readSlice(length: value.readableBytes) ?? ByteBuffer())
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeInteger(lowestTSN)
        buffer.writeImmutableBuffer(trailing)
    }
}
