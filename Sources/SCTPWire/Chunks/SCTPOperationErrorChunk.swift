public import WireSupport
import NIOCore

/// Operation Error, ERROR (RFC 9260 §3.3.10): one or more error causes.
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 9    |  Chunk Flags  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                    One or more Error Causes                   \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///
/// Error cause: | Cause Code (16) | Cause Length (16) | Cause-Specific Information, padded |
/// ```
public struct SCTPOperationErrorChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.operationError

    public var flags: UInt8
    public var errorCauses: [PaddedTLV]
    /// Whether the chunk length counted the last parameter's padding (not RFC 9260 §3.2, but seen in real
    /// traffic); kept so the chunk re-encodes as received.
    public var lastParameterPaddingCounted = false

    public init(flags: UInt8 = 0, errorCauses: [PaddedTLV]) {
        self.flags = flags
        self.errorCauses = errorCauses
    }

    /// The cause codes, in order.
    public var causeCodes: [SCTPErrorCauseCode] { errorCauses.map { SCTPErrorCauseCode($0.tag) } }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        let tlvs = try value.readAllPaddedTLVs()
        self.init(flags: flags, errorCauses: tlvs.items)
        self.lastParameterPaddingCounted = tlvs.lastPaddingCounted
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeAllPaddedTLVs(errorCauses, lastPaddingCounted: lastParameterPaddingCounted)
    }
}
