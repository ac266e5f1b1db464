public import Foundation

/// A sliding-window limit: at most `limit` events in any `window` seconds.
public struct RateLimitPolicy: Hashable, Sendable {
    public var limit: Int
    public var window: TimeInterval

    public init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// What to do with one more event at `now`, given the times of earlier events under the same key (any order;
    /// events older than the window are ignored).
    public func decide(previous events: [Date], now: Date) -> RateDecision {
        let start = now.addingTimeInterval(-window)
        let recent = events.filter { $0 > start && $0 <= now }.sorted()
        guard recent.count >= limit else { return .allowed }
        // The oldest event that must leave the window before one more fits.
        let blocking = recent[recent.count - limit]
        return .limited(retryAfter: max(1, blocking.addingTimeInterval(window).timeIntervalSince(now)))
    }
}

/// The answer of a rate limiter.
public enum RateDecision: Hashable, Sendable {
    case allowed
    case limited(retryAfter: TimeInterval)
}

/// What a rate limit counts, and under which key its events are kept.
public struct RateLimitKey: Hashable, Sendable, CustomStringConvertible {
    public let value: String
    public init(_ value: String) { self.value = value }

    public static func validationStart(number: E164Number) -> Self { .init("validation-start:number:\(number)") }
    public static func validationStart(source: String) -> Self { .init("validation-start:source:\(source)") }
    public static func wrongCode(source: String) -> Self { .init("wrong-code:source:\(source)") }
    public static func loginFailure(number: E164Number) -> Self { .init("login-failure:number:\(number)") }
    public static func loginFailure(source: String) -> Self { .init("login-failure:source:\(source)") }
    public static func accountCreation(source: String) -> Self { .init("account-create:source:\(source)") }

    public var description: String { value }
}
