public import M3UAWire

/// How an ASP (the gateway towards an SG/STP, or the initiating side of an IPSP pair) runs RFC 4666 §4.
public struct M3UAASPConfiguration: Hashable, Sendable {
    /// Durations and retry counts (T(ack) 2 s, T(beat) 30 s when on, reconnect backoff).
    public var timers = M3UATimerConfiguration()
    /// Routing contexts put in ASPAC, ASPIA and DATA (RFC 4666 §3.7.1: "conditional", needed when the
    /// association serves more than one AS). Empty: the parameter is left out. Replaced by the contexts that
    /// dynamic registration returns when `routingKeys` is not empty.
    public var routingContexts: [UInt32] = []
    /// The traffic mode asked for in ASPAC (§3.7.1); `nil` leaves it out and the SG's configuration applies.
    public var trafficMode: M3UATrafficModeType? = nil
    /// Network Appearance put in DATA (§3.3.1, optional); received DATA with another one gets ERR 0x15.
    public var networkAppearance: UInt32? = nil
    /// ASP Identifier sent in ASPUP (§3.5.1, optional; some SGs require it: ERR 0x0E).
    public var aspIdentifier: UInt32? = nil
    /// Routing keys to register with REG REQ after ASPUP ACK and before ASPAC (RFC 4666 §4.4.1); empty: static
    /// configuration, no registration.
    public var routingKeys: [M3UARoutingKey] = []
    /// Destinations reached through this SG, marked available on ASPAC ACK when
    /// `interop.assumeAvailableOnActive` (RFC 4666 §4.5: DUNA/DAVA then correct them).
    public var routes: [M3UAMaskedPointCode] = []
    /// Go to ASP-ACTIVE on its own after the transport comes up; `false` stops at ASP-INACTIVE until `activate()`.
    public var activateAutomatically = true
    /// The wire edition the peer speaks.
    public var variant: M3UAVariant = .rfc4666
    /// Quirks of the peer.
    public var interop = M3UAInteropOptions()

    public init() {}
}
