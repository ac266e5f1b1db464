public import Foundation

/// When to try a wake-up push again. A push is only worth sending while the call still waits for the device, so
/// unlike provisioning there is no long backoff: a transport error, timeout, 429 or 5xx is retried after `delay`
/// while attempts remain and the next attempt can finish before the push expires.
public struct PushRetryPolicy: Hashable, Sendable {
    public enum AttemptOutcome: Hashable, Sendable {
        case response(status: Int, body: String)
        case transportError(String)
    }

    public enum Decision: Hashable, Sendable {
        case finish(PushWakeResult)
        case retry(after: Duration)
    }

    /// Attempts in all, the first included.
    public var maximumAttempts: Int
    /// Pause before a retry.
    public var delay: Duration

    public init(maximumAttempts: Int = 3, delay: Duration = .milliseconds(200)) {
        self.maximumAttempts = maximumAttempts
        self.delay = delay
    }

    /// Decides after attempt number `attempt` (1-based) ended with `outcome`; `now`, `expiresAt` and the attempt
    /// timeout bound the retries.
    public func decide(
        attempt: Int, outcome: AttemptOutcome, now: Date, expiresAt: Date, attemptTimeout: Duration
    ) -> Decision {
        let detail: String
        switch outcome {
        case .response(let status, _) where (200..<300).contains(status):
            return .finish(.accepted)
        case .response(let status, let body) where status == 404 || status == 410:
            return .finish(.invalidToken(detail: "\(status) \(body)"))
        case .response(let status, let body) where status == 429 || status >= 500:
            detail = "\(status) \(body)"
        case .response(let status, let body):
            return .finish(.rejected(status: status, detail: body))
        case .transportError(let error):
            detail = error
        }
        let nextFinish = now.addingTimeInterval(Self.seconds(delay) + Self.seconds(attemptTimeout))
        guard attempt < maximumAttempts, nextFinish <= expiresAt else {
            return .finish(.unreachable(detail: "\(detail) (after \(attempt) attempt\(attempt == 1 ? "" : "s"))"))
        }
        return .retry(after: delay)
    }

    /// A `Duration` in seconds as `Date` arithmetic needs them.
    public static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
