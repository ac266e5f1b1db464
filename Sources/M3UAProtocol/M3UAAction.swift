public import M3UAWire

/// What an ASP or IPSP state machine asks its shell to do. The shell runs them in order.
public enum M3UAAction: Hashable, Sendable {
    /// Encode the message and send it on this SCTP stream (management on stream 0, DATA on 1…n by SLS).
    case send(M3UAMessage, stream: UInt16)
    /// Hand the MTP3-User message (ISUP, SCCP, …) of a received DATA up to the user part.
    case deliver(M3UAProtocolData)
    /// Arm a timer; call `timerFired(_:)` with the same value when it expires.
    case startTimer(M3UATimer, after: Duration)
    /// Disarm a timer (a late firing is ignored anyway).
    case cancelTimer(M3UATimer)
    /// The local ASP state changed (RFC 4666 §4.3.1).
    case stateChanged(M3UAASPState)
    /// The peer reported the state of an AS (NTFY, RFC 4666 §4.3.4.5); `nil` when it named no routing context.
    case asStateChanged(routingContext: UInt32?, M3UAASState)
    /// A destination's availability changed (SSNM, RFC 4666 §4.5).
    case destinationAvailability(M3UADestinationChange)
    /// Open the association again after this delay, then call `transportUp(outboundStreams:)`.
    case reconnect(after: Duration)
    /// Abort or shut down the association.
    case closeTransport
    /// Something worth logging or counting; no protocol action needed from the shell.
    case report(M3UAEvent)
}

/// A new state for a range of destinations, from an SSNM message or from local knowledge.
public struct M3UADestinationChange: Hashable, Sendable {
    /// The destinations (a point code and how many low bits are wildcarded, RFC 4666 §3.4.1).
    public var affected: M3UAMaskedPointCode
    public var status: M3UADestinationStatus

    public init(affected: M3UAMaskedPointCode, status: M3UADestinationStatus) {
        self.affected = affected
        self.status = status
    }
}

/// Events a shell logs or counts; none requires an action beyond those returned alongside.
public enum M3UAEvent: Hashable, Sendable {
    /// A procedure (ASPUP, ASPAC, ASPIA, ASPDN, REG REQ) got no acknowledgement after every T(ack) retransmission.
    case procedureFailed(M3UAProcedure)
    /// The peer answered no BEAT for `missed` intervals: the link is considered failed (RFC 4666 §4.3.4.6).
    case heartbeatLost(missed: Int)
    /// A BEAT ACK whose Heartbeat Data is not the one we sent (§3.5.6: it must be echoed unchanged).
    case heartbeatMismatch
    /// The peer sent ERR (RFC 4666 §3.8.1).
    case peerError(M3UAErrorMessage)
    /// The peer refused a request with ERR (RFC 4666 §3.8.1, e.g. "Invalid Routing Context" or "No Configured AS
    /// for ASP" for ASPAC): no retransmission; ASPAC and REG REQ leave the ASP in ASP-INACTIVE until the layer
    /// manager asks again, a refused ASPUP reconnects after backoff.
    case procedureRefused(M3UAProcedure, M3UAErrorCode)
    /// The peer sent a NTFY of type "Other" (§3.8.2): insufficient ASPs, alternate ASP active, ASP failure.
    case notified(M3UAStatus, routingContext: [UInt32]?)
    /// A received message could not be decoded; an ERR was sent unless it was itself an ERR.
    case decodingFailed(M3UADecodingError)
    /// A message that is not allowed in the current state was refused (ERR "Unexpected Message" unless discarded).
    case unexpectedMessage(String, state: M3UAASPState)
    /// A registration request was refused (RFC 4666 §4.4.1).
    case registrationFailed(M3UARegistrationResult)
    /// Dynamic registration assigned these routing contexts (RFC 4666 §4.4.1).
    case registered(routingContexts: [UInt32])
    /// IPSP double exchange (RFC 4666 §4.3): the peer's ASP state as this IPSP's SG half keeps it.
    case peerASPStateChanged(M3UAASPState)
    /// IPSP double exchange: the state of the AS the peer serves, as this IPSP's SG half keeps it.
    case peerASStateChanged(routingContext: UInt32, M3UAASState)
    /// Outgoing DATA was discarded (not ASP-ACTIVE, or no active ASP on the SG side).
    case dataDiscarded(M3UADiscardReason)
}

/// The acknowledged procedures of RFC 4666 §4.3.4 and §4.4.
public enum M3UAProcedure: Hashable, Sendable {
    case aspUp, aspDown, aspActive, aspInactive, registration
}

/// Why DATA was not sent.
public enum M3UADiscardReason: Hashable, Sendable {
    /// DATA is only sent in ASP-ACTIVE (RFC 4666 §4.3.4.3).
    case notActive
    /// No ASP is active for the AS (SG side): not AS-PENDING, the T(r) buffer is full, or T(r) expired.
    case noActiveASP
    /// The transport is down.
    case transportDown
}
