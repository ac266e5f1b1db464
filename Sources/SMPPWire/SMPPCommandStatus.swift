/// The command_status of an SMPP PDU: the SMPP Error Codes of SMPP 3.4 §5.1.3. An open set.
///
/// "The command_status field of an SMPP message response indicates the success or failure of an SMPP request.
/// ... The command_status field is relevant only in the SMPP response message. In the SMPP request message it should
/// be set to NULL."
public struct SMPPCommandStatus: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    @inlinable
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    /// No Error.
    public static let ok = SMPPCommandStatus(0x00)
    /// Message Length is invalid.
    public static let invalidMessageLength = SMPPCommandStatus(0x01)
    /// Command Length is invalid.
    public static let invalidCommandLength = SMPPCommandStatus(0x02)
    /// Invalid Command ID.
    public static let invalidCommandID = SMPPCommandStatus(0x03)
    /// Incorrect BIND Status for given command.
    public static let invalidBindStatus = SMPPCommandStatus(0x04)
    /// ESME Already in Bound State.
    public static let alreadyBound = SMPPCommandStatus(0x05)
    /// Invalid Priority Flag.
    public static let invalidPriorityFlag = SMPPCommandStatus(0x06)
    /// Invalid Registered Delivery Flag.
    public static let invalidRegisteredDeliveryFlag = SMPPCommandStatus(0x07)
    /// System Error.
    public static let systemError = SMPPCommandStatus(0x08)
    /// Invalid Source Address.
    public static let invalidSourceAddress = SMPPCommandStatus(0x0A)
    /// Invalid Dest Addr.
    public static let invalidDestinationAddress = SMPPCommandStatus(0x0B)
    /// Message ID is invalid.
    public static let invalidMessageID = SMPPCommandStatus(0x0C)
    /// Bind Failed.
    public static let bindFailed = SMPPCommandStatus(0x0D)
    /// Invalid Password.
    public static let invalidPassword = SMPPCommandStatus(0x0E)
    /// Invalid System ID.
    public static let invalidSystemID = SMPPCommandStatus(0x0F)
    /// Message Queue Full.
    public static let messageQueueFull = SMPPCommandStatus(0x14)
    /// Invalid Service Type.
    public static let invalidServiceType = SMPPCommandStatus(0x15)
    /// Invalid esm_class field data.
    public static let invalidESMClass = SMPPCommandStatus(0x43)
    /// submit_sm or submit_multi failed.
    public static let submitFailed = SMPPCommandStatus(0x45)
    /// Invalid Source address TON.
    public static let invalidSourceTON = SMPPCommandStatus(0x48)
    /// Invalid Source address NPI.
    public static let invalidSourceNPI = SMPPCommandStatus(0x49)
    /// Invalid Destination address TON.
    public static let invalidDestinationTON = SMPPCommandStatus(0x50)
    /// Invalid Destination address NPI.
    public static let invalidDestinationNPI = SMPPCommandStatus(0x51)
    /// Invalid system_type field.
    public static let invalidSystemType = SMPPCommandStatus(0x53)
    /// Throttling error (ESME has exceeded allowed message limits).
    public static let throttled = SMPPCommandStatus(0x58)
    /// Invalid Scheduled Delivery Time.
    public static let invalidScheduledDeliveryTime = SMPPCommandStatus(0x61)
    /// Invalid message validity period (Expiry time).
    public static let invalidExpiryTime = SMPPCommandStatus(0x62)
    /// Error in the optional part of the PDU Body.
    public static let invalidOptionalParameterStream = SMPPCommandStatus(0xC0)
    /// Optional Parameter not allowed.
    public static let optionalParameterNotAllowed = SMPPCommandStatus(0xC1)
    /// Invalid Parameter Length.
    public static let invalidParameterLength = SMPPCommandStatus(0xC2)
    /// Expected Optional Parameter missing.
    public static let missingOptionalParameter = SMPPCommandStatus(0xC3)
    /// Invalid Optional Parameter Value.
    public static let invalidOptionalParameterValue = SMPPCommandStatus(0xC4)
    /// Delivery Failure (used for data_sm_resp).
    public static let deliveryFailure = SMPPCommandStatus(0xFE)
    /// Unknown Error.
    public static let unknownError = SMPPCommandStatus(0xFF)

    /// The ESME_* name of §5.1.3, or the hex value for codes it does not list.
    public var description: String {
        switch rawValue {
        case 0x00: "ESME_ROK"
        case 0x01: "ESME_RINVMSGLEN"
        case 0x02: "ESME_RINVCMDLEN"
        case 0x03: "ESME_RINVCMDID"
        case 0x04: "ESME_RINVBNDSTS"
        case 0x05: "ESME_RALYBND"
        case 0x06: "ESME_RINVPRTFLG"
        case 0x07: "ESME_RINVREGDLVFLG"
        case 0x08: "ESME_RSYSERR"
        case 0x0A: "ESME_RINVSRCADR"
        case 0x0B: "ESME_RINVDSTADR"
        case 0x0C: "ESME_RINVMSGID"
        case 0x0D: "ESME_RBINDFAIL"
        case 0x0E: "ESME_RINVPASWD"
        case 0x0F: "ESME_RINVSYSID"
        case 0x14: "ESME_RMSGQFUL"
        case 0x15: "ESME_RINVSERTYP"
        case 0x43: "ESME_RINVESMCLASS"
        case 0x45: "ESME_RSUBMITFAIL"
        case 0x48: "ESME_RINVSRCTON"
        case 0x49: "ESME_RINVSRCNPI"
        case 0x50: "ESME_RINVDSTTON"
        case 0x51: "ESME_RINVDSTNPI"
        case 0x53: "ESME_RINVSYSTYP"
        case 0x58: "ESME_RTHROTTLED"
        case 0x61: "ESME_RINVSCHED"
        case 0x62: "ESME_RINVEXPIRY"
        case 0xC0: "ESME_RINVOPTPARSTREAM"
        case 0xC1: "ESME_ROPTPARNOTALLWD"
        case 0xC2: "ESME_RINVPARLEN"
        case 0xC3: "ESME_RMISSINGOPTPARAM"
        case 0xC4: "ESME_RINVOPTPARAMVAL"
        case 0xFE: "ESME_RDELIVERYFAILURE"
        case 0xFF: "ESME_RUNKNOWNERR"
        default: "command_status 0x" + String(rawValue, radix: 16)
        }
    }
}
