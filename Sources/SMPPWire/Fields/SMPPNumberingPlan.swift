/// An address's Numeric Plan Indicator (NPI), SMPP 3.4 §5.2.6. An open set.
public struct SMPPNumberingPlan: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    @inlinable
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let unknown = SMPPNumberingPlan(0)
    /// ISDN (E163/E164).
    public static let isdn = SMPPNumberingPlan(1)
    /// Data (X.121).
    public static let data = SMPPNumberingPlan(3)
    /// Telex (F.69).
    public static let telex = SMPPNumberingPlan(4)
    /// Land Mobile (E.212).
    public static let landMobile = SMPPNumberingPlan(6)
    public static let national = SMPPNumberingPlan(8)
    public static let `private` = SMPPNumberingPlan(9)
    public static let ermes = SMPPNumberingPlan(10)
    /// Internet (IP).
    public static let internet = SMPPNumberingPlan(14)
    /// WAP Client Id.
    public static let wapClientID = SMPPNumberingPlan(18)

    public var description: String {
        switch rawValue {
        case 0: "unknown"
        case 1: "ISDN"
        case 3: "data"
        case 4: "telex"
        case 6: "land mobile"
        case 8: "national"
        case 9: "private"
        case 10: "ERMES"
        case 14: "internet"
        case 18: "WAP client id"
        default: "NPI \(rawValue)"
        }
    }
}
