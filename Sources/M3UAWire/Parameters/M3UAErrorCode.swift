/// The Error Code of an ERR message (RFC 4666 §3.8.1). An open set.
public struct M3UAErrorCode: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    @inlinable
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    public static let invalidVersion = M3UAErrorCode(0x01)
    public static let unsupportedMessageClass = M3UAErrorCode(0x03)
    public static let unsupportedMessageType = M3UAErrorCode(0x04)
    public static let unsupportedTrafficModeType = M3UAErrorCode(0x05)
    public static let unexpectedMessage = M3UAErrorCode(0x06)
    public static let protocolError = M3UAErrorCode(0x07)
    public static let invalidStreamIdentifier = M3UAErrorCode(0x09)
    public static let refusedManagementBlocking = M3UAErrorCode(0x0D)
    public static let aspIdentifierRequired = M3UAErrorCode(0x0E)
    public static let invalidASPIdentifier = M3UAErrorCode(0x0F)
    public static let invalidParameterValue = M3UAErrorCode(0x11)
    public static let parameterFieldError = M3UAErrorCode(0x12)
    public static let unexpectedParameter = M3UAErrorCode(0x13)
    public static let destinationStatusUnknown = M3UAErrorCode(0x14)
    public static let invalidNetworkAppearance = M3UAErrorCode(0x15)
    public static let missingParameter = M3UAErrorCode(0x16)
    public static let invalidRoutingContext = M3UAErrorCode(0x19)
    public static let noConfiguredASForASP = M3UAErrorCode(0x1A)

    public var description: String {
        switch rawValue {
        case 0x01: "Invalid Version"
        case 0x03: "Unsupported Message Class"
        case 0x04: "Unsupported Message Type"
        case 0x05: "Unsupported Traffic Mode Type"
        case 0x06: "Unexpected Message"
        case 0x07: "Protocol Error"
        case 0x09: "Invalid Stream Identifier"
        case 0x0D: "Refused - Management Blocking"
        case 0x0E: "ASP Identifier Required"
        case 0x0F: "Invalid ASP Identifier"
        case 0x11: "Invalid Parameter Value"
        case 0x12: "Parameter Field Error"
        case 0x13: "Unexpected Parameter"
        case 0x14: "Destination Status Unknown"
        case 0x15: "Invalid Network Appearance"
        case 0x16: "Missing Parameter"
        case 0x19: "Invalid Routing Context"
        case 0x1A: "No Configured AS for ASP"
        default: "Error Code \(rawValue)"
        }
    }
}
