public import NIOCore

/// What a frame carries once its link-layer headers are removed.
public enum LinkPayload: Hashable, Sendable {
    /// Bytes starting at an IPv4 header.
    case ipv4(ByteBuffer)
    /// Bytes starting at an IPv6 header.
    case ipv6(ByteBuffer)
    /// Bytes starting at the MTP2 header (BSN/BIB octet, ITU-T Q.703 §2.2).
    case mtp2(ByteBuffer)
    /// Bytes starting at the MTP3 SIO octet (ITU-T Q.704 §14.2).
    case mtp3(ByteBuffer)
    /// A protocol this layer does not decode (ARP, LLC, PPP control, an unknown link type …), kept raw.
    case other(UnhandledLinkPayload)
}

/// A link-layer payload of a protocol that `LinkLayer` does not decode.
public struct UnhandledLinkPayload: Hashable, Sendable, CustomStringConvertible {
    public var linkType: LinkType
    /// The EtherType (Ethernet, SLL, SLL2), PPP protocol number (PPP, PPPoE) or address family (NULL, LOOP)
    /// that was not recognised; `nil` when the link type itself is not decoded.
    public var protocolNumber: UInt32?
    /// The bytes after the headers that were removed.
    public var payload: ByteBuffer

    public init(linkType: LinkType, protocolNumber: UInt32?, payload: ByteBuffer) {
        self.linkType = linkType
        self.protocolNumber = protocolNumber
        self.payload = payload
    }

    public var description: String {
        guard let protocolNumber else { return "\(linkType) (not decoded)" }
        switch linkType {
        case .ethernet, .linuxSLL, .linuxSLL2: return "\(linkType) EtherType \(EtherType(UInt16(truncatingIfNeeded: protocolNumber)))"
        case .ppp: return "PPP protocol 0x\(String(protocolNumber, radix: 16))"
        default: return "\(linkType) protocol \(protocolNumber)"
        }
    }
}
