public import NIOCore

/// The registrar's policy, with the RFCs' defaults.
public struct SIPRegistrarConfiguration: Hashable, Sendable {
    /// The digest realm; must be the domain the routing server computed its HA1 values with.
    public var realm: String
    /// Algorithms offered in 401 challenges, most preferred first (RFC 7616 §3.7).
    public var algorithms: [DigestAlgorithm]
    /// Seconds a nonce stays fresh (RFC 7616 §3.3 `stale`).
    public var nonceLifetime: UInt64
    /// RFC 3261 §10.3 step 7: shorter non-zero requests get 423 with this Min-Expires (§20.23).
    public var minimumExpires: UInt32
    /// Longer requests are shortened to this (RFC 3261 §10.3 step 7 "the registrar MAY shorten").
    public var maximumExpires: UInt32
    /// Used when neither a Contact `expires` parameter nor an Expires header is given (RFC 3261 §10.2.1.1 suggests
    /// 3600 s).
    public var defaultExpires: UInt32
    /// The keepalive interval a device using RFC 5626 outbound is told in `Flow-Timer` (RFC 5626 §4.4.1, §10).
    public var flowTimer: UInt32
    /// Silence detection (default 40 s, never more).
    public var keepalive: KeepaliveMonitor.Configuration
    /// Per-source REGISTER rate limit.
    public var rateLimit: SIPRateLimiter.Configuration
    /// Whether INVITEs from registered clients are handed to the call side instead of refused with 403 (no toll
    /// fraud through the gateway unless a deployment allows it: issue 5 item 7).
    public var allowClientInvite: Bool
    /// Bindings one address-of-record may hold (a safety bound; 403 beyond it).
    public var maximumBindingsPerAOR: Int

    public init(
        realm: String, algorithms: [DigestAlgorithm] = [.sha256, .md5], nonceLifetime: UInt64 = 300,
        minimumExpires: UInt32 = 60, maximumExpires: UInt32 = 3600, defaultExpires: UInt32 = 3600,
        flowTimer: UInt32 = 25, keepalive: KeepaliveMonitor.Configuration = KeepaliveMonitor.Configuration(),
        rateLimit: SIPRateLimiter.Configuration = SIPRateLimiter.Configuration(), allowClientInvite: Bool = false,
        maximumBindingsPerAOR: Int = 16
    ) {
        self.realm = realm
        self.algorithms = algorithms
        self.nonceLifetime = nonceLifetime
        self.minimumExpires = minimumExpires
        self.maximumExpires = max(maximumExpires, minimumExpires)
        self.defaultExpires = defaultExpires
        self.flowTimer = flowTimer
        self.keepalive = keepalive
        self.rateLimit = rateLimit
        self.allowClientInvite = allowClientInvite
        self.maximumBindingsPerAOR = maximumBindingsPerAOR
    }
}
