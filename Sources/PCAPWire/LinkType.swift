/// A link-layer header type: the `LinkType` field of a pcap file header or a pcapng Interface Description Block.
///
/// Open struct so that unknown link types round-trip. Values are the LINKTYPE_ registry of
/// draft-ietf-opsawg-pcaplinktype (tcpdump.org/linktypes.html).
public struct LinkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    /// LINKTYPE_NULL: BSD loopback, a 4-byte address family in the capturing host's byte order.
    public static let null = LinkType(0)
    /// Alias of `null`.
    public static let loopback = LinkType(0)
    /// LINKTYPE_ETHERNET: IEEE 802.3 Ethernet (Ethernet II framing).
    public static let ethernet = LinkType(1)
    /// LINKTYPE_PPP: PPP per RFC 1661 / RFC 1662, optionally with the 0xFF 0x03 address and control bytes.
    public static let ppp = LinkType(9)
    /// LINKTYPE_RAW: raw IPv4 or IPv6, the version taken from the first nibble.
    public static let raw = LinkType(101)
    /// LINKTYPE_LOOP: OpenBSD loopback, a 4-byte address family in network byte order.
    public static let loop = LinkType(108)
    /// LINKTYPE_LINUX_SLL: Linux "cooked" capture v1, a 16-byte header.
    public static let linuxSLL = LinkType(113)
    /// LINKTYPE_MTP2_WITH_PHDR: MTP2 preceded by a 4-byte pseudo-header (sent, annex_a_used, link_number).
    public static let mtp2WithPHDR = LinkType(139)
    /// LINKTYPE_MTP2: MTP2 starting at the BSN/BIB octet (ITU-T Q.703 §2.2).
    public static let mtp2 = LinkType(140)
    /// LINKTYPE_MTP3: MTP3 starting at the SIO octet (ITU-T Q.704 §14.2).
    public static let mtp3 = LinkType(141)
    /// LINKTYPE_IPV4: raw IPv4.
    public static let ipv4 = LinkType(228)
    /// LINKTYPE_IPV6: raw IPv6.
    public static let ipv6 = LinkType(229)
    /// LINKTYPE_LINUX_SLL2: Linux "cooked" capture v2, a 20-byte header.
    public static let linuxSLL2 = LinkType(276)

    public var description: String {
        switch self {
        case .null: "NULL"
        case .ethernet: "EN10MB"
        case .ppp: "PPP"
        case .raw: "RAW"
        case .loop: "LOOP"
        case .linuxSLL: "LINUX_SLL"
        case .mtp2WithPHDR: "MTP2_WITH_PHDR"
        case .mtp2: "MTP2"
        case .mtp3: "MTP3"
        case .ipv4: "IPV4"
        case .ipv6: "IPV6"
        case .linuxSLL2: "LINUX_SLL2"
        default: "LINKTYPE(\(rawValue))"
        }
    }
}
