public import WireSupport
import NIOCore

/// Re-configuration, RE-CONFIG (RFC 6525 §3.1): one or two re-configuration request/response parameters.
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Type = 130    |  Chunk Flags  |      Chunk Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                  Re-configuration Parameter                   \
/// \             Re-configuration Parameter (optional)             \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPReconfigurationChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.reconfiguration

    public var flags: UInt8
    public var parameters: [PaddedTLV]

    public init(flags: UInt8 = 0, parameters: [PaddedTLV]) {
        self.flags = flags
        self.parameters = parameters
    }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        self.init(flags: flags, parameters: try value.readAllPaddedTLVs())
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeAllPaddedTLVs(parameters)
    }
}
