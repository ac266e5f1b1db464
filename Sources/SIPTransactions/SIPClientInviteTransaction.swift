import NIOCore
public import SIPWire

/// The INVITE client transaction of RFC 3261 §17.1.1 (Figure 5) with RFC 6026's Accepted state (§8.4, Figure 5).
///
/// ```
///                    |INVITE from TU
///  Timer A fires     |INVITE sent         Timer B fires or Transport Err.
///  Reset A,          V                    inform TU
///  INVITE sent +-----------+ ------------------------------------------+
///    +---------|  Calling  |----------+ 2xx / 2xx to TU                 |
///    +-------->|           |          |                                 |
///              +-----------+          |                                 |
///  300-699        |    |1xx to TU     |                                 |
///  ACK sent,      |    V              V                                 |
///  resp. to TU    | +-----------+ 2xx to TU +----------+ 2xx to TU     |
///    +------------+ | Proceeding|---------->| Accepted |<--+           |
///    |  1xx to TU ->|           |           |          |---+           |
///    |              +-----------+           +----------+               |
///    |  300-699 ACK sent, resp. to TU          | Timer M fires         |
///    V                 |                       V                        |
///  +-----------+<------+              +-----------+                     |
///  | Completed | 300-699: ACK resent  | Terminated|<--------------------+
///  +-----------+--------------------->+-----------+
///     Timer D fires, or Transport Err. (inform TU)
/// ```
///
/// Timer A runs on unreliable transports only and doubles without a cap; Timer D is zero on reliable transports,
/// so Completed is left at once. The ACK for a non-2xx final response is built here (§17.1.1.3); the ACK for a 2xx
/// is the TU's (§13.2.2.4).
public struct SIPClientInviteTransaction: Sendable {
    private enum State: Hashable, Sendable {
        /// INVITE sent; Timer A's current interval (unreliable transports only).
        case calling(retransmitInterval: TimeAmount)
        case proceeding
        /// A 300–699 was acknowledged with `ack`, resent for each retransmission of the response.
        case completed(ack: SIPRequest)
        case accepted
        case terminated
    }

    /// The INVITE this transaction sends.
    public let request: SIPRequest
    public let reliable: Bool
    public let configuration: SIPTimerConfiguration
    private var current: State
    private var timers = SIPTimerTable()

    /// Creates the transaction in Calling and returns the first actions: send the INVITE, start Timers A and B.
    /// RFC 3261 §17.1.1.2: "If an unreliable transport is being used, the client transaction MUST start timer A with
    /// a value of T1 ... For any transport, the client transaction MUST start timer B with a value of 64*T1".
    public static func start(
        request: SIPRequest, reliable: Bool, configuration: SIPTimerConfiguration = SIPTimerConfiguration()
    ) -> (SIPClientInviteTransaction, [SIPTransactionAction]) {
        var machine = SIPClientInviteTransaction(request: request, reliable: reliable, configuration: configuration)
        var actions: [SIPTransactionAction] = [.send(.request(request))]
        if !reliable { actions.append(machine.timers.arm(.a, after: configuration.t1)) }
        actions.append(machine.timers.arm(.b, after: configuration.transactionTimeout))
        return (machine, actions)
    }

    private init(request: SIPRequest, reliable: Bool, configuration: SIPTimerConfiguration) {
        self.request = request
        self.reliable = reliable
        self.configuration = configuration
        self.current = .calling(retransmitInterval: configuration.t1)
    }

    public var state: SIPTransactionState {
        switch current {
        case .calling: .calling
        case .proceeding: .proceeding
        case .completed: .completed
        case .accepted: .accepted
        case .terminated: .terminated
        }
    }

    public var isTerminated: Bool { state == .terminated }

    /// A response matched to this transaction (RFC 3261 §17.1.3).
    public mutating func receive(_ response: SIPResponse) -> [SIPTransactionAction] {
        let status = response.status
        switch self.current {
        case .calling, .proceeding:
            if status.isProvisional {
                // §17.1.1.2: "In the "Proceeding" state, the client transaction SHOULD NOT retransmit the request any
                // longer"; Timer B belongs to Calling only (Figure 5), the TU bounds Proceeding (CANCEL, Timer C).
                let actions = timers.disarm(.a, .b, .cancelGrace) + [.deliver(.response(response))]
                self.current = .proceeding
                return actions
            }
            if status.isSuccess {
                // RFC 6026 §8.4: a 2xx moves the transaction to Accepted and starts Timer M (64*T1).
                var actions = timers.disarm(.a, .b, .cancelGrace) + [.deliver(.response(response))]
                actions.append(timers.arm(.m, after: configuration.transactionTimeout))
                self.current = .accepted
                return actions
            }
            // §17.1.1.2: 300–699 → Completed; "generate an ACK request, even if the transport is reliable ... and then
            // pass the ACK to the transport layer for transmission. The ACK MUST be sent to the same address, port,
            // and transport to which the original request was sent" — the owner keeps that destination.
            let ack = SIPRequest.acknowledging(request, response: response)
            var actions = timers.disarm(.a, .b, .cancelGrace)
            actions += [.send(.request(ack)), .deliver(.response(response))]
            if reliable {
                // Timer D is zero seconds on reliable transports.
                self.current = .terminated
                return actions + timers.terminate()
            }
            actions.append(timers.arm(.d, after: configuration.timerD))
            self.current = .completed(ack: ack)
            return actions
        case .completed(let ack):
            // §17.1.1.2: "Any retransmissions of the final response that are received while in the "Completed" state
            // MUST cause the ACK to be re-passed to the transport layer for retransmission, but the newly received
            // response MUST NOT be passed up to the TU."
            return status.isFinal && !status.isSuccess ? [.send(.request(ack))] : []
        case .accepted:
            // RFC 6026 §8.4: 2xx retransmissions (and 2xx from other forks) are passed to the TU, which ACKs them.
            return status.isSuccess ? [.deliver(.response(response))] : []
        case .terminated:
            return []
        }
    }

    /// A timer this transaction armed has expired.
    public mutating func timerFired(_ timer: SIPTimer) -> [SIPTransactionAction] {
        guard timers.consume(timer) else { return [] }
        switch (self.current, timer.kind) {
        case (.calling(let interval), .a):
            // §17.1.1.2: "the client transaction MUST retransmit the request ... and MUST reset the timer with a
            // value of 2*T1 ... intervals that double after each transmission".
            let next = configuration.doubled(interval, capped: false)
            self.current = .calling(retransmitInterval: next)
            return [.send(.request(request)), timers.arm(.a, after: next)]
        case (.calling, .b):
            // §17.1.1.2: "If the client transaction is still in the "Calling" state when timer B fires, the client
            // transaction SHOULD inform the TU that a timeout has occurred."
            self.current = .terminated
            return [.timeout(.b)] + timers.terminate()
        case (.calling, .cancelGrace), (.proceeding, .cancelGrace):
            self.current = .terminated
            return [.timeout(.cancelGrace)] + timers.terminate()
        case (.completed, .d), (.accepted, .m):
            self.current = .terminated
            return timers.terminate()
        case (.calling, _), (.proceeding, _), (.completed, _), (.accepted, _), (.terminated, _):
            return []
        }
    }

    /// The TU sent a CANCEL for this INVITE (RFC 3261 §9.1): "if there is no final response for the original
    /// request in 64*T1 seconds ..., the client SHOULD then consider the original transaction cancelled and SHOULD
    /// destroy the client transaction handling the original request." Without this bound a UAS that never answers
    /// after a provisional response would keep the transaction in Proceeding for ever.
    public mutating func cancelSent() -> [SIPTransactionAction] {
        switch self.current {
        case .calling, .proceeding:
            // A second CANCEL does not extend the grace.
            guard !timers.isArmed(.cancelGrace) else { return [] }
            return [timers.arm(.cancelGrace, after: configuration.transactionTimeout)]
        case .completed, .accepted, .terminated:
            return []
        }
    }

    /// The transport failed to send the INVITE or the ACK (RFC 3261 §17.1.4: "the client transaction SHOULD inform
    /// the TU that a transport failure has occurred, and the client transaction SHOULD transition directly to the
    /// "Terminated" state").
    public mutating func transportError() -> [SIPTransactionAction] {
        switch self.current {
        case .calling, .proceeding, .completed:
            self.current = .terminated
            return [.transportError] + timers.terminate()
        case .accepted, .terminated:
            // Nothing is sent in Accepted (RFC 6026 Figure 5 has no transport error there).
            return []
        }
    }
}
