/// The Registration Status inside a Registration Result (RFC 4666 §3.6.2): 32 bits. An open set.
public struct M3UARegistrationStatus: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    @inlinable
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    public static let successfullyRegistered = M3UARegistrationStatus(0)
    public static let errorUnknown = M3UARegistrationStatus(1)
    public static let errorInvalidDPC = M3UARegistrationStatus(2)
    public static let errorInvalidNetworkAppearance = M3UARegistrationStatus(3)
    public static let errorInvalidRoutingKey = M3UARegistrationStatus(4)
    public static let errorPermissionDenied = M3UARegistrationStatus(5)
    public static let errorCannotSupportUniqueRouting = M3UARegistrationStatus(6)
    public static let errorRoutingKeyNotCurrentlyProvisioned = M3UARegistrationStatus(7)
    public static let errorInsufficientResources = M3UARegistrationStatus(8)
    public static let errorUnsupportedRKParameterField = M3UARegistrationStatus(9)
    public static let errorUnsupportedTrafficHandlingMode = M3UARegistrationStatus(10)
    public static let errorRoutingKeyChangeRefused = M3UARegistrationStatus(11)
    public static let errorRoutingKeyAlreadyRegistered = M3UARegistrationStatus(12)

    public var description: String {
        switch rawValue {
        case 0: "Successfully Registered"
        case 1: "Error - Unknown"
        case 2: "Error - Invalid DPC"
        case 3: "Error - Invalid Network Appearance"
        case 4: "Error - Invalid Routing Key"
        case 5: "Error - Permission Denied"
        case 6: "Error - Cannot Support Unique Routing"
        case 7: "Error - Routing Key not Currently Provisioned"
        case 8: "Error - Insufficient Resources"
        case 9: "Error - Unsupported RK parameter Field"
        case 10: "Error - Unsupported/Invalid Traffic Handling Mode"
        case 11: "Error - Routing Key Change Refused"
        case 12: "Error - Routing Key Already Registered"
        default: "Registration Status \(rawValue)"
        }
    }
}
