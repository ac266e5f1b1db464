public import WireSupport
import NIOCore

/// Address Configuration Change, ASCONF (RFC 5061 §3.1.1), and its acknowledgement ASCONF-ACK (§3.1.2).
///
/// ```
/// ASCONF (0xC1):                              ASCONF-ACK (0x80):
/// | Type | Flags |  Chunk Length   |          | Type | Flags |  Chunk Length   |
/// |        Sequence Number         |          |        Sequence Number         |
/// \     Address Parameter          \          \  ASCONF Parameter Response     \
/// \     ASCONF Parameter #1 ...    \          \  ...                           \
/// ```
///
/// One struct serves both: the serial number, then every TLV in order (for ASCONF the first one is the
/// mandatory address parameter, see `addressParameter`).
public struct SCTPAddressConfigurationChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.addressConfiguration
    /// The ASCONF-ACK type code.
    public static let ackChunkType = SCTPChunkType.addressConfigurationAck

    public var flags: UInt8
    public var serialNumber: UInt32
    public var parameters: [PaddedTLV]
    /// Whether the chunk length counted the last parameter's padding (not RFC 9260 §3.2, but seen in real
    /// traffic); kept so the chunk re-encodes as received.
    public var lastParameterPaddingCounted = false

    public init(flags: UInt8 = 0, serialNumber: UInt32, parameters: [PaddedTLV]) {
        self.flags = flags
        self.serialNumber = serialNumber
        self.parameters = parameters
    }

    /// The address parameter that ASCONF carries first (RFC 5061 §3.1.1).
    public var addressParameter: PaddedTLV? { parameters.first }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        let serial = try value.readFixed({ $0.readInteger(as: UInt32.self) }, minimum: 4)
        let tlvs = try value.readAllPaddedTLVs()
        self.init(flags: flags, serialNumber: serial, parameters: tlvs.items)
        self.lastParameterPaddingCounted = tlvs.lastPaddingCounted
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeInteger(serialNumber)
        buffer.writeAllPaddedTLVs(parameters, lastPaddingCounted: lastParameterPaddingCounted)
    }
}
