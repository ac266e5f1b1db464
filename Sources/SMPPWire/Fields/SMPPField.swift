/// The mandatory fields that can be malformed, with the size limit SMPP 3.4 §4 gives each C-Octet String (NUL
/// included) and the error code that answers a bad one (§5.1.3).
public enum SMPPField: Hashable, Sendable {
    case systemID, password, systemType, interfaceVersion, addressRange
    case serviceType, sourceAddress, destinationAddress, esmeAddress
    case scheduleDeliveryTime, validityPeriod, messageID
    /// A one-octet field (TON, NPI, esm_class, flags, sm_length, …).
    case octet

    /// The largest size the spec allows, NUL included.
    public var maximumLength: Int {
        switch self {
        case .systemID: 16
        case .password: 9
        case .systemType: 13
        case .addressRange: 41
        case .serviceType: 6
        case .sourceAddress, .destinationAddress: 21
        // alert_notification: source_addr and esme_addr "Var. Max 65".
        case .esmeAddress: 65
        case .scheduleDeliveryTime, .validityPeriod: 17
        case .messageID: 65
        case .interfaceVersion, .octet: 1
        }
    }

    /// The error code that answers a malformed value of this field.
    public var status: SMPPCommandStatus {
        switch self {
        case .systemID: .invalidSystemID
        case .password: .invalidPassword
        case .systemType: .invalidSystemType
        case .serviceType: .invalidServiceType
        case .sourceAddress, .addressRange, .esmeAddress: .invalidSourceAddress
        case .destinationAddress: .invalidDestinationAddress
        case .scheduleDeliveryTime: .invalidScheduledDeliveryTime
        case .validityPeriod: .invalidExpiryTime
        case .messageID: .invalidMessageID
        case .interfaceVersion, .octet: .invalidCommandLength
        }
    }
}
