/// The command_id of an SMPP PDU (SMPP 3.4 §5.1.2.1). An open set: ids this codec does not implement round-trip.
///
/// "The command_id field ... identifies the SMPP PDU. ... bit 31 ... is clear for requests and set for responses."
public struct SMPPCommandID: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    @inlinable
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    public static let genericNack = SMPPCommandID(0x8000_0000)
    public static let bindReceiver = SMPPCommandID(0x0000_0001)
    public static let bindReceiverResponse = SMPPCommandID(0x8000_0001)
    public static let bindTransmitter = SMPPCommandID(0x0000_0002)
    public static let bindTransmitterResponse = SMPPCommandID(0x8000_0002)
    public static let querySM = SMPPCommandID(0x0000_0003)
    public static let querySMResponse = SMPPCommandID(0x8000_0003)
    public static let submitSM = SMPPCommandID(0x0000_0004)
    public static let submitSMResponse = SMPPCommandID(0x8000_0004)
    public static let deliverSM = SMPPCommandID(0x0000_0005)
    public static let deliverSMResponse = SMPPCommandID(0x8000_0005)
    public static let unbind = SMPPCommandID(0x0000_0006)
    public static let unbindResponse = SMPPCommandID(0x8000_0006)
    public static let replaceSM = SMPPCommandID(0x0000_0007)
    public static let replaceSMResponse = SMPPCommandID(0x8000_0007)
    public static let cancelSM = SMPPCommandID(0x0000_0008)
    public static let cancelSMResponse = SMPPCommandID(0x8000_0008)
    public static let bindTransceiver = SMPPCommandID(0x0000_0009)
    public static let bindTransceiverResponse = SMPPCommandID(0x8000_0009)
    public static let outbind = SMPPCommandID(0x0000_000B)
    public static let enquireLink = SMPPCommandID(0x0000_0015)
    public static let enquireLinkResponse = SMPPCommandID(0x8000_0015)
    public static let submitMulti = SMPPCommandID(0x0000_0021)
    public static let submitMultiResponse = SMPPCommandID(0x8000_0021)
    public static let alertNotification = SMPPCommandID(0x0000_0102)
    public static let dataSM = SMPPCommandID(0x0000_0103)
    public static let dataSMResponse = SMPPCommandID(0x8000_0103)

    /// Bit 31 set: a response PDU (§5.1.2.1).
    public var isResponse: Bool { rawValue & 0x8000_0000 != 0 }

    /// The id of the response to this request (bit 31 set); `nil` for responses, and for the requests SMPP 3.4
    /// defines without a response (outbind, alert_notification).
    public var responseID: SMPPCommandID? {
        guard !isResponse, self != .outbind, self != .alertNotification else { return nil }
        return SMPPCommandID(rawValue | 0x8000_0000)
    }

    public var description: String {
        switch self {
        case .genericNack: "generic_nack"
        case .bindReceiver: "bind_receiver"
        case .bindReceiverResponse: "bind_receiver_resp"
        case .bindTransmitter: "bind_transmitter"
        case .bindTransmitterResponse: "bind_transmitter_resp"
        case .querySM: "query_sm"
        case .querySMResponse: "query_sm_resp"
        case .submitSM: "submit_sm"
        case .submitSMResponse: "submit_sm_resp"
        case .deliverSM: "deliver_sm"
        case .deliverSMResponse: "deliver_sm_resp"
        case .unbind: "unbind"
        case .unbindResponse: "unbind_resp"
        case .replaceSM: "replace_sm"
        case .replaceSMResponse: "replace_sm_resp"
        case .cancelSM: "cancel_sm"
        case .cancelSMResponse: "cancel_sm_resp"
        case .bindTransceiver: "bind_transceiver"
        case .bindTransceiverResponse: "bind_transceiver_resp"
        case .outbind: "outbind"
        case .enquireLink: "enquire_link"
        case .enquireLinkResponse: "enquire_link_resp"
        case .submitMulti: "submit_multi"
        case .submitMultiResponse: "submit_multi_resp"
        case .alertNotification: "alert_notification"
        case .dataSM: "data_sm"
        case .dataSMResponse: "data_sm_resp"
        default: "command_id 0x" + String(rawValue, radix: 16)
        }
    }
}
