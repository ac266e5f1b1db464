/// An IPv4 or IPv6 address.
///
/// `description` prints dotted quad for IPv4 and the RFC 5952 §4 canonical text for IPv6 (lower case, leading
/// zeros dropped, the longest run of two or more zero groups shortened to `::`, IPv4-mapped addresses as
/// `::ffff:192.0.2.1` per §5).
public enum IPAddress: Hashable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    case v4(UInt32)
    case v6(IPv6Address)

    /// Parses dotted-quad IPv4 or RFC 4291 §2.2 IPv6 text.
    public init?(_ description: String) {
        if let v4 = Self.parseIPv4(Substring(description)) {
            self = .v4(v4)
        } else if let v6 = IPv6Address(description) {
            self = .v6(v6)
        } else {
            return nil
        }
    }

    /// The address in network byte order (4 or 16 bytes).
    public var bytes: [UInt8] {
        switch self {
        case .v4(let value): [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
        case .v6(let address): address.bytes
        }
    }

    /// The address as IPv6: itself, or the IPv4-mapped form `::ffff:a.b.c.d` (RFC 4291 §2.5.5.2).
    public var mappedToIPv6: IPv6Address {
        switch self {
        case .v4(let value): IPv6Address(high: 0, low: 0xFFFF_0000_0000 | UInt64(value))
        case .v6(let address): address
        }
    }

    public var description: String {
        switch self {
        case .v4(let value): Self.dottedQuad(value)
        case .v6(let address): address.description
        }
    }

    static func dottedQuad(_ value: UInt32) -> String {
        "\(value >> 24).\((value >> 16) & 0xFF).\((value >> 8) & 0xFF).\(value & 0xFF)"
    }

    static func parseIPv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                let octet = UInt8(part)
            else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }
}
