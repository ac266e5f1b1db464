public import NIOCore
public import SIPTransactions
public import SIPWire

/// What the network side gives the forking leg for one incoming call.
public struct SIPForkingCall: Hashable, Sendable {
    /// The From of every INVITE, without tag (the leg adds its own, RFC 3261 §8.1.1.3).
    public var from: SIPAddress
    /// The To of every INVITE: the number that was called and could not be reached.
    public var to: SIPAddress
    /// Further headers for every INVITE: P-Asserted-Identity, Privacy, History-Info, Diversion
    /// (``SIPCallingIdentity/headers(domain:)``).
    public var headers: [SIPHeaders.Field]
    /// Our SDP offer (RFC 3264 §5), sent in the INVITE of every branch that is not secured (``secureOffer``).
    public var offer: [UInt8]
    /// The offer for branches whose device signals over TLS or WSS: the same media as `offer` with RTP/SAVP and
    /// SDES keys (RFC 4568 §8.3: keys only over protected signalling). Nil: every branch gets `offer`.
    public var secureOffer: [UInt8]?
    /// How long the devices ring before every branch is CANCELled; nil: the service's configured ring timeout.
    public var ringTimeout: TimeAmount?

    public init(
        from: SIPAddress, to: SIPAddress, headers: [SIPHeaders.Field] = [], offer: [UInt8], secureOffer: [UInt8]? = nil
    ) {
        self.from = from
        self.to = to
        self.headers = headers
        self.offer = offer
        self.secureOffer = secureOffer
    }

    /// Whether a branch to `nextHop` gets ``secureOffer``: its transport protects the SDP (SIP over TLS, RFC 3261
    /// §26.2; WebSocket over TLS, RFC 7118 §5.3). RFC 4568 §8.3: "the SDP MUST be protected" when it carries keys.
    public static func protectsSDP(_ nextHop: SIPTransportAddress) -> Bool {
        ["TLS", "WSS"].contains(nextHop.transport.uppercased())
    }

    /// The offer the branch to `nextHop` gets.
    public func offer(towards nextHop: SIPTransportAddress) -> [UInt8] {
        if let secureOffer, Self.protectsSDP(nextHop) { return secureOffer }
        return offer
    }
}
