/// A 64-bit NTP timestamp (RFC 3550 §4): seconds since 1900 in the high word, the fraction in the low word.
public struct NTPTimestamp: RawRepresentable, Hashable, Sendable, Comparable {
    public var rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public init(seconds: UInt32, fraction: UInt32) { self.rawValue = UInt64(seconds) << 32 | UInt64(fraction) }

    public var seconds: UInt32 { UInt32(truncatingIfNeeded: rawValue >> 32) }
    public var fraction: UInt32 { UInt32(truncatingIfNeeded: rawValue) }

    /// The middle 32 bits, in units of 1/65536 s: what the LSR field of a report block carries (RFC 3550 §6.4.1).
    public var middle32: UInt32 { UInt32(truncatingIfNeeded: rawValue >> 16) }

    public static func < (lhs: NTPTimestamp, rhs: NTPTimestamp) -> Bool { lhs.rawValue < rhs.rawValue }
}
