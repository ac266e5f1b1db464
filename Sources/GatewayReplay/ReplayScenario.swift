public import NIOCore
public import TelecomTypes

/// How the replayed gateway decides each incoming call until the routing server is wired in.
public enum ReplayScenario: Hashable, Sendable, CustomStringConvertible {
    /// ACM at once, then ANM after the delay.
    case answer(after: TimeAmount)
    /// ACM at once, then REL cause 19 (no answer from user) when the ring timeout expires.
    case noAnswer(ringTimeout: TimeAmount)
    /// REL with this cause at once.
    case reject(cause: Q850Cause)

    /// Parses `answer`, `no-answer` or `reject:CAUSE` (a Q.850 cause value, 1–127).
    public init?(_ text: String, answerAfter: TimeAmount, ringTimeout: TimeAmount) {
        switch text {
        case "answer": self = .answer(after: answerAfter)
        case "no-answer": self = .noAnswer(ringTimeout: ringTimeout)
        default:
            guard text.hasPrefix("reject:"), let value = UInt8(text.dropFirst("reject:".count)), (1...127).contains(value)
            else { return nil }
            self = .reject(cause: Q850Cause(value))
        }
    }

    public var description: String {
        switch self {
        case .answer(let after): "answer after \(Double(after.nanoseconds) / 1e9) s"
        case .noAnswer(let timeout): "no answer, release after \(Double(timeout.nanoseconds) / 1e9) s"
        case .reject(let cause): "reject with cause \(cause.rawValue)"
        }
    }
}
