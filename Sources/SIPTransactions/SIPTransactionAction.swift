public import NIOCore
public import SIPWire

/// What one transaction machine asks its owner (normally ``SIPTransactionLayer``) to do, in order.
public enum SIPTransactionAction: Hashable, Sendable {
    /// Pass this message to the transport: a first transmission or a retransmission (RFC 3261 §17).
    case send(SIPMessage)
    /// Pass this message to the transaction user: a response for a client transaction, the request (or an ACK in
    /// RFC 6026's Accepted state) for a server transaction.
    case deliver(SIPMessage)
    /// Arm a timer; call `timerFired(_:)` with the same value when it expires.
    case startTimer(SIPTimer, after: TimeAmount)
    /// Disarm a timer (a late firing is ignored anyway).
    case cancelTimer(SIPTimer)
    /// Inform the TU that the transaction timed out: Timer B, F (no final response) or H (no ACK).
    case timeout(SIPTimer.Kind)
    /// Inform the TU that the transport failed to send (RFC 3261 §17.1.4, §17.2.4).
    case transportError
    /// The transaction entered Terminated and must be destroyed (RFC 3261 §17.1.1.2 "The client transaction MUST
    /// be destroyed the instant it enters the "Terminated" state").
    case terminated
}

/// The states of RFC 3261 Figures 5–8 and RFC 6026's Accepted, for inspection and logging.
public enum SIPTransactionState: Hashable, Sendable, CustomStringConvertible {
    case calling, trying, proceeding, completed, confirmed, accepted, terminated

    public var description: String {
        switch self {
        case .calling: "Calling"
        case .trying: "Trying"
        case .proceeding: "Proceeding"
        case .completed: "Completed"
        case .confirmed: "Confirmed"
        case .accepted: "Accepted"
        case .terminated: "Terminated"
        }
    }
}

/// Helpers shared by the four machines.
extension SIPTimerTable {
    /// Starts `kind` and returns the action.
    mutating func arm(_ kind: SIPTimer.Kind, after duration: TimeAmount) -> SIPTransactionAction {
        .startTimer(start(kind), after: duration)
    }

    /// Cancels `kinds` that are armed and returns the actions.
    mutating func disarm(_ kinds: SIPTimer.Kind...) -> [SIPTransactionAction] {
        kinds.compactMap { cancel($0) }.map(SIPTransactionAction.cancelTimer)
    }

    /// Cancels everything and reports the end of the transaction.
    mutating func terminate() -> [SIPTransactionAction] {
        cancelAll().map(SIPTransactionAction.cancelTimer) + [.terminated]
    }
}
