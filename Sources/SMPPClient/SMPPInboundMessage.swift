public import SMPPProtocol
public import SMPPWire

/// A deliver_sm as the application sees it: a mobile-originated SMS or a delivery receipt (SMPP 3.4 §4.6.1).
public enum SMPPInboundMessage: Hashable, Sendable {
    /// An SMS from a phone: `from` is E.164 (`+` and digits) when the SMSC marked it international.
    case shortMessage(from: String, to: String, text: String, pdu: SMPPDeliverSM)
    /// A delivery receipt for a message Reroute submitted (esm_class message type 0x04).
    case deliveryReceipt(SMPPDeliveryReceipt, pdu: SMPPDeliverSM)

    /// Classifies one deliver_sm.
    public init(_ pdu: SMPPDeliverSM) {
        if let receipt = SMPPDeliveryReceipt(pdu) {
            self = .deliveryReceipt(receipt, pdu: pdu)
        } else {
            self = .shortMessage(
                from: pdu.source.e164OrRaw, to: pdu.destination.e164OrRaw, text: pdu.text, pdu: pdu)
        }
    }
}

/// A change of the client's session, for logs, metrics and tests.
public enum SMPPClientEvent: Hashable, Sendable {
    case bound(systemID: String)
    case bindFailed(SMPPCommandStatus?)
    case unbound
    /// The SMSC answered an enquire_link.
    case enquireLinkAnswered
    case stopped
    case alert(SMPPAlertNotification)
}

/// Why a submit did not return a message id: the state machine's outcome (never `.accepted`).
public struct SMPPSubmitError: Error, Hashable, Sendable, CustomStringConvertible {
    public var outcome: SMPPSubmitOutcome

    public init(_ outcome: SMPPSubmitOutcome) { self.outcome = outcome }

    public var description: String { "SMPP submit_sm failed: \(outcome)" }
}
