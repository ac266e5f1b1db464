public import NIOCore
public import WireSupport

/// Initiation, INIT (RFC 9260 §3.3.2), and Initiation Acknowledgement, INIT ACK (§3.3.3): the same layout,
/// so one struct serves both `SCTPChunk.initiation` and `SCTPChunk.initiationAck`.
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Type = 1 / 2 |  Chunk Flags  |         Chunk Length          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Initiate Tag                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Advertised Receiver Window Credit (a_rwnd)           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Number of Outbound Streams   |   Number of Inbound Streams   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          Initial TSN                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \              Optional/Variable-Length Parameters              \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// Parameters are kept in order as `PaddedTLV`s (unknown ones included, RFC 9260 §3.2.1), with typed
/// accessors for the common ones.
public struct SCTPInitChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.initiation
    /// The INIT ACK type code.
    public static let ackChunkType = SCTPChunkType.initiationAck

    public var flags: UInt8
    public var initiateTag: UInt32
    public var advertisedReceiverWindowCredit: UInt32
    public var numberOfOutboundStreams: UInt16
    public var numberOfInboundStreams: UInt16
    public var initialTSN: UInt32
    public var parameters: [PaddedTLV]
    /// Whether the chunk length counted the last parameter's padding (not RFC 9260 §3.2, but seen in real
    /// traffic); kept so the chunk re-encodes as received.
    public var lastParameterPaddingCounted = false

    public init(
        flags: UInt8 = 0, initiateTag: UInt32, advertisedReceiverWindowCredit: UInt32, numberOfOutboundStreams: UInt16,
        numberOfInboundStreams: UInt16, initialTSN: UInt32, parameters: [PaddedTLV] = []
    ) {
        self.flags = flags
        self.initiateTag = initiateTag
        self.advertisedReceiverWindowCredit = advertisedReceiverWindowCredit
        self.numberOfOutboundStreams = numberOfOutboundStreams
        self.numberOfInboundStreams = numberOfInboundStreams
        self.initialTSN = initialTSN
        self.parameters = parameters
    }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        let (tag, window, outbound, inbound, tsn) = try value.readFixed(
            { $0.readMultipleIntegers(as: (UInt32, UInt32, UInt16, UInt16, UInt32).self) }, minimum: 16)
        let tlvs = try value.readAllPaddedTLVs()
        self.init(
            flags: flags, initiateTag: tag, advertisedReceiverWindowCredit: window, numberOfOutboundStreams: outbound,
            numberOfInboundStreams: inbound, initialTSN: tsn, parameters: tlvs.items)
        self.lastParameterPaddingCounted = tlvs.lastPaddingCounted
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(
            initiateTag, advertisedReceiverWindowCredit, numberOfOutboundStreams, numberOfInboundStreams, initialTSN)
        buffer.writeAllPaddedTLVs(parameters, lastPaddingCounted: lastParameterPaddingCounted)
    }
}

extension SCTPInitChunk {
    /// The values of every parameter of `type`, in order.
    public func parameters(_ type: SCTPParameterType) -> [ByteBuffer] {
        parameters.filter { $0.tag == type.rawValue }.map(\.value)
    }

    /// The State Cookie (RFC 9260 §3.3.3.1), mandatory in INIT ACK.
    public var stateCookie: ByteBuffer? { parameters(.stateCookie).first }

    /// IPv4 addresses (RFC 9260 §3.3.2.1.1), 4 bytes each; malformed lengths are skipped.
    public var ipv4Addresses: [[UInt8]] {
        parameters(.ipv4Address).compactMap { $0.readableBytes == 4 ? $0.readableBytesArray : nil }
    }

    /// IPv6 addresses (RFC 9260 §3.3.2.1.2), 16 bytes each; malformed lengths are skipped.
    public var ipv6Addresses: [[UInt8]] {
        parameters(.ipv6Address).compactMap { $0.readableBytes == 16 ? $0.readableBytesArray : nil }
    }

    /// The Supported Address Types list (RFC 9260 §3.3.2.1.6): parameter type codes, 2 bytes each.
    public var supportedAddressTypes: [UInt16]? {
        guard var value = parameters(.supportedAddressTypes).first else { return nil }
        var types: [UInt16] = []
        while let type = value.readInteger(as: UInt16.self) { types.append(type) }
        return types
    }

    /// The Cookie Preservative's suggested life-span increment in milliseconds (RFC 9260 §3.3.2.1.3).
    public var cookiePreservativeIncrement: UInt32? {
        parameters(.cookiePreservative).first.flatMap { $0.getInteger(at: $0.readerIndex, as: UInt32.self) }
    }

    /// Whether the ECN Capable parameter is present (RFC 9260 Appendix A).
    public var isECNCapable: Bool { !parameters(.ecnCapable).isEmpty }

    /// Whether the Forward-TSN-Supported parameter is present (RFC 3758 §3.1).
    public var isForwardTSNSupported: Bool { !parameters(.forwardTSNSupported).isEmpty }

    /// The chunk types listed in Supported Extensions (RFC 5061 §4.2.7).
    public var supportedExtensions: [SCTPChunkType]? {
        parameters(.supportedExtensions).first.map { $0.readableBytesArray.map(SCTPChunkType.init(rawValue:)) }
    }
}
