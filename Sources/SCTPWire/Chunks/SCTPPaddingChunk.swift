public import NIOCore

/// Padding Chunk, PAD (RFC 4820 §3): filler bytes the receiver discards.
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Type = 0x84   |   Flags=0     |             Length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                         Padding Data                          \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPPaddingChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.padding

    public var flags: UInt8
    /// The padding data, kept so the chunk re-encodes as received.
    public var paddingData: ByteBuffer

    public init(flags: UInt8 = 0, paddingData: ByteBuffer) {
        self.flags = flags
        self.paddingData = paddingData
    }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        self.init(flags: flags, paddingData: value.readSlice(length: value.readableBytes) ?? ByteBuffer())
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeImmutableBuffer(paddingData)
    }
}
