/// One armed M3UA timer: which timer it is, and the generation it was started with.
///
/// Timers are actions out (`.startTimer`, `.cancelTimer`) and events in (`timerFired(_:)`). Every start takes a new
/// generation from the machine, so a firing that arrives after a cancel or a restart (the shell lost the race) no
/// longer matches and is ignored.
public struct M3UATimer: Hashable, Sendable, CustomStringConvertible {
    /// The timers of RFC 4666, by the spec's names.
    public enum Kind: Hashable, Sendable {
        /// T(ack): retransmission of ASPUP, ASPDN, ASPAC, ASPIA and REG REQ (RFC 4666 §4.3.4.1, §4.4.1).
        case ack
        /// T(beat): the BEAT interval (RFC 4666 §4.3.4.6).
        case heartbeat
        /// T(r): the recovery timer of an AS in AS-PENDING, per routing context (RFC 4666 §4.3.2).
        case recovery(routingContext: UInt32)
    }

    public var kind: Kind
    public var generation: UInt64

    public init(_ kind: Kind, generation: UInt64) {
        self.kind = kind
        self.generation = generation
    }

    public var description: String {
        switch kind {
        case .ack: "T(ack)#\(generation)"
        case .heartbeat: "T(beat)#\(generation)"
        case .recovery(let routingContext): "T(r)[\(routingContext)]#\(generation)"
        }
    }
}

/// The armed timers of one machine: at most one per kind, each with the generation it was started with.
struct M3UATimerTable: Hashable, Sendable {
    private var nextGeneration: UInt64 = 1
    private var armed: [M3UATimer.Kind: UInt64] = [:]

    /// Arms `kind` with a new generation (a previous arming is superseded: its late firing is ignored).
    mutating func start(_ kind: M3UATimer.Kind) -> M3UATimer {
        let generation = nextGeneration
        nextGeneration &+= 1
        armed[kind] = generation
        return M3UATimer(kind, generation: generation)
    }

    /// Disarms `kind`, returning the timer to cancel, or `nil` when it was not armed.
    mutating func cancel(_ kind: M3UATimer.Kind) -> M3UATimer? {
        guard let generation = armed.removeValue(forKey: kind) else { return nil }
        return M3UATimer(kind, generation: generation)
    }

    /// Disarms every timer, returning the ones to cancel in a stable order.
    mutating func cancelAll() -> [M3UATimer] {
        let timers = armed.map { M3UATimer($0.key, generation: $0.value) }.sorted { $0.generation < $1.generation }
        armed.removeAll()
        return timers
    }

    /// Whether `timer` is the current arming of its kind; if so it is consumed (a timer fires once).
    mutating func consume(_ timer: M3UATimer) -> Bool {
        guard armed[timer.kind] == timer.generation else { return false }
        armed[timer.kind] = nil
        return true
    }

    func isArmed(_ kind: M3UATimer.Kind) -> Bool { armed[kind] != nil }
}
