public import NIOCore

/// The body of one SMPP PDU (SMPP 3.4 §4): one case per PDU Reroute's ESME speaks, with its body struct, plus PDUs
/// of other command ids kept raw.
public enum SMPPMessage: Hashable, Sendable {
    /// generic_nack (§4.3.1): header only.
    case genericNack
    /// bind_receiver (§4.1.3).
    case bindReceiver(SMPPBind)
    /// bind_receiver_resp (§4.1.4).
    case bindReceiverResponse(SMPPBindResponse)
    /// bind_transmitter (§4.1.1).
    case bindTransmitter(SMPPBind)
    /// bind_transmitter_resp (§4.1.2).
    case bindTransmitterResponse(SMPPBindResponse)
    /// bind_transceiver (§4.1.5).
    case bindTransceiver(SMPPBind)
    /// bind_transceiver_resp (§4.1.6).
    case bindTransceiverResponse(SMPPBindResponse)
    /// unbind (§4.2.1): header only.
    case unbind
    /// unbind_resp (§4.2.2): header only.
    case unbindResponse
    /// submit_sm (§4.4.1).
    case submitSM(SMPPSubmitSM)
    /// submit_sm_resp (§4.4.2).
    case submitSMResponse(SMPPSubmitSMResponse)
    /// deliver_sm (§4.6.1).
    case deliverSM(SMPPDeliverSM)
    /// deliver_sm_resp (§4.6.2).
    case deliverSMResponse(SMPPDeliverSMResponse)
    /// enquire_link (§4.11.1): header only.
    case enquireLink
    /// enquire_link_resp (§4.11.2): header only.
    case enquireLinkResponse
    /// alert_notification (§4.12.1).
    case alertNotification(SMPPAlertNotification)
    /// A PDU of another command id, kept raw: `body` is everything after the header.
    case unknown(commandID: SMPPCommandID, body: ByteBuffer)

    /// The command_id of the header.
    public var commandID: SMPPCommandID {
        switch self {
        case .genericNack: .genericNack
        case .bindReceiver: .bindReceiver
        case .bindReceiverResponse: .bindReceiverResponse
        case .bindTransmitter: .bindTransmitter
        case .bindTransmitterResponse: .bindTransmitterResponse
        case .bindTransceiver: .bindTransceiver
        case .bindTransceiverResponse: .bindTransceiverResponse
        case .unbind: .unbind
        case .unbindResponse: .unbindResponse
        case .submitSM: .submitSM
        case .submitSMResponse: .submitSMResponse
        case .deliverSM: .deliverSM
        case .deliverSMResponse: .deliverSMResponse
        case .enquireLink: .enquireLink
        case .enquireLinkResponse: .enquireLinkResponse
        case .alertNotification: .alertNotification
        case .unknown(let commandID, _): commandID
        }
    }

    /// The response to send with an error status, body absent (§4.4.2: "not returned if the command_status field
    /// contains a non-zero value"); `nil` for ids this codec does not implement.
    public static func errorResponse(for responseID: SMPPCommandID) -> SMPPMessage? {
        switch responseID {
        case .bindReceiverResponse: .bindReceiverResponse(SMPPBindResponse(systemID: nil))
        case .bindTransmitterResponse: .bindTransmitterResponse(SMPPBindResponse(systemID: nil))
        case .bindTransceiverResponse: .bindTransceiverResponse(SMPPBindResponse(systemID: nil))
        case .unbindResponse: .unbindResponse
        case .submitSMResponse: .submitSMResponse(SMPPSubmitSMResponse(messageID: nil))
        case .deliverSMResponse: .deliverSMResponse(SMPPDeliverSMResponse(messageID: nil))
        case .enquireLinkResponse: .enquireLinkResponse
        default: nil
        }
    }
}

extension SMPPMessage: CustomStringConvertible {
    /// The spec's PDU name: `submit_sm`, `deliver_sm_resp`, …
    public var description: String { commandID.description }
}
