/// An address's Type of Number (TON), SMPP 3.4 §5.2.5. An open set.
public struct SMPPTypeOfNumber: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    @inlinable
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let unknown = SMPPTypeOfNumber(0)
    public static let international = SMPPTypeOfNumber(1)
    public static let national = SMPPTypeOfNumber(2)
    public static let networkSpecific = SMPPTypeOfNumber(3)
    public static let subscriberNumber = SMPPTypeOfNumber(4)
    public static let alphanumeric = SMPPTypeOfNumber(5)
    public static let abbreviated = SMPPTypeOfNumber(6)

    public var description: String {
        switch rawValue {
        case 0: "unknown"
        case 1: "international"
        case 2: "national"
        case 3: "network specific"
        case 4: "subscriber number"
        case 5: "alphanumeric"
        case 6: "abbreviated"
        default: "TON \(rawValue)"
        }
    }
}
