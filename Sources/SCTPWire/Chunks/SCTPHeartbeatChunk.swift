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

    public init(flags: UInt8 = 0, parameters: [PaddedTLV]) {
        self.flags = flags
        self.parameters = parameters
    }

    /// The opaque Heartbeat Information of the first Heartbeat Info parameter.
    public var heartbeatInformation: ByteBuffer? {
        parameters.first { $0.tag == SCTPParameterType.heartbeatInfo.rawValue }?.value
    }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        self.init(flags: flags, parameters: try value.readAllPaddedTLVs())
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeAllPaddedTLVs(parameters)
    }
}
