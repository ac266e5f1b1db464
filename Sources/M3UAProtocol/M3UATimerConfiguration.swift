/// Every M3UA duration and retry count in one place, with the RFC 4666 defaults.
public struct M3UATimerConfiguration: Hashable, Sendable {
    /// T(ack), the wait for ASPUP ACK, ASPDN ACK, ASPAC ACK, ASPIA ACK and REG RSP before resending.
    /// RFC 4666 §4.3.4.1: "T(ack) is provisionable, with a default of 2 seconds."
    public var ack: Duration = .seconds(2)
    /// How many times a request is resent on T(ack) expiry before the procedure is reported as failed.
    /// The RFC leaves the count to layer management (§4.3.4.1 "the ASP MAY restart T(ack) and resend").
    public var maximumRetransmissions: Int = 4
    /// Whether this side sends BEAT at all. Off by default: RFC 4666 §3.5.5 makes BEAT optional and recommends it
    /// when M3UA runs over a transport other than SCTP (e.g. TCP), SCTP having its own heartbeat.
    public var heartbeatEnabled = false
    /// T(beat), the interval between BEATs when enabled (RFC 4666 §4.3.4.6: 30 seconds).
    public var heartbeatInterval: Duration = .seconds(30)
    /// How many consecutive BEATs may go unanswered before the peer is declared unavailable.
    /// RFC 4666 §4.3.4.6: no BEAT ACK "within 2*T(beat)" means the peer is unavailable, hence 2.
    public var maximumMissedHeartbeats: Int = 2
    /// T(r), the AS-PENDING recovery timer at the SGP (RFC 4666 §4.3.2 "provisionable"; 2 s as in common SGPs).
    public var recovery: Duration = .seconds(2)
    /// The first reconnect delay after the association fails; doubled on each failure (not an RFC timer).
    public var reconnectMinimum: Duration = .seconds(1)
    /// The cap of the reconnect delay.
    public var reconnectMaximum: Duration = .seconds(60)
    /// The fraction (0…1) of each reconnect delay that is randomly taken off, so ASPs do not reconnect in step.
    public var reconnectJitter: Double = 0.2

    /// The RFC defaults; heartbeats off.
    public init() {}

    /// T(beat) when heartbeats are enabled, `nil` otherwise.
    var heartbeat: Duration? { heartbeatEnabled ? heartbeatInterval : nil }
}
