public import ISUPWire
public import NIOCore
public import TelecomTypes

/// What an ``ISUPSwitch`` asks its shell to do. Plain values: `Equatable` and `Sendable`, no closures.
public enum ISUPAction: Hashable, Sendable {
    /// Encode and send this message to the peer.
    case send(ISUPMessage)
    /// Run a timer; report its expiry with ``ISUPSwitch/timerFired(_:)``.
    case startTimer(ISUPTimerID, after: TimeAmount)
    /// Stop a timer (a firing that arrives anyway is ignored).
    case cancelTimer(ISUPTimerID)
    /// A complete incoming call for the call layer.
    case incomingCall(ISUPIncomingCall)
    /// Something happened to the call on a circuit.
    case callEvent(CircuitIdentificationCode, ISUPCallEvent)
    /// A circuit's call, blocking or transient state changed.
    case circuitStateChanged(ISUPCircuitStatus)
    /// Something an operator should know.
    case maintenanceAlert(ISUPMaintenanceAlert)
}

/// A call-level event reported to the call layer.
public enum ISUPCallEvent: Hashable, Sendable {
    /// ACM received (Q.764 §2.1.4): the called party is being alerted (or not, per the indicators).
    case addressComplete(ISUPMessage)
    /// CPG received (Q.764 §2.1.5).
    case progress(ISUPMessage)
    /// ANM received (Q.764 §2.1.7).
    case answered(ISUPMessage)
    /// CON received: address complete and answered at once (Q.764 §2.1.7).
    case connected(ISUPMessage)
    /// SUS received (Q.764 §2.4): the far end suspended the call; T6 runs for a network-initiated suspend, T2 for
    /// one the subscriber initiated.
    case suspended
    /// RES received.
    case resumed
    /// The call is over: the peer released it, a timer expired, or a maintenance action cleared it. The circuit
    /// may still be awaiting RLC; ``ISUPAction/circuitStateChanged(_:)`` tells when it is idle.
    case released(cause: Q850Cause)
    /// Our outgoing IAM lost a dual seizure (Q.764 §2.9.1.4): the call was not set up on this circuit and
    /// should be re-attempted on another one (`placeCall` again).
    case dualSeizure
    /// Incoming continuity check (Q.764 §2.1.8): connect (`true`) or remove (`false`) the check loop on the circuit.
    /// Sent for an IAM or CCR asking for a check on this circuit; the loop goes when COT, REL or a reset arrives.
    case continuityLoop(connect: Bool)
    /// Outgoing continuity check (Q.764 §2.1.8): send the check tone on the circuit and report the result with
    /// ``ISUPSwitch/continuityResult(cic:passed:)``; without a verdict within T24 the check counts as failed.
    case continuityTestRequested
    /// Our outgoing IAM failed its continuity check (COT failure sent): the call was not set up on this circuit and
    /// should be re-attempted on another one; the circuit itself is rechecked with CCR (Q.764 §2.1.8).
    case continuityFailure
}

/// The IAM fields of an incoming call (Q.763 Table 32), plus the message itself for anything else.
public struct ISUPIncomingCall: Hashable, Sendable {
    public var cic: CircuitIdentificationCode
    /// The called number with every SAM's digits appended.
    public var calledPartyNumber: ISUPNumber
    public var callingPartyNumber: ISUPNumber?
    public var callingPartysCategory: ISUPCallingPartyCategory?
    public var forwardCallIndicators: ISUPForwardCallIndicators?
    public var natureOfConnectionIndicators: ISUPNatureOfConnectionIndicators?
    public var transmissionMediumRequirement: ISUPTransmissionMediumRequirement?
    /// The IAM as received (unrecognised parameters that were discarded are removed).
    public var initialAddress: ISUPMessage
}

/// Something an operator should know (Q.764 asks for the maintenance system to be informed in these cases).
public enum ISUPMaintenanceAlert: Hashable, Sendable {
    /// A timer of the "long" family expired (T5, T13, T15, T17, T19, T21, T23): the procedure keeps repeating. Also
    /// T33, whose expiry alerts maintenance as it releases the call (Q.764 §2.9.7).
    case timerExpired(ISUPTimer, CircuitIdentificationCode)
    /// The peer sent UCIC for this circuit (Q.764 §2.12); it is taken out of service.
    case peerReportedUnequipped(CircuitIdentificationCode)
    /// A message arrived for a CIC this switch does not have; UCIC was sent.
    case unequippedCircuit(CircuitIdentificationCode, ISUPMessageType)
    /// The peer sent CFN (Q.764 §2.9.5.2).
    case confusionReceived(CircuitIdentificationCode, Q850Cause?)
    /// The peer's CQR (Q.764 §2.9.3.3): the circuit state indicator octets from `cic` on.
    case circuitQueryResponse(CircuitIdentificationCode, states: [UInt8])
    /// An IAM arrived on a circuit the peer had blocked: the blocking was removed (Q.764 §2.8.2.3).
    case remoteBlockingRemovedByIAM(CircuitIdentificationCode)
    /// An acknowledgement or message that did not match the circuit's state (Q.764 §2.8.2.3, §2.9.3).
    case unexpectedMessage(CircuitIdentificationCode, ISUPMessageType)
    /// A message could not be decoded; what was done about it is in the other actions.
    case decodingFailed(ISUPDecodingError)
    /// A continuity recheck failed again (Q.764 §2.1.8: maintenance is told from the second failure on); CCR is
    /// repeated every T26.
    case continuityCheckFailed(CircuitIdentificationCode, failures: Int)
}
