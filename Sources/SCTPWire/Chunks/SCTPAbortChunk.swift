public import WireSupport
import NIOCore

/// ABORT (RFC 9260 §3.3.7): closes the association; zero or more error causes follow.
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 6    |  Reserved   |T|            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \               Zero or more Error Causes                       \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPAbortChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.abort

    public var flags: UInt8
    /// Error causes (cause code, length, value: RFC 9260 §3.3.10), kept as TLVs.
    public var errorCauses: [PaddedTLV]
    /// Whether the chunk length counted the last parameter's padding (not RFC 9260 §3.2, but seen in real
    /// traffic); kept so the chunk re-encodes as received.
    public var lastParameterPaddingCounted = false

    public init(flags: UInt8 = 0, errorCauses: [PaddedTLV] = []) {
        self.flags = flags
        self.errorCauses = errorCauses
    }

    /// T bit: the sender used the peer's verification tag reflected (RFC 9260 §8.5.1).
    public var isTagReflected: Bool { flags & 0x01 != 0 }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        let tlvs = try value.readAllPaddedTLVs()
        self.init(flags: flags, errorCauses: tlvs.items)
        self.lastParameterPaddingCounted = tlvs.lastPaddingCounted
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeAllPaddedTLVs(errorCauses, lastPaddingCounted: lastParameterPaddingCounted)
    }
}
