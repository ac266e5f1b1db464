/// An MTP signalling point code.
///
/// ITU-T Q.704 §2.2.1 uses 14 bits; ANSI T1.111 uses 24 bits (network-cluster-member). The value is kept
/// as an integer with its variant so either can be carried; only the ITU form is encoded today.
public struct PointCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Variant: Hashable, Sendable {
        /// 14-bit ITU-T point code.
        case itu
        /// 24-bit ANSI point code.
        case ansi
    }

    public var value: UInt32
    public var variant: Variant

    @inlinable
    public init(_ value: UInt32, variant: Variant = .itu) {
        self.value = value
        self.variant = variant
    }

    /// Whether `value` fits the variant's width.
    @inlinable
    public var isValid: Bool {
        switch variant {
        case .itu: value < (1 << 14)
        case .ansi: value < (1 << 24)
        }
    }

    /// The ITU "zone-area-point" (3-8-3) form, e.g. `0-000-1`.
    public var structured: String {
        switch variant {
        case .itu: "\(value >> 11 & 0x7)-\(value >> 3 & 0xFF)-\(value & 0x7)"
        case .ansi: "\(value >> 16 & 0xFF)-\(value >> 8 & 0xFF)-\(value & 0xFF)"
        }
    }

    public var description: String { String(value) }

    @inlinable
    public static func < (lhs: PointCode, rhs: PointCode) -> Bool { lhs.value < rhs.value }
}
