public import NIOCore

/// What a captured frame carries, down to the IP layer.
public enum DissectedPacket: Hashable, Sendable {
    /// A whole IP datagram (reassembled if it came in fragments), extension headers skipped.
    case ip(IPDatagram)
    /// Bytes starting at the MTP2 header.
    case mtp2(ByteBuffer)
    /// Bytes starting at the MTP3 SIO.
    case mtp3(ByteBuffer)
    /// A link-layer payload this layer does not decode.
    case other(UnhandledLinkPayload)
}

/// Frames in, IP datagrams (or MTP2/MTP3 payloads) out: link-layer decoding, IP decoding and fragment
/// reassembly in one call.
public struct PacketDissector: Sendable {
    public var reassembler: IPReassembler

    public init() {
        self.reassembler = IPReassembler()
    }

    public init(reassembler: IPReassembler) {
        self.reassembler = reassembler
    }

    /// Dissects one frame; `nil` while a fragmented datagram is incomplete (or a fragment was dropped).
    public mutating func dissect(_ frame: CapturedFrame) throws(PacketDecodingError) -> DissectedPacket? {
        switch try LinkLayer.decode(frame.data, linkType: frame.linkType) {
        case .ipv4(let bytes):
            return try datagram(IPPacket.decodeIPv4(bytes)).map { .ip($0) }
        case .ipv6(let bytes):
            return try datagram(IPPacket.decodeIPv6(bytes)).map { .ip($0) }
        case .mtp2(let bytes):
            return .mtp2(bytes)
        case .mtp3(let bytes):
            return .mtp3(bytes)
        case .other(let payload):
            return .other(payload)
        }
    }

    private mutating func datagram(_ packet: IPPacket) throws(PacketDecodingError) -> IPDatagram? {
        switch packet {
        case .datagram(let datagram):
            return datagram
        case .fragment(let fragment):
            guard var datagram = reassembler.feed(fragment) else { return nil }
            if case .v6 = datagram.source {
                // RFC 8200 §4.5: the reassembled fragmentable part may start with more extension headers.
                let chain = try IPv6ExtensionHeaders.walk(nextHeader: datagram.protocolNumber, payload: datagram.payload)
                if chain.fragment == nil {
                    datagram.protocolNumber = chain.protocolNumber
                    datagram.payload = chain.payload
                }
            }
            return datagram
        }
    }
}
