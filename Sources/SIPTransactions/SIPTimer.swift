/// One armed transaction timer: which RFC 3261 timer it is, and the generation it was started with.
///
/// Timers are actions out (`.startTimer`, `.cancelTimer`) and events in (`timerFired(_:)`). Every start takes a new
/// generation, so a firing that arrives after a cancel or a restart (the shell lost the race) no longer matches and is
/// ignored. See RFC 3261 §17 and Table 4 (Appendix A), RFC 6026 §8.
public struct SIPTimer: Hashable, Sendable, CustomStringConvertible {
    /// The timers of RFC 3261 Table 4 and RFC 6026, by the spec's names.
    public enum Kind: Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// INVITE request retransmit interval, unreliable transports only (RFC 3261 §17.1.1.2).
        case a
        /// INVITE transaction timeout (RFC 3261 §17.1.1.2).
        case b
        /// Wait time for response retransmissions in the INVITE client's Completed state (RFC 3261 §17.1.1.2).
        case d
        /// Non-INVITE request retransmit interval, unreliable transports only (RFC 3261 §17.1.2.2).
        case e
        /// Non-INVITE transaction timeout (RFC 3261 §17.1.2.2).
        case f
        /// INVITE final response retransmit interval, unreliable transports only (RFC 3261 §17.2.1).
        case g
        /// Wait time for ACK receipt (RFC 3261 §17.2.1).
        case h
        /// Wait time for ACK retransmissions in the INVITE server's Confirmed state (RFC 3261 §17.2.1).
        case i
        /// Wait time for non-INVITE request retransmissions (RFC 3261 §17.2.2).
        case j
        /// Wait time for non-INVITE response retransmissions (RFC 3261 §17.1.2.2).
        case k
        /// Wait time for INVITE retransmissions and ACKs in the INVITE server's Accepted state (RFC 6026 §8.7).
        case l
        /// Wait time for 2xx retransmissions in the INVITE client's Accepted state (RFC 6026 §8.4).
        case m
        /// The 200 ms after which an INVITE server sends 100 Trying if the TU has not answered (RFC 3261 §17.2.1).
        case trying
        /// The 64*T1 an INVITE client transaction still waits for a final response after its CANCEL was sent, then
        /// is destroyed (RFC 3261 §9.1: "the client SHOULD then consider the original transaction cancelled and
        /// SHOULD destroy the client transaction handling the original request").
        case cancelGrace

        public var description: String {
            switch self {
            case .a: "A"
            case .b: "B"
            case .d: "D"
            case .e: "E"
            case .f: "F"
            case .g: "G"
            case .h: "H"
            case .i: "I"
            case .j: "J"
            case .k: "K"
            case .l: "L"
            case .m: "M"
            case .trying: "100-Trying"
            case .cancelGrace: "CANCEL-grace"
            }
        }
    }

    public var kind: Kind
    public var generation: UInt64

    public init(_ kind: Kind, generation: UInt64) {
        self.kind = kind
        self.generation = generation
    }

    public var description: String { "Timer \(kind)#\(generation)" }
}

/// The armed timers of one transaction: at most one per kind, each with the generation it was started with.
struct SIPTimerTable: Hashable, Sendable {
    private var nextGeneration: UInt64 = 1
    private var armed: [SIPTimer.Kind: UInt64] = [:]

    /// Arms `kind` with a new generation (a previous arming is superseded: its late firing is ignored).
    mutating func start(_ kind: SIPTimer.Kind) -> SIPTimer {
        let generation = nextGeneration
        nextGeneration &+= 1
        armed[kind] = generation
        return SIPTimer(kind, generation: generation)
    }

    /// Disarms `kind`, returning the timer to cancel, or nil when it was not armed.
    mutating func cancel(_ kind: SIPTimer.Kind) -> SIPTimer? {
        guard let generation = armed.removeValue(forKey: kind) else { return nil }
        return SIPTimer(kind, generation: generation)
    }

    /// Disarms every timer, returning the ones to cancel in the order they were started.
    mutating func cancelAll() -> [SIPTimer] {
        let timers = armed.map { SIPTimer($0.key, generation: $0.value) }.sorted { $0.generation < $1.generation }
        armed.removeAll()
        return timers
    }

    /// Whether `timer` is the current arming of its kind; if so it is consumed (a timer fires once).
    mutating func consume(_ timer: SIPTimer) -> Bool {
        guard armed[timer.kind] == timer.generation else { return false }
        armed[timer.kind] = nil
        return true
    }

    func isArmed(_ kind: SIPTimer.Kind) -> Bool { armed[kind] != nil }
}
