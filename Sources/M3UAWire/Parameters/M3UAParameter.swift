public import NIOCore
public import WireSupport

/// One M3UA parameter (RFC 4666 §3.2 common format, §3.3–§3.8 values), typed where it has structure.
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Parameter Tag        |       Parameter Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                                                               \
/// /                       Parameter Value                         /
/// \                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
/// Messages keep their parameters as an ordered list of these, so a decoded message re-encodes in its original
/// parameter order; tags the codec does not know stay `.unknown` and re-encode in place.
public enum M3UAParameter: Hashable, Sendable {
    /// INFO String (0x0004).
    case infoString(M3UAInfoString)
    /// Routing Context (0x0006): n × 32-bit values.
    case routingContext([UInt32])
    /// Diagnostic Information (0x0007): opaque, "SHOULD contain the offending message" (§3.8.1).
    case diagnosticInformation(ByteBuffer)
    /// Heartbeat Data (0x0009): opaque, echoed in BEAT ACK (§3.5.5).
    case heartbeatData(ByteBuffer)
    /// Traffic Mode Type (0x000b).
    case trafficModeType(M3UATrafficModeType)
    /// Error Code (0x000c).
    case errorCode(M3UAErrorCode)
    /// Status (0x000d).
    case status(M3UAStatus)
    /// ASP Identifier (0x0011).
    case aspIdentifier(UInt32)
    /// Affected Point Code (0x0012): one or more mask + point code entries.
    case affectedPointCode([M3UAMaskedPointCode])
    /// Correlation ID (0x0013).
    case correlationID(UInt32)
    /// Network Appearance (0x0200).
    case networkAppearance(UInt32)
    /// User/Cause (0x0204).
    case userCause(M3UAUserCause)
    /// Congestion Indications (0x0205).
    case congestionIndications(M3UACongestionIndications)
    /// Concerned Destination (0x0206): reserved octet + 24-bit point code (the "mask" here is the reserved octet).
    case concernedDestination(M3UAMaskedPointCode)
    /// Routing Key (0x0207): nested parameters.
    case routingKey(M3UARoutingKey)
    /// Registration Result (0x0208): nested parameters.
    case registrationResult(M3UARegistrationResult)
    /// Deregistration Result (0x0209): nested parameters.
    case deregistrationResult(M3UADeregistrationResult)
    /// Local Routing Key Identifier (0x020a).
    case localRoutingKeyIdentifier(UInt32)
    /// Destination Point Code (0x020b): one mask + point code.
    case destinationPointCode(M3UAMaskedPointCode)
    /// Service Indicators (0x020c): n × 8-bit SI values.
    case serviceIndicators([UInt8])
    /// Originating Point Code List (0x020e).
    case originatingPointCodeList([M3UAMaskedPointCode])
    /// Protocol Data (0x0210).
    case protocolData(M3UAProtocolData)
    /// Registration Status (0x0212).
    case registrationStatus(M3UARegistrationStatus)
    /// Deregistration Status (0x0213).
    case deregistrationStatus(M3UADeregistrationStatus)
    /// Draft-06 Protocol Data 1 (tag 0x0002): the MTP3 message from the SIO on.
    case draft06ProtocolData1(mtp3Message: ByteBuffer)
    /// Draft-06 Protocol Data 2 (tag 0x0003): a length indicator octet, then the MTP3 message from the SIO on.
    case draft06ProtocolData2(lengthIndicator: UInt8, mtp3Message: ByteBuffer)
    /// A parameter the codec does not interpret, kept as received (RFC 4666 §3.2 leaves unknown tags to the IETF;
    /// an unknown parameter in a known message is not an error).
    case unknown(PaddedTLV)

    /// The tag this parameter is written with.
    public var tag: M3UAParameterTag {
        switch self {
        case .infoString: .infoString
        case .routingContext: .routingContext
        case .diagnosticInformation: .diagnosticInformation
        case .heartbeatData: .heartbeatData
        case .trafficModeType: .trafficModeType
        case .errorCode: .errorCode
        case .status: .status
        case .aspIdentifier: .aspIdentifier
        case .affectedPointCode: .affectedPointCode
        case .correlationID: .correlationID
        case .networkAppearance: .networkAppearance
        case .userCause: .userCause
        case .congestionIndications: .congestionIndications
        case .concernedDestination: .concernedDestination
        case .routingKey: .routingKey
        case .registrationResult: .registrationResult
        case .deregistrationResult: .deregistrationResult
        case .localRoutingKeyIdentifier: .localRoutingKeyIdentifier
        case .destinationPointCode: .destinationPointCode
        case .serviceIndicators: .serviceIndicators
        case .originatingPointCodeList: .originatingPointCodeList
        case .protocolData: .protocolData
        case .registrationStatus: .registrationStatus
        case .deregistrationStatus: .deregistrationStatus
        case .draft06ProtocolData1: M3UAParameterTag(M3UADraft06.protocolData1Tag)
        case .draft06ProtocolData2: M3UAParameterTag(M3UADraft06.protocolData2Tag)
        case .unknown(let tlv): M3UAParameterTag(tlv.tag)
        }
    }
}
