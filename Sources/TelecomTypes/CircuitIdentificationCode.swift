/// An ISUP circuit identification code (ITU-T Q.763 §1.2: 12 bits in ITU networks; ANSI uses 14).
public struct CircuitIdentificationCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var value: UInt16

    @inlinable
    public init(_ value: UInt16) { self.value = value }

    public var description: String { String(value) }

    @inlinable
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}
