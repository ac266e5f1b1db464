public import NIOCore

extension M3UAParameter {
    /// The value when this is INFO String (0x0004).
    public var infoStringValue: M3UAInfoString? { if case .infoString(let value) = self { value } else { nil } }
    /// The value when this is Routing Context (0x0006).
    public var routingContextValue: [UInt32]? { if case .routingContext(let value) = self { value } else { nil } }
    /// The value when this is Diagnostic Information (0x0007).
    public var diagnosticInformationValue: ByteBuffer? {
        if case .diagnosticInformation(let value) = self { value } else { nil }
    }
    /// The value when this is Heartbeat Data (0x0009).
    public var heartbeatDataValue: ByteBuffer? { if case .heartbeatData(let value) = self { value } else { nil } }
    /// The value when this is Traffic Mode Type (0x000b).
    public var trafficModeTypeValue: M3UATrafficModeType? {
        if case .trafficModeType(let value) = self { value } else { nil }
    }
    /// The value when this is Error Code (0x000c).
    public var errorCodeValue: M3UAErrorCode? { if case .errorCode(let value) = self { value } else { nil } }
    /// The value when this is Status (0x000d).
    public var statusValue: M3UAStatus? { if case .status(let value) = self { value } else { nil } }
    /// The value when this is ASP Identifier (0x0011).
    public var aspIdentifierValue: UInt32? { if case .aspIdentifier(let value) = self { value } else { nil } }
    /// The value when this is Affected Point Code (0x0012).
    public var affectedPointCodeValue: [M3UAMaskedPointCode]? {
        if case .affectedPointCode(let value) = self { value } else { nil }
    }
    /// The value when this is Correlation ID (0x0013).
    public var correlationIDValue: UInt32? { if case .correlationID(let value) = self { value } else { nil } }
    /// The value when this is Network Appearance (0x0200).
    public var networkAppearanceValue: UInt32? { if case .networkAppearance(let value) = self { value } else { nil } }
    /// The value when this is User/Cause (0x0204).
    public var userCauseValue: M3UAUserCause? { if case .userCause(let value) = self { value } else { nil } }
    /// The value when this is Congestion Indications (0x0205).
    public var congestionIndicationsValue: M3UACongestionIndications? {
        if case .congestionIndications(let value) = self { value } else { nil }
    }
    /// The value when this is Concerned Destination (0x0206).
    public var concernedDestinationValue: M3UAMaskedPointCode? {
        if case .concernedDestination(let value) = self { value } else { nil }
    }
    /// The value when this is Routing Key (0x0207).
    public var routingKeyValue: M3UARoutingKey? { if case .routingKey(let value) = self { value } else { nil } }
    /// The value when this is Registration Result (0x0208).
    public var registrationResultValue: M3UARegistrationResult? {
        if case .registrationResult(let value) = self { value } else { nil }
    }
    /// The value when this is Deregistration Result (0x0209).
    public var deregistrationResultValue: M3UADeregistrationResult? {
        if case .deregistrationResult(let value) = self { value } else { nil }
    }
    /// The value when this is Local Routing Key Identifier (0x020a).
    public var localRoutingKeyIdentifierValue: UInt32? {
        if case .localRoutingKeyIdentifier(let value) = self { value } else { nil }
    }
    /// The value when this is Destination Point Code (0x020b).
    public var destinationPointCodeValue: M3UAMaskedPointCode? {
        if case .destinationPointCode(let value) = self { value } else { nil }
    }
    /// The value when this is Service Indicators (0x020c).
    public var serviceIndicatorsValue: [UInt8]? { if case .serviceIndicators(let value) = self { value } else { nil } }
    /// The value when this is Originating Point Code List (0x020e).
    public var originatingPointCodeListValue: [M3UAMaskedPointCode]? {
        if case .originatingPointCodeList(let value) = self { value } else { nil }
    }
    /// The value when this is Protocol Data (0x0210).
    public var protocolDataValue: M3UAProtocolData? { if case .protocolData(let value) = self { value } else { nil } }
    /// The value when this is Registration Status (0x0212).
    public var registrationStatusValue: M3UARegistrationStatus? {
        if case .registrationStatus(let value) = self { value } else { nil }
    }
    /// The value when this is Deregistration Status (0x0213).
    public var deregistrationStatusValue: M3UADeregistrationStatus? {
        if case .deregistrationStatus(let value) = self { value } else { nil }
    }
}
