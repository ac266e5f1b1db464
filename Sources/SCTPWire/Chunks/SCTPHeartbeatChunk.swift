public import NIOCore
public import WireSupport

/// HEARTBEAT (RFC 9260 §3.3.5) and HEARTBEAT ACK (§3.3.6): one Heartbeat Info parameter (type 1) whose value
/// is opaque sender data. One struct serves `SCTPChunk.heartbeat` and `SCTPChunk.heartbeatAck`.
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Type = 4 / 5 |  Chunk Flags  |       Heartbeat Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \            Heartbeat Information TLV (Variable-Length)        \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPHeartbeatChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.heartbeat
    /// The HEARTBEAT ACK type code.
    public static let ackChunkType = SCTPChunkType.heartbeatAck

    public var flags: UInt8
    /// The parameters, normally exactly one Heartbeat Info (`SCTPParameterType.heartbeatInfo`).
    public var parameters: [PaddedTLV]
    /// Whether the chunk length counted the last parameter's padding (not RFC 9260 §3.2, but seen in real
    /// traffic); kept so the chunk re-encodes as received.
    public var lastParameterPaddingCounted = false

    public init(flags: UInt8 = 0, parameters: [PaddedTLV]) {
        self.flags = flags
        self.parameters = parameters
    }

    /// The opaque Heartbeat Information of the first Heartbeat Info parameter.
    public var heartbeatInformation: ByteBuffer? {
        parameters.first { $0.tag == SCTPParameterType.heartbeatInfo.rawValue }?.value
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
