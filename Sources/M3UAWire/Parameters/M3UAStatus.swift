/// The Status parameter of NTFY (RFC 4666 §3.8.2): Status Type (16 bits) and Status Information (16 bits).
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Status Type           |      Status Information       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
/// Both halves are open values so unknown notifications round-trip.
public struct M3UAStatus: Hashable, Sendable, CustomStringConvertible {
    public var type: UInt16
    public var information: UInt16

    @inlinable
    public init(type: UInt16, information: UInt16) {
        self.type = type
        self.information = information
    }

    /// Status Type 1: Application Server State Change (AS-State_Change).
    public static let typeASStateChange: UInt16 = 1
    /// Status Type 2: Other.
    public static let typeOther: UInt16 = 2

    public static let asInactive = M3UAStatus(type: typeASStateChange, information: 2)
    public static let asActive = M3UAStatus(type: typeASStateChange, information: 3)
    public static let asPending = M3UAStatus(type: typeASStateChange, information: 4)
    public static let insufficientASPResourcesActive = M3UAStatus(type: typeOther, information: 1)
    public static let alternateASPActive = M3UAStatus(type: typeOther, information: 2)
    public static let aspFailure = M3UAStatus(type: typeOther, information: 3)

    public var description: String {
        switch (type, information) {
        case (1, 2): "AS-INACTIVE"
        case (1, 3): "AS-ACTIVE"
        case (1, 4): "AS-PENDING"
        case (2, 1): "Insufficient ASP Resources Active in AS"
        case (2, 2): "Alternate ASP Active"
        case (2, 3): "ASP Failure"
        default: "Status \(type)/\(information)"
        }
    }
}
