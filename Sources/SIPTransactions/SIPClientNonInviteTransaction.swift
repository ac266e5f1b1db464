import NIOCore
public import SIPWire

/// The non-INVITE client transaction of RFC 3261 §17.1.2 (Figure 6).
///
/// ```
///                                |Request from TU
///                                |send request
///            Timer E             V
///            send request  +-----------+
///                +---------|           |-------------------+
///                |         |  Trying   |  Timer F          |
///                +-------->|           |  or Transport Err.|
///                          +-----------+  inform TU        |
///             200-699         |  |                         |
///             resp. to TU     |  |1xx                      |
///             +---------------+  |resp. to TU              |
///             |                  |                         |
///             |   Timer E        V       Timer F           |
///             |   send req +-----------+ or Transport Err. |
///             |  +---------|           | inform TU         |
///             |  |         |Proceeding |------------------>|
///             |  +-------->|           |-----+             |
///             |            +-----------+     |1xx          |
///             |              |      ^        |resp to TU   |
///             | 200-699      |      +--------+             |
///             | resp. to TU  |                             |
///             |              |                             |
///             |              V                             |
///             |            +-----------+                   |
///             |            |           |                   |
///             |            | Completed |                   |
///             |            |           |                   |
///             |            +-----------+                   |
///             |              ^   |                         |
///             |              |   | Timer K                 |
///             +--------------+   | -                       |
///                                |                         |
///                                V                         |
///          NOTE:           +-----------+                   |
///                          |           |                   |
///      transitions         | Terminated|<------------------+
///      labeled with        |           |
///      the event           +-----------+
///      over the action
///      to take
/// ```
///
/// Timer E runs on unreliable transports only: it doubles up to T2 in Trying and is reset to T2 in Proceeding.
/// Timer K is zero on reliable transports, so Completed is left at once.
public struct SIPClientNonInviteTransaction: Sendable {
    private enum State: Hashable, Sendable {
        /// Request sent, no response yet; Timer E's current interval.
        case trying(retransmitInterval: TimeAmount)
        case proceeding
        case completed
        case terminated
    }

    public let request: SIPRequest
    public let reliable: Bool
    public let configuration: SIPTimerConfiguration
    private var current: State
    private var timers = SIPTimerTable()

    /// Creates the transaction in Trying: send the request, start Timers E and F. RFC 3261 §17.1.2.2: "If an
    /// unreliable transport is in use, the client transaction MUST set timer E to fire in T1 seconds ... timer F
    /// MUST be set to fire in 64*T1 seconds."
    public static func start(
        request: SIPRequest, reliable: Bool, configuration: SIPTimerConfiguration = SIPTimerConfiguration()
    ) -> (SIPClientNonInviteTransaction, [SIPTransactionAction]) {
        var machine = SIPClientNonInviteTransaction(request: request, reliable: reliable, configuration: configuration)
        var actions: [SIPTransactionAction] = [.send(.request(request))]
        if !reliable { actions.append(machine.timers.arm(.e, after: configuration.t1)) }
        actions.append(machine.timers.arm(.f, after: configuration.transactionTimeout))
        return (machine, actions)
    }

    private init(request: SIPRequest, reliable: Bool, configuration: SIPTimerConfiguration) {
        self.request = request
        self.reliable = reliable
        self.configuration = configuration
        self.current = .trying(retransmitInterval: configuration.t1)
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

    /// A response matched to this transaction (RFC 3261 §17.1.3).
    public mutating func receive(_ response: SIPResponse) -> [SIPTransactionAction] {
        switch current {
        case .trying, .proceeding:
            if response.status.isProvisional {
                // §17.1.2.2: "If a provisional response is received while in the "Trying" state, the response MUST
                // be passed to the TU, and then the client transaction SHOULD move to the "Proceeding" state."
                current = .proceeding
                return [.deliver(.response(response))]
            }
            // §17.1.2.2: "If a final response (status codes 200-699) is received while in the "Trying" state [or
            // Proceeding], the response MUST be passed to the TU, and the client transaction MUST transition to the
            // "Completed" state." Timer K: "T4 seconds for unreliable transports, and zero seconds for reliable".
            var actions = timers.disarm(.e, .f) + [.deliver(.response(response))]
            if reliable {
                current = .terminated
                return actions + timers.terminate()
            }
            actions.append(timers.arm(.k, after: configuration.t4))
            current = .completed
            return actions
        case .completed, .terminated:
            // §17.1.2.2: Completed buffers "any additional response retransmissions that may be received".
            return []
        }
    }

    /// A timer this transaction armed has expired.
    public mutating func timerFired(_ timer: SIPTimer) -> [SIPTransactionAction] {
        guard timers.consume(timer) else { return [] }
        switch (current, timer.kind) {
        case (.trying(let interval), .e):
            // §17.1.2.2: "timer E MUST be reset with a value of MIN(2*T1, T2) ... doubles, unless that value exceeds
            // T2".
            let next = configuration.doubled(interval, capped: true)
            current = .trying(retransmitInterval: next)
            return [.send(.request(request)), timers.arm(.e, after: next)]
        case (.proceeding, .e):
            // §17.1.2.2: "If Timer E fires while in the "Proceeding" state, the request MUST be passed to the
            // transport layer for retransmission, and Timer E MUST be reset with a value of T2 seconds."
            return [.send(.request(request)), timers.arm(.e, after: configuration.t2)]
        case (.trying, .f), (.proceeding, .f):
            // §17.1.2.2: "If Timer F fires while the client transaction is still in the "Trying" [or "Proceeding"]
            // state, the client transaction SHOULD inform the TU about the timeout, and then it SHOULD enter the
            // "Terminated" state."
            current = .terminated
            return [.timeout(.f)] + timers.terminate()
        case (.completed, .k):
            current = .terminated
            return timers.terminate()
        case (.trying, _), (.proceeding, _), (.completed, _), (.terminated, _):
            return []
        }
    }

    /// The transport failed to send the request (RFC 3261 §17.1.4).
    public mutating func transportError() -> [SIPTransactionAction] {
        switch current {
        case .trying, .proceeding:
            current = .terminated
            return [.transportError] + timers.terminate()
        case .completed, .terminated:
            return []
        }
    }
}
