public import SIPWire

/// The non-INVITE server transaction of RFC 3261 §17.2.2 (Figure 8).
///
/// ```
///                       |Request received
///                       |pass to TU
///                       V
///                 +-----------+
///                 |  Trying   |-------------+
///                 +-----------+             |  200-699 from TU: send response
///      1xx from TU   |                      |
///      send response |                      |
///                    V                      |
///  Request     +-----------+ 1xx from TU    |
///  send 1xx    | Proceeding| send response  |
///     +------->|           |<------+        |
///     +--------|           |-------+        |
///              +-----------+   200-699 from TU: send response
///   Transport Err. |   |----------------+   |
///   inform TU      |                    V   V
///                  |  Request       +-----------+ Transport Err.: inform TU
///                  |  send final +--| Completed |------------------+
///                  |             +->|           |                  |
///                  |                +-----------+                  |
///                  |                      | Timer J fires          |
///                  V                      V                        |
///                 +----------------------------+<------------------+
///                 |         Terminated         |
///                 +----------------------------+
/// ```
///
/// Timer J is 64*T1 on unreliable transports and zero on reliable ones, so Completed is then left at once.
public struct SIPServerNonInviteTransaction: Sendable {
    private enum State: Hashable, Sendable {
        case trying
        case proceeding(lastProvisional: SIPResponse)
        case completed(final: SIPResponse)
        case terminated
    }

    public let request: SIPRequest
    public let reliable: Bool
    public let configuration: SIPTimerConfiguration
    private var current: State = .trying
    private var timers = SIPTimerTable()

    /// Creates the transaction in Trying and passes the request to the TU (RFC 3261 §17.2.2: "The state machine is
    /// initialized in the "Trying" state and is passed a request other than INVITE or ACK when initialized. This
    /// request is passed up to the TU.").
    public static func start(
        request: SIPRequest, reliable: Bool, configuration: SIPTimerConfiguration = SIPTimerConfiguration()
    ) -> (SIPServerNonInviteTransaction, [SIPTransactionAction]) {
        let machine = SIPServerNonInviteTransaction(request: request, reliable: reliable, configuration: configuration)
        return (machine, [.deliver(.request(request))])
    }

    private init(request: SIPRequest, reliable: Bool, configuration: SIPTimerConfiguration) {
        self.request = request
        self.reliable = reliable
        self.configuration = configuration
    }

    public var state: SIPTransactionState {
        switch current {
        case .trying: .trying
        case .proceeding: .proceeding
        case .completed: .completed
        case .terminated: .terminated
        }
    }

    public var isTerminated: Bool { state == .terminated }

    /// A retransmission of the request (RFC 3261 §17.2.2).
    public mutating func receive(_ request: SIPRequest) -> [SIPTransactionAction] {
        switch current {
        case .trying, .terminated:
            // "Once in the "Trying" state, any further request retransmissions are discarded."
            return []
        case .proceeding(let lastProvisional):
            // "If a retransmission of the request is received while in the "Proceeding" state, the most recently
            // sent provisional response MUST be passed to the transport layer for retransmission."
            return [.send(.response(lastProvisional))]
        case .completed(let final):
            // "While in the "Completed" state, the server transaction MUST pass the final response to the transport
            // layer for retransmission whenever a retransmission of the request is received."
            return [.send(.response(final))]
        }
    }

    /// A response from the TU (RFC 3261 §17.2.2).
    public mutating func send(_ response: SIPResponse) -> [SIPTransactionAction] {
        switch current {
        case .trying, .proceeding:
            if response.status.isProvisional {
                current = .proceeding(lastProvisional: response)
                return [.send(.response(response))]
            }
            // "When the server transaction enters the "Completed" state, it MUST set Timer J to fire in 64*T1 seconds
            // for unreliable transports, and zero seconds for reliable transports."
            if reliable {
                current = .terminated
                return [.send(.response(response))] + timers.terminate()
            }
            current = .completed(final: response)
            return [.send(.response(response)), timers.arm(.j, after: configuration.transactionTimeout)]
        case .completed, .terminated:
            // "Any other final responses passed by the TU to the server transaction MUST be discarded while in the
            // "Completed" state."
            return []
        }
    }

    /// A timer this transaction armed has expired.
    public mutating func timerFired(_ timer: SIPTimer) -> [SIPTransactionAction] {
        guard timers.consume(timer) else { return [] }
        switch (current, timer.kind) {
        case (.completed, .j):
            current = .terminated
            return timers.terminate()
        case (.trying, _), (.proceeding, _), (.completed, _), (.terminated, _):
            return []
        }
    }

    /// The transport failed to send a response (RFC 3261 §17.2.4).
    public mutating func transportError() -> [SIPTransactionAction] {
        switch current {
        case .proceeding, .completed:
            current = .terminated
            return [.transportError] + timers.terminate()
        case .trying, .terminated:
            // Nothing was sent in Trying (Figure 8 has no transport error there).
            return []
        }
    }
}
