/// An EtherType (IEEE 802 numbers), also used as the protocol field of Linux cooked captures.
///
/// Open struct so that unknown EtherTypes round-trip.
public struct EtherType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    public static let ipv4 = EtherType(0x0800)
    public static let arp = EtherType(0x0806)
    /// IEEE 802.1Q customer VLAN tag (C-TAG).
    public static let vlan = EtherType(0x8100)
    public static let ipv6 = EtherType(0x86DD)
    /// PPPoE Discovery stage (RFC 2516 §4).
    public static let pppoeDiscovery = EtherType(0x8863)
    /// PPPoE Session stage (RFC 2516 §4).
    public static let pppoeSession = EtherType(0x8864)
    /// IEEE 802.1ad service VLAN tag (S-TAG, "QinQ").
    public static let serviceVLAN = EtherType(0x88A8)
    /// The pre-standard QinQ outer tag some switches still send.
    public static let legacyQinQ = EtherType(0x9100)

    /// Whether this EtherType introduces a 4-byte VLAN tag.
    public var isVLANTag: Bool { self == .vlan || self == .serviceVLAN || self == .legacyQinQ }

    public var description: String {
        let text = String(rawValue, radix: 16)
        return "0x" + String(repeating: "0", count: 4 - text.count) + text
    }
}
