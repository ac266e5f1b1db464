public import SMPPWire

/// What the shell does after an input to `SMPPClientStateMachine`: one decision each, run in order.
public enum SMPPClientAction: Hashable, Sendable {
    /// Open the TCP connection to the SMSC; report `transportUp()` or `transportDown()`.
    case connect
    /// Write the PDU.
    case send(SMPPPDU)
    /// Close the connection; report `transportDown()` once closed.
    case close
    case startTimer(SMPPTimer, after: Duration)
    case cancelTimer(SMPPTimer)
    /// The bind succeeded: the session can carry traffic both ways.
    case bound(systemID: String)
    /// The bind was refused or not answered; a reconnection follows.
    case bindFailed(SMPPBindFailure)
    /// A bound session ended (peer unbind, connection loss, dead link); a reconnection follows.
    case unbound
    /// The SMSC answered our enquire_link: the link is alive (§4.11).
    case enquireLinkAnswered
    /// `stop()` has finished: no connection, no timers.
    case stopped
    /// The final outcome of a submit.
    case submitCompleted(SMPPRequestID, SMPPSubmitOutcome)
    /// A deliver_sm, already answered with deliver_sm_resp, for the application.
    case deliver(SMPPDeliverSM)
    /// An alert_notification for the application (it has no response, §4.12).
    case alert(SMPPAlertNotification)
}

/// Why a bind did not succeed.
public enum SMPPBindFailure: Hashable, Sendable {
    /// bind_transceiver_resp or generic_nack with this status (e.g. ESME_RINVPASWD, ESME_RBINDFAIL).
    case rejected(SMPPCommandStatus)
    /// No response within response_timer.
    case timedOut
}

/// The final outcome of one submit_sm.
public enum SMPPSubmitOutcome: Hashable, Sendable {
    /// submit_sm_resp ESME_ROK with the SMSC's message_id.
    case accepted(messageID: String)
    /// submit_sm_resp or generic_nack with an error status.
    case rejected(SMPPCommandStatus)
    /// A response came that could not be decoded.
    case invalidResponse(SMPPCommandStatus)
    /// Sent, and no response within response_timer: the SMSC may or may not have the message.
    case responseTimeout
    /// Sent, and the connection went down before the response: the SMSC may or may not have the message.
    case connectionLost
    /// Never sent: no bound session and free window slot within the queue timer.
    case queueTimeout
    /// Never sent: the queue was full.
    case queueFull
    /// Never sent: the client was stopped.
    case stopped
}
