public import NIOCore

/// A token bucket per source address (RFC 3261 §21.5.4 "503 Service Unavailable ... The server MAY indicate when
/// the client should retry the request in a Retry-After header field"). Pure: time comes in with every call.
public struct SIPRateLimiter: Sendable {
    public struct Configuration: Hashable, Sendable {
        /// Requests per second a source may sustain.
        public var ratePerSecond: Double
        /// Requests a source may send at once.
        public var burst: Double
        /// Sources remembered at most; idle full buckets are forgotten first.
        public var maximumSources: Int

        public init(ratePerSecond: Double = 20, burst: Double = 40, maximumSources: Int = 100_000) {
            self.ratePerSecond = ratePerSecond
            self.burst = burst
            self.maximumSources = maximumSources
        }
    }

    private struct Bucket: Sendable {
        var tokens: Double
        var updated: NIODeadline
    }

    public let configuration: Configuration
    private var buckets: [String: Bucket] = [:]

    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Takes one token for `source`; nil when allowed, otherwise the whole seconds until a token is back.
    public mutating func admit(source: String, now: NIODeadline) -> Int? {
        var bucket = buckets[source] ?? Bucket(tokens: configuration.burst, updated: now)
        let elapsed = Double(max(0, (now - bucket.updated).nanoseconds)) / 1e9
        bucket.tokens = min(configuration.burst, bucket.tokens + elapsed * configuration.ratePerSecond)
        bucket.updated = now
        defer {
            if buckets[source] == nil, buckets.count >= configuration.maximumSources { prune(now: now) }
            buckets[source] = bucket
        }
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            return nil
        }
        let wait = (1 - bucket.tokens) / max(configuration.ratePerSecond, 1e-9)
        return max(1, Int(wait.rounded(.up)))
    }

    private mutating func prune(now: NIODeadline) {
        let rate = configuration.ratePerSecond
        let burst = configuration.burst
        buckets = buckets.filter { _, bucket in
            bucket.tokens + Double(max(0, (now - bucket.updated).nanoseconds)) / 1e9 * rate < burst
        }
        if buckets.count >= configuration.maximumSources { buckets.removeAll() }
    }
}
