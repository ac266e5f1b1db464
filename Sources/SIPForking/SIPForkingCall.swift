public import NIOCore
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
    /// Our SDP offer (RFC 3264 §5), sent in every INVITE.
    public var offer: [UInt8]
    /// How long the devices ring before every branch is CANCELled; nil: the service's configured ring timeout.
    public var ringTimeout: TimeAmount?

    public init(from: SIPAddress, to: SIPAddress, headers: [SIPHeaders.Field] = [], offer: [UInt8]) {
        self.from = from
        self.to = to
        self.headers = headers
        self.offer = offer
    }
}
