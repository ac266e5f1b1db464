/// The Deregistration Status inside a Deregistration Result (RFC 4666 §3.6.4): 32 bits. An open set.
public struct M3UADeregistrationStatus: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    @inlinable
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    public static let successfullyDeregistered = M3UADeregistrationStatus(0)
    public static let errorUnknown = M3UADeregistrationStatus(1)
    public static let errorInvalidRoutingContext = M3UADeregistrationStatus(2)
    public static let errorPermissionDenied = M3UADeregistrationStatus(3)
    public static let errorNotRegistered = M3UADeregistrationStatus(4)
    public static let errorASPCurrentlyActive = M3UADeregistrationStatus(5)

    public var description: String {
        switch rawValue {
        case 0: "Successfully Deregistered"
        case 1: "Error - Unknown"
        case 2: "Error - Invalid Routing Context"
        case 3: "Error - Permission Denied"
        case 4: "Error - Not Registered"
        case 5: "Error - ASP Currently Active for Routing Context"
        default: "Deregistration Status \(rawValue)"
        }
    }
}
