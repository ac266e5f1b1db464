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
    /// Whether the chunk length counted the last parameter's padding (not RFC 9260 §3.2, but seen in real
    /// traffic); kept so the chunk re-encodes as received.
    public var lastParameterPaddingCounted = false

    public init(flags: UInt8 = 0, parameters: [PaddedTLV]) {
        self.flags = flags
        self.parameters = parameters
    }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        let tlvs = try value.readAllPaddedTLVs()
        self.init(flags: flags, parameters: tlvs.items)
        self.lastParameterPaddingCounted = tlvs.lastPaddingCounted
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeAllPaddedTLVs(parameters, lastPaddingCounted: lastParameterPaddingCounted)
    }
}
