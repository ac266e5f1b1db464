/// The tag of an optional parameter (SMPP 3.4 §5.3.2). An open set; tags 0x1400–0x3FFF are vendor-specific.
public struct SMPPTLVTag: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16

    @inlinable
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    public static let destinationAddressSubunit = SMPPTLVTag(0x0005)
    public static let sourceAddressSubunit = SMPPTLVTag(0x000D)
    public static let qosTimeToLive = SMPPTLVTag(0x0017)
    public static let payloadType = SMPPTLVTag(0x0019)
    public static let additionalStatusInfoText = SMPPTLVTag(0x001D)
    /// receipted_message_id, C-Octet String up to 65 octets (§5.3.2.12).
    public static let receiptedMessageID = SMPPTLVTag(0x001E)
    public static let privacyIndicator = SMPPTLVTag(0x0201)
    public static let userMessageReference = SMPPTLVTag(0x0204)
    public static let sourcePort = SMPPTLVTag(0x020A)
    public static let destinationPort = SMPPTLVTag(0x020B)
    public static let sarMessageReferenceNumber = SMPPTLVTag(0x020C)
    public static let languageIndicator = SMPPTLVTag(0x020D)
    public static let sarTotalSegments = SMPPTLVTag(0x020E)
    public static let sarSegmentSequenceNumber = SMPPTLVTag(0x020F)
    /// sc_interface_version, 1 octet (§5.3.2.25), in bind responses.
    public static let scInterfaceVersion = SMPPTLVTag(0x0210)
    public static let callbackNumber = SMPPTLVTag(0x0381)
    /// ms_availability_status, 1 octet (§5.3.2.30), in alert_notification.
    public static let msAvailabilityStatus = SMPPTLVTag(0x0422)
    /// network_error_code, 3 octets (§5.3.2.31).
    public static let networkErrorCode = SMPPTLVTag(0x0423)
    /// message_payload, 0–64K octets (§5.3.2.32): the text when it does not fit short_message.
    public static let messagePayload = SMPPTLVTag(0x0424)
    public static let deliveryFailureReason = SMPPTLVTag(0x0425)
    public static let moreMessagesToSend = SMPPTLVTag(0x0426)
    /// message_state, 1 octet (§5.3.2.35), in delivery receipts.
    public static let messageState = SMPPTLVTag(0x0427)
    public static let ussdServiceOperation = SMPPTLVTag(0x0501)

    public var description: String { "0x" + String(rawValue, radix: 16) }
}
