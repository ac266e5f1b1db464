/// A circuit identification code: 12 bits in ITU-T ISUP (Q.763 §1.2), 14 in ANSI ISUP, 32 in BICC
/// (ITU-T Q.1902.3 §1.2, where it names a bearer-independent "call instance" rather than a circuit).
public struct CircuitIdentificationCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var value: UInt32

    /// A CIC from any integer; bits above 32 are dropped (callers mask to their variant's width first).
    @inlinable
    public init(_ value: some BinaryInteger) { self.value = UInt32(truncatingIfNeeded: value) }

    public var description: String { String(value) }

    @inlinable
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}
