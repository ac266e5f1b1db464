public import TelecomTypes

/// The User/Cause parameter of DUPU (RFC 4666 §3.4.5).
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |             Cause             |            User               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct M3UAUserCause: Hashable, Sendable, CustomStringConvertible {
    /// Unavailability Cause: 0 Unknown, 1 Unequipped Remote User, 2 Inaccessible Remote User.
    public var cause: UInt16
    /// MTP3-User Identity; "the values align with ... the Service Indicator" (e.g. 3 SCCP, 5 ISUP, 13 BICC).
    public var user: UInt16

    @inlinable
    public init(cause: UInt16, user: UInt16) {
        self.cause = cause
        self.user = user
    }

    public static let causeUnknown: UInt16 = 0
    public static let causeUnequippedRemoteUser: UInt16 = 1
    public static let causeInaccessibleRemoteUser: UInt16 = 2

    /// The user as a service indicator, when it fits in four bits.
    public var serviceIndicator: ServiceIndicator? {
        user < 16 ? ServiceIndicator(UInt8(user)) : nil
    }

    public var description: String {
        let causeText =
            switch cause {
            case 0: "Unknown"
            case 1: "Unequipped Remote User"
            case 2: "Inaccessible Remote User"
            default: "cause \(cause)"
            }
        return "\(serviceIndicator?.description ?? "user \(user)") \(causeText)"
    }
}
