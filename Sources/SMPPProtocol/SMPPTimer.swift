/// The timers of an ESME session (SMPP 3.4 §7.2), each with an identity so a firing after its cancel is ignored.
public enum SMPPTimer: Hashable, Sendable {
    /// response_timer for the request with this sequence number: bind, submit_sm, enquire_link or unbind.
    case response(sequenceNumber: UInt32)
    /// enquire_link_timer: the interval after which the ESME checks with enquire_link that its peer still holds
    /// the session.
    case enquireLink
    /// The pause before the next connection attempt after a loss or a failed bind.
    case reconnect
    /// How long a submit may wait in the queue (while unbound or while the window is full).
    case queued(SMPPRequestID)
}

/// The durations of `SMPPTimer`s, with the defaults SMPP 3.4 §7.2 leaves to configuration.
public struct SMPPTimerConfiguration: Hashable, Sendable {
    /// response_timer: how long to wait for any response (bind, submit_sm, enquire_link, unbind).
    public var response: Duration
    /// enquire_link_timer: how often an idle-or-not bound session is probed.
    public var enquireLink: Duration
    /// First pause before reconnecting; doubled per failed attempt.
    public var reconnectInitial: Duration
    /// Longest pause between reconnection attempts.
    public var reconnectMaximum: Duration
    /// How long a submit may wait for a bound session and a free window slot.
    public var queue: Duration

    public init(
        response: Duration = .seconds(10), enquireLink: Duration = .seconds(30),
        reconnectInitial: Duration = .seconds(1), reconnectMaximum: Duration = .seconds(60),
        queue: Duration = .seconds(30)
    ) {
        self.response = response
        self.enquireLink = enquireLink
        self.reconnectInitial = reconnectInitial
        self.reconnectMaximum = reconnectMaximum
        self.queue = queue
    }

    /// The pause before connection attempt `attempt` (0 = right after the loss): initial × 2^attempt, capped.
    public func reconnectDelay(attempt: Int) -> Duration {
        var delay = reconnectInitial
        for _ in 0..<min(attempt, 30) {
            delay *= 2
            if delay >= reconnectMaximum { return reconnectMaximum }
        }
        return min(delay, reconnectMaximum)
    }
}

/// The caller's id for one submit, chosen by the shell.
public struct SMPPRequestID: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public var description: String { "request \(rawValue)" }
}
