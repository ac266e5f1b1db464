public import NIOCore
public import SIPWire

/// A change of a device's registration state, for the routing server (the mission's "data network connection
/// detection").
public enum SIPDeviceStateChange: Hashable, Sendable {
    /// A new binding, or a binding replaced by a registration from a new flow or Call-ID (RFC 5626 §6).
    case registered(SIPBinding)
    /// The same binding registered again before it expired (RFC 3261 §10.2.1 refresh).
    case refreshed(SIPBinding)
    /// Removed by the device (Expires 0, `Contact: *`: RFC 3261 §10.2.2) or lapsed (§10.3 "expired").
    case deregistered(SIPBinding, reason: DeregistrationReason)
    /// The device went silent or its flow closed (RFC 5626 §4.4): the binding is dropped.
    case connectionLost(SIPBinding, reason: String)

    public enum DeregistrationReason: String, Hashable, Sendable {
        case unregistered
        case expired
    }

    public var binding: SIPBinding {
        switch self {
        case .registered(let binding), .refreshed(let binding), .deregistered(let binding, _),
            .connectionLost(let binding, _):
            binding
        }
    }
}

/// A registrar timer: a binding's expiry or its keepalive.
public enum SIPRegistrarTimer: Hashable, Sendable {
    case expiry(SIPBindingID, generation: UInt64)
    case keepalive(KeepaliveTimer)
}

/// What the registrar asks its shell to do, in order.
public enum SIPRegistrarAction: Hashable, Sendable {
    /// Answer the request being handled (in its server transaction).
    case respond(SIPResponse)
    case startTimer(SIPRegistrarTimer, after: TimeAmount)
    case cancelTimer(SIPRegistrarTimer)
    /// Probe a binding's device (CRLF ping on its flow, or OPTIONS to its reachable address).
    case probe(SIPBinding, KeepaliveProbeKind)
    /// Tell the routing server.
    case deviceState(SIPDeviceStateChange)
}

/// What to do with a request on arrival.
public enum SIPRegistrarAdmission: Hashable, Sendable {
    /// Answer at once (OPTIONS, a challenge, 400, 403, 405, 420, 503), or nothing for an ACK.
    case respond(SIPResponse?)
    /// Fetch this user's credentials, then call ``SIPRegistrar/register(_:from:credentials:now:)``.
    case authenticate(username: String)
    /// An INVITE allowed by configuration: the call side serves it.
    case forwardToCallSide
}
