/// A parameter tag (RFC 4666 §3.2): 16 bits, common parameters in 0x0000–0x00FF, M3UA-specific ones from 0x0200.
///
/// An open set: tags this codec does not know are kept with their value as a `PaddedTLV`.
public struct M3UAParameterTag: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16

    @inlinable
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    // Common parameters (RFC 4666 §3.2, table "Common Parameters").
    public static let infoString = M3UAParameterTag(0x0004)
    public static let routingContext = M3UAParameterTag(0x0006)
    public static let diagnosticInformation = M3UAParameterTag(0x0007)
    public static let heartbeatData = M3UAParameterTag(0x0009)
    public static let trafficModeType = M3UAParameterTag(0x000B)
    public static let errorCode = M3UAParameterTag(0x000C)
    public static let status = M3UAParameterTag(0x000D)
    public static let aspIdentifier = M3UAParameterTag(0x0011)
    public static let affectedPointCode = M3UAParameterTag(0x0012)
    public static let correlationID = M3UAParameterTag(0x0013)

    // M3UA-specific parameters (RFC 4666 §3.2, table "M3UA-Specific Parameters").
    public static let networkAppearance = M3UAParameterTag(0x0200)
    public static let userCause = M3UAParameterTag(0x0204)
    public static let congestionIndications = M3UAParameterTag(0x0205)
    public static let concernedDestination = M3UAParameterTag(0x0206)
    public static let routingKey = M3UAParameterTag(0x0207)
    public static let registrationResult = M3UAParameterTag(0x0208)
    public static let deregistrationResult = M3UAParameterTag(0x0209)
    public static let localRoutingKeyIdentifier = M3UAParameterTag(0x020A)
    public static let destinationPointCode = M3UAParameterTag(0x020B)
    public static let serviceIndicators = M3UAParameterTag(0x020C)
    public static let originatingPointCodeList = M3UAParameterTag(0x020E)
    public static let protocolData = M3UAParameterTag(0x0210)
    public static let registrationStatus = M3UAParameterTag(0x0212)
    public static let deregistrationStatus = M3UAParameterTag(0x0213)

    /// Whether the codec decodes this tag into a typed `M3UAParameter` (RFC 4666 mode).
    public var isKnown: Bool { name != nil }

    /// The RFC's name, or `nil` for a tag the codec does not interpret.
    public var name: String? {
        switch rawValue {
        case 0x0004: "INFO String"
        case 0x0006: "Routing Context"
        case 0x0007: "Diagnostic Information"
        case 0x0009: "Heartbeat Data"
        case 0x000B: "Traffic Mode Type"
        case 0x000C: "Error Code"
        case 0x000D: "Status"
        case 0x0011: "ASP Identifier"
        case 0x0012: "Affected Point Code"
        case 0x0013: "Correlation ID"
        case 0x0200: "Network Appearance"
        case 0x0204: "User/Cause"
        case 0x0205: "Congestion Indications"
        case 0x0206: "Concerned Destination"
        case 0x0207: "Routing Key"
        case 0x0208: "Registration Result"
        case 0x0209: "Deregistration Result"
        case 0x020A: "Local Routing Key Identifier"
        case 0x020B: "Destination Point Code"
        case 0x020C: "Service Indicators"
        case 0x020E: "Originating Point Code List"
        case 0x0210: "Protocol Data"
        case 0x0212: "Registration Status"
        case 0x0213: "Deregistration Status"
        default: nil
        }
    }

    public var description: String {
        let hex = String(rawValue, radix: 16)
        let code = "0x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if let name { return "\(name) (\(code))" }
        return "tag \(code)"
    }
}
