import NIOCore
import SIPTransactions
import SIPWire

extension Array where Element == SIPTransactionLayerAction {
    var sends: [SIPOutboundMessage] {
        compactMap { if case .send(let outbound) = $0 { outbound } else { nil } }
    }

    /// The new or matched request delivered to the TU and its transaction.
    var deliveredRequest: (SIPRequest, SIPTransactionID)? {
        for action in self {
            if case .deliverRequest(let request, let id, _) = action { return (request, id) }
        }
        return nil
    }

    var deliveredResponses: [SIPResponse] {
        compactMap { if case .deliverResponse(let response, _) = $0 { response } else { nil } }
    }

    var terminated: [SIPTransactionID] {
        compactMap { if case .terminated(let id) = $0 { id } else { nil } }
    }

    func started(_ kind: SIPTimer.Kind) -> (SIPTransactionTimer, TimeAmount)? {
        for action in self {
            if case .startTimer(let timer, let after) = action, timer.timer.kind == kind { return (timer, after) }
        }
        return nil
    }
}

/// A virtual clock for a whole layer: the armed timers and their deadlines, fired in order.
struct LayerClock {
    private(set) var now: Int64 = 0
    private(set) var armed: [SIPTransactionTimer: Int64] = [:]
    /// Timers that were cancelled or already fired; firing one again must do nothing.
    private(set) var dead: [SIPTransactionTimer] = []

    mutating func apply(_ actions: [SIPTransactionLayerAction]) {
        for action in actions {
            switch action {
            case .startTimer(let timer, let after):
                armed[timer] = now + after.nanoseconds
            case .cancelTimer(let timer):
                if armed.removeValue(forKey: timer) != nil { dead.append(timer) }
            case .send, .deliverRequest, .deliverResponse, .deliverStrayACK, .deliverStrayResponse, .timeout,
                .transportError, .terminated, .discarded:
                continue
            }
        }
    }

    /// Removes an armed timer to fire it out of deadline order.
    mutating func take(_ timer: SIPTransactionTimer) -> SIPTransactionTimer? {
        guard armed.removeValue(forKey: timer) != nil else { return nil }
        dead.append(timer)
        return timer
    }

    /// The earliest armed timer, removed, with the clock moved to its deadline.
    mutating func next() -> SIPTransactionTimer? {
        guard let (timer, deadline) = armed.min(by: { lhs, rhs in
            (lhs.value, lhs.key.transaction, lhs.key.timer.generation)
                < (rhs.value, rhs.key.transaction, rhs.key.timer.generation)
        }) else { return nil }
        armed[timer] = nil
        dead.append(timer)
        now = deadline
        return timer
    }
}
