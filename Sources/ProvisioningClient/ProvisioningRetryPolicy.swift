/// When to try a provisioning request again, as a pure decision: attempt outcome in, retry-after or final result out.
///
/// Retried: 5xx, 408 Request Timeout, 429 Too Many Requests (RFC 9110 §15.5.9, RFC 6585 §4), timeouts and
/// connection errors. Final: 2xx (success), any other status (failure). Delays grow as initial × 2^(attempt − 1),
/// capped; the idempotency key stays the same on every attempt, so the platform can apply the change once.
public struct ProvisioningRetryPolicy: Hashable, Sendable {
    /// The outcome of one HTTP attempt.
    public enum AttemptOutcome: Hashable, Sendable {
        case response(status: Int, body: String)
        /// The request could not be completed: connection refused or reset, TLS failure, timeout.
        case transportError(String)
    }

    public enum Decision: Hashable, Sendable {
        case retry(after: Duration)
        case finish(ProvisioningResult)
    }

    /// Attempts in all, the first included.
    public var maximumAttempts: Int
    public var initialBackoff: Duration
    public var maximumBackoff: Duration

    public init(
        maximumAttempts: Int = 4, initialBackoff: Duration = .milliseconds(500), maximumBackoff: Duration = .seconds(8)
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
    }

    /// The decision after attempt number `attempt` (1-based) ended with `outcome`.
    public func decide(attempt: Int, outcome: AttemptOutcome) -> Decision {
        let retryable: Bool
        let final: ProvisioningResult
        switch outcome {
        case .response(let status, let body) where (200..<300).contains(status):
            return .finish(.succeeded(detail: body))
        case .response(let status, let body):
            retryable = status >= 500 || status == 408 || status == 429
            final = .failed(detail: Self.detail(status: status, body: body, attempts: attempt, retryable: retryable))
        case .transportError(let message):
            retryable = true
            final = .unreachable(detail: attempt > 1 ? "\(message) (after \(attempt) attempts)" : message)
        }
        guard retryable, attempt < maximumAttempts else { return .finish(final) }
        return .retry(after: backoff(beforeAttempt: attempt + 1))
    }

    /// The pause before attempt `attempt` (2 or more).
    public func backoff(beforeAttempt attempt: Int) -> Duration {
        var delay = initialBackoff
        for _ in 0..<max(0, min(attempt - 2, 30)) {
            delay *= 2
            if delay >= maximumBackoff { return maximumBackoff }
        }
        return min(delay, maximumBackoff)
    }

    private static func detail(status: Int, body: String, attempts: Int, retryable: Bool) -> String {
        let text = body.isEmpty ? "HTTP \(status)" : "HTTP \(status): \(body)"
        return retryable && attempts > 1 ? "\(text) (after \(attempts) attempts)" : text
    }
}
