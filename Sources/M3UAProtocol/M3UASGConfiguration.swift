public import M3UAWire

/// One Application Server the SG serves, identified by its routing context (RFC 4666 §1.2, §4.3.2).
public struct M3UAApplicationServerConfiguration: Hashable, Sendable {
    /// The routing context that names the AS in ASPAC, NTFY and DATA.
    public var routingContext: UInt32
    /// Override (one active ASP), Loadshare (DATA spread over active ASPs by SLS) or Broadcast (§3.7.1).
    public var trafficMode: M3UATrafficModeType
    /// The routing key's destination point codes: outgoing DATA whose DPC matches goes to this AS.
    public var destinationPointCodes: [M3UAMaskedPointCode]

    /// Loadshare: how many active ASPs the AS wants ("n", RFC 4666 §4.3.4.3); with fewer, the inactive ASPs get
    /// NTFY "Insufficient ASP Resources Active in AS". The AS is AS-ACTIVE from the first active ASP on.
    public var minimumActiveASPs: Int

    public init(
        routingContext: UInt32, trafficMode: M3UATrafficModeType = .override,
        destinationPointCodes: [M3UAMaskedPointCode] = [], minimumActiveASPs: Int = 1
    ) {
        self.routingContext = routingContext
        self.trafficMode = trafficMode
        self.destinationPointCodes = destinationPointCodes
        self.minimumActiveASPs = minimumActiveASPs
    }
}

/// How the SG side (the MSC/STP played by tests, replay and the demo) runs RFC 4666 §4.
public struct M3UASGConfiguration: Hashable, Sendable {
    /// The statically configured ASs; every ASP that comes up may serve each of them.
    public var applicationServers: [M3UAApplicationServerConfiguration] = []
    /// T(r) (§4.3.2) and the others.
    public var timers = M3UATimerConfiguration()
    /// Network Appearance put in DATA (§3.3.1, optional).
    public var networkAppearance: UInt32? = nil
    /// Accept REG REQ for routing keys no static AS matches, creating an AS (RFC 4666 §4.4.1).
    public var allowDynamicRegistration = true
    /// The first routing context handed out by dynamic registration (identifiers are injected, not random).
    public var firstDynamicRoutingContext: UInt32 = 1000
    /// Traffic mode of an AS created by registration when its routing key names none.
    public var defaultTrafficMode: M3UATrafficModeType = .override
    /// Refuse ASPUP without ASP Identifier with ERR 0x0E "ASP Identifier Required" (§4.3.4.1).
    public var requireASPIdentifier = false
    /// How many DATA messages are buffered per AS while it is AS-PENDING (RFC 4666 §4.3.2); more are discarded.
    public var recoveryBufferLimit = 256
    /// The availability DAUD is answered from (§4.5.3); change it at run time with `setDestination(_:to:)`.
    public var destinations = M3UADestinationTable()
    /// The wire edition the ASPs speak.
    public var variant: M3UAVariant = .rfc4666
    /// Quirks (`sendNotify`, `acceptDAUDFromInactiveASP`, `discardUnexpectedMessages`).
    public var interop = M3UAInteropOptions()

    public init() {}
}

/// Which association (one ASP each) an SG action or event concerns; assigned by the shell.
public struct M3UAAssociationID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (lhs: M3UAAssociationID, rhs: M3UAAssociationID) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { "assoc#\(rawValue)" }
}

/// What the SG state machine asks its shell to do.
public enum M3UASGAction: Hashable, Sendable {
    /// Encode and send on this association and stream.
    case send(M3UAMessage, to: M3UAAssociationID, stream: UInt16)
    /// DATA from an active ASP, for the MTP3 user (or the STP's routing).
    case deliver(M3UAProtocolData, from: M3UAAssociationID, routingContext: UInt32?)
    case startTimer(M3UATimer, after: Duration)
    case cancelTimer(M3UATimer)
    /// An ASP's state as the SGP keeps it (§4.3.1).
    case aspStateChanged(M3UAAssociationID, M3UAASPState)
    /// An AS changed state (§4.3.2).
    case asStateChanged(routingContext: UInt32, M3UAASState)
    /// Close this association.
    case closeTransport(M3UAAssociationID)
    case report(M3UAEvent, from: M3UAAssociationID?)
}
