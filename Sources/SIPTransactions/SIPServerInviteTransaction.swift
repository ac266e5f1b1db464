import NIOCore
public import SIPWire

/// The INVITE server transaction of RFC 3261 §17.2.1 (Figure 7) with RFC 6026's Accepted state (§8.7, §8.8).
///
/// ```
///                     |INVITE: pass INV to TU, send 100 if the TU won't in 200 ms
///  INVITE             V
///  send last 1xx +------------+ 101-199 from TU: send response
///     +----------| Proceeding |<-------+
///     +--------->|            |--------+        Transport Err.: inform TU
///                +------------+--------------------------------------------+
///   300-699 from TU |    | 2xx from TU: send response                       |
///   send response   |    +-------------------------+                        |
///                   V                              V                        |
///  INVITE      +-----------+ Timer G fires   +----------+ 2xx from TU: send |
///  send resp.  | Completed | send response   | Accepted | ACK: pass to TU   |
///     +------->|           |<-----+          |          | INVITE: absorbed  |
///     +--------|           |------+          +----------+                   |
///              +-----------+                      | Timer L fires           |
///       ACK |     | Timer H fires or Transport Err.:  inform TU             |
///           V     +--------------------------------+-------+                |
///       +-----------+                              V       V                V
///       | Confirmed |------ Timer I fires ----->+------------+<------------+
///       +-----------+  (ACKs, INVITEs absorbed) | Terminated |
///                                               +------------+
/// ```
///
/// Timer G runs on unreliable transports only, doubling up to T2; Timer I is zero on reliable transports, so
/// Confirmed is left at once. The 2xx retransmissions are the TU's (§13.3.1.4): in Accepted every 2xx the TU passes
/// down is sent, retransmitted INVITEs are absorbed and ACKs that match go up (RFC 6026 §8.7).
public struct SIPServerInviteTransaction: Sendable {
    private enum State: Hashable, Sendable {
        /// The TU has the INVITE; `lastProvisional` is resent for each retransmitted INVITE.
        case proceeding(lastProvisional: SIPResponse?)
        /// A 300–699 was sent; Timer G's current interval.
        case completed(final: SIPResponse, retransmitInterval: TimeAmount)
        case confirmed
        case accepted
        case terminated
    }

    /// The INVITE that created the transaction.
    public let request: SIPRequest
    public let reliable: Bool
    public let configuration: SIPTimerConfiguration
    private var current: State = .proceeding(lastProvisional: nil)
    private var timers = SIPTimerTable()

    /// Creates the transaction in Proceeding: pass the INVITE to the TU and arm the 100 Trying timer (RFC 3261
    /// §17.2.1: "the server transaction MUST generate a 100 (Trying) response unless it knows that the TU will
    /// generate a provisional or final response within 200 ms"). A zero `tryingDelay` sends 100 Trying at once.
    public static func start(
        request: SIPRequest, reliable: Bool, configuration: SIPTimerConfiguration = SIPTimerConfiguration()
    ) -> (SIPServerInviteTransaction, [SIPTransactionAction]) {
        var machine = SIPServerInviteTransaction(request: request, reliable: reliable, configuration: configuration)
        var actions: [SIPTransactionAction] = [.deliver(.request(request))]
        if configuration.tryingDelay > .zero {
            actions.append(machine.timers.arm(.trying, after: configuration.tryingDelay))
        } else {
            actions += machine.sendTrying()
        }
        return (machine, actions)
    }

    private init(request: SIPRequest, reliable: Bool, configuration: SIPTimerConfiguration) {
        self.request = request
        self.reliable = reliable
        self.configuration = configuration
    }

    public var state: SIPTransactionState {
        switch current {
        case .proceeding: .proceeding
        case .completed: .completed
        case .confirmed: .confirmed
        case .accepted: .accepted
        case .terminated: .terminated
        }
    }

    public var isTerminated: Bool { state == .terminated }

    /// A retransmitted INVITE or an ACK matched to this transaction (RFC 3261 §17.2.3).
    public mutating func receive(_ request: SIPRequest) -> [SIPTransactionAction] {
        let isACK = request.method == .ack
        switch current {
        case .proceeding(let lastProvisional):
            // §17.2.1: "If a request retransmission is received while in the "Proceeding" state, the most recent
            // provisional response that was received from the TU MUST be passed to the transport layer for
            // retransmission." An ACK cannot belong here yet.
            guard !isACK, let lastProvisional else { return [] }
            return [.send(.response(lastProvisional))]
        case .completed(let final, _):
            guard isACK else {
                // §17.2.1: "while in the "Completed" state, if a request retransmission is received, the server
                // SHOULD pass the response to the transport for retransmission."
                return [.send(.response(final))]
            }
            // §17.2.1: "If an ACK is received while the server transaction is in the "Completed" state, the server
            // transaction MUST transition to the "Confirmed" state. As Timer G is ignored in this state, any
            // retransmissions of the response will cease." Timer I: T4 unreliable, zero reliable.
            let actions = timers.disarm(.g, .h)
            if reliable {
                current = .terminated
                return actions + timers.terminate()
            }
            current = .confirmed
            return actions + [timers.arm(.i, after: configuration.t4)]
        case .accepted:
            // RFC 6026 §8.7: in Accepted an ACK is passed to the TU; a retransmitted INVITE is absorbed (the TU
            // retransmits the 2xx on its own schedule, §13.3.1.4).
            return isACK ? [.deliver(.request(request))] : []
        case .confirmed, .terminated:
            // §17.2.1: Confirmed absorbs "any additional ACK messages, triggered from retransmissions of the final
            // response".
            return []
        }
    }

    /// A response from the TU (RFC 3261 §17.2.1).
    public mutating func send(_ response: SIPResponse) -> [SIPTransactionAction] {
        switch current {
        case .proceeding:
            var actions = timers.disarm(.trying) + [.send(.response(response))]
            if response.status.isProvisional {
                current = .proceeding(lastProvisional: response)
            } else if response.status.isSuccess {
                // RFC 6026 §8.7: a 2xx from the TU moves the transaction to Accepted and starts Timer L (64*T1).
                actions.append(timers.arm(.l, after: configuration.transactionTimeout))
                current = .accepted
            } else {
                // §17.2.1: "For unreliable transports, timer G is set to fire in T1 seconds ... When the "Completed"
                // state is entered, timer H MUST be set to fire in 64*T1 seconds for all transports."
                if !reliable { actions.append(timers.arm(.g, after: configuration.t1)) }
                actions.append(timers.arm(.h, after: configuration.transactionTimeout))
                current = .completed(final: response, retransmitInterval: configuration.t1)
            }
            return actions
        case .accepted:
            // RFC 6026 §8.7: in Accepted every 2xx retransmission the TU passes down goes to the transport (the
            // transaction never retransmits a 2xx on its own, RFC 3261 §13.3.1.4).
            return response.status.isSuccess ? [.send(.response(response))] : []
        case .completed, .confirmed, .terminated:
            return []
        }
    }

    /// A timer this transaction armed has expired.
    public mutating func timerFired(_ timer: SIPTimer) -> [SIPTransactionAction] {
        guard timers.consume(timer) else { return [] }
        switch (current, timer.kind) {
        case (.proceeding(nil), .trying):
            return sendTrying()
        case (.completed(let final, let interval), .g):
            // §17.2.1: "timer G is set to fire in MIN(2*T1, T2) seconds ... doubles, unless that value exceeds T2".
            let next = configuration.doubled(interval, capped: true)
            current = .completed(final: final, retransmitInterval: next)
            return [.send(.response(final)), timers.arm(.g, after: next)]
        case (.completed, .h):
            // §17.2.1: "If timer H fires while in the "Completed" state, it implies that the ACK was never received.
            // In this case, the server transaction MUST transition to the "Terminated" state, and MUST indicate to
            // the TU that a transaction failure has occurred."
            current = .terminated
            return [.timeout(.h)] + timers.terminate()
        case (.confirmed, .i), (.accepted, .l):
            current = .terminated
            return timers.terminate()
        case (.proceeding, _), (.completed, _), (.confirmed, _), (.accepted, _), (.terminated, _):
            return []
        }
    }

    /// The transport failed to send a response (RFC 3261 §17.2.4: "the server transaction SHOULD ... inform the TU
    /// that a failure has occurred, and SHOULD transition to the terminated state").
    public mutating func transportError() -> [SIPTransactionAction] {
        switch current {
        case .proceeding, .completed:
            current = .terminated
            return [.transportError] + timers.terminate()
        case .accepted:
            // RFC 6026 §8.8: inform the TU and stay in Accepted; the 2xx is the TU's to retransmit, Timer L ends this.
            return [.transportError]
        case .confirmed, .terminated:
            return []
        }
    }

    /// 100 Trying built from the INVITE (RFC 3261 §8.2.6.1: no To tag needed; "If there is a Timestamp header
    /// field in the request, the UAS MUST copy it into the 100 (Trying) response").
    private mutating func sendTrying() -> [SIPTransactionAction] {
        var trying = SIPResponse(answering: request, status: .trying)
        if let timestamp = request.headers["timestamp"] { trying.headers.add("Timestamp", timestamp) }
        current = .proceeding(lastProvisional: trying)
        return [.send(.response(trying))]
    }
}
