public import NIOCore
public import SIPCallService
public import SIPRegistrar
public import SIPTransactions
public import SIPTransport

/// The shared SIP address and the parts behind it.
public struct SIPEdgeConfiguration: Sendable {
    /// Where SIP is served: UDP, TCP, TLS, WS, WSS as configured (one address for devices, RFC 5626 §5.3).
    public var transport: SIPTransportConfiguration
    /// The registrar (realm, digest algorithms, keepalive, `allowClientInvite`).
    public var registrar: SIPRegistrarConfiguration
    /// The forking leg's timers (`host` must be `transport.host`: it is the Via and Contact host).
    public var calls: SIPCallServiceConfiguration
    /// How long a call waits for devices woken by push to register (issue 5 item 3); the push tells the device the
    /// same deadline. A call with nobody registered fails (subscriber absent) when it passes with no device forked.
    public var pushWait: TimeAmount
    /// The domain of the To of our MESSAGEs (`sip:<aor>@domain`); the registrar's realm by default.
    public var domain: String
    /// Transaction timers of the MESSAGEs the edge sends (RFC 3261 Table 4; Timer F bounds a delivery on UDP).
    public var messageTimers: SIPTimerConfiguration
    /// Keys the registrar's nonces (≥ 32 bytes, RFC 7616 §3.3), from a real random source in production.
    public var secret: [UInt8]
    /// Seeds identifiers (branches, tags, Call-IDs).
    public var seed: UInt64
    /// Soft switches allowed to send us calls (issue 7 item 1): `host` (any port) or `host:port`, IP literals. Their
    /// requests go to the edge's ingress (``SIPEdge/setIngress(_:)``) instead of the registrar's 403 for a client's
    /// INVITE (issue 5 item 7); nobody else's INVITE is taken.
    public var trunks: [String] = []

    public init(
        transport: SIPTransportConfiguration, registrar: SIPRegistrarConfiguration,
        calls: SIPCallServiceConfiguration? = nil, pushWait: TimeAmount = .seconds(20), domain: String? = nil,
        messageTimers: SIPTimerConfiguration = SIPTimerConfiguration(), secret: [UInt8],
        seed: UInt64 = UInt64.random(in: .min ... .max)
    ) {
        self.transport = transport
        self.registrar = registrar
        var calls = calls ?? SIPCallServiceConfiguration(host: transport.host, seed: seed &+ 1)
        calls.host = transport.host
        self.calls = calls
        self.pushWait = pushWait
        self.domain = domain ?? registrar.realm
        self.messageTimers = messageTimers
        self.secret = secret
        self.seed = seed
    }
}
