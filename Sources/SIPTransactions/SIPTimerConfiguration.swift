public import NIOCore

/// The SIP transaction timer base values (RFC 3261 §17.1.1.1, Table 4), from which every timer is derived.
public struct SIPTimerConfiguration: Hashable, Sendable {
    /// T1, the round-trip time estimate. RFC 3261 §17.1.1.1: "T1 ... defaults to 500 ms".
    public var t1: TimeAmount = .milliseconds(500)
    /// T2, the maximum retransmit interval for non-INVITE requests and INVITE responses (RFC 3261 Table 4: 4 s).
    public var t2: TimeAmount = .seconds(4)
    /// T4, the maximum duration a message will remain in the network (RFC 3261 Table 4: 5 s).
    public var t4: TimeAmount = .seconds(5)
    /// Timer D on unreliable transports. RFC 3261 §17.1.1.2: "a value of at least 32 seconds for unreliable
    /// transports" (it is zero on reliable ones).
    public var timerD: TimeAmount = .seconds(32)
    /// How long an INVITE server transaction waits for the TU's first response before sending 100 Trying itself.
    /// RFC 3261 §17.2.1: it "MUST generate a 100 (Trying) response unless it knows that the TU will generate a
    /// provisional or final response within 200 ms".
    public var tryingDelay: TimeAmount = .milliseconds(200)

    /// The RFC 3261 defaults.
    public init() {}

    public init(t1: TimeAmount, t2: TimeAmount, t4: TimeAmount) {
        self.t1 = t1
        self.t2 = t2
        self.t4 = t4
    }

    /// 64*T1: Timers B, F, H, J (unreliable), L and M (RFC 3261 Table 4, RFC 6026 §8.4, §8.7).
    public var transactionTimeout: TimeAmount { .nanoseconds(t1.nanoseconds &* 64) }

    /// The next retransmit interval: doubled, and capped at T2 when `capped` (Timers E and G; Timer A is not
    /// capped, RFC 3261 §17.1.1.2 "intervals that double after each transmission").
    func doubled(_ interval: TimeAmount, capped: Bool) -> TimeAmount {
        let twice = TimeAmount.nanoseconds(interval.nanoseconds.multipliedReportingOverflow(by: 2).overflow
            ? Int64.max : interval.nanoseconds * 2)
        return capped ? min(twice, t2) : twice
    }
}
