public import M3UAWire
public import NIOCore

/// An IPSP in single exchange (RFC 4666 §4.3.3 "IPSP Considerations"): only one of the two IPSPs sends the
/// ASP state messages, the other answers them, and DATA flows both ways once the initiator is ASP-ACTIVE.
///
/// ```
///   initiator (an M3UAASPStateMachine)          responder (an M3UASGStateMachine, one association)
///        ASPUP  ----------------------------------->
///               <-----------------------------------  ASPUP ACK
///        ASPAC  ----------------------------------->
///               <-----------------------------------  ASPAC ACK (+ NTFY AS-ACTIVE)
///        DATA   <==================================>  DATA
///        ASPIA / ASPDN ---------------------------->   ASPIA ACK / ASPDN ACK
/// ```
/// Double exchange (each side also sends ASPUP/ASPAC) is not implemented.
public struct M3UAIPSPStateMachine: Sendable {
    /// Which half of the single exchange this IPSP plays.
    public enum Role: Hashable, Sendable {
        /// Sends ASPUP/ASPAC and reconnects: behaves as an ASP.
        case initiator
        /// Answers them: behaves as an SGP with one association.
        case responder
    }

    private enum State: Sendable {
        case initiator(M3UAASPStateMachine)
        case responder(M3UASGStateMachine)
    }

    /// The association of the responder's embedded SG machine.
    static let peer = M3UAAssociationID(0)

    private var state: State

    /// - Parameters:
    ///   - role: initiator or responder.
    ///   - configuration: used as is by the initiator; the responder serves one AS per routing context in it
    ///     (routing context 0 when none is configured) with its traffic mode (Override when none).
    public init(role: Role, configuration: M3UAASPConfiguration, jitterSeed: UInt64 = 0) {
        switch role {
        case .initiator:
            state = .initiator(M3UAASPStateMachine(configuration: configuration, jitterSeed: jitterSeed))
        case .responder:
            var sg = M3UASGConfiguration()
            let contexts = configuration.routingContexts.isEmpty ? [0] : configuration.routingContexts
            sg.applicationServers = contexts.map {
                M3UAApplicationServerConfiguration(
                    routingContext: $0, trafficMode: configuration.trafficMode ?? .override,
                    destinationPointCodes: configuration.routes)
            }
            sg.timers = configuration.timers
            sg.networkAppearance = configuration.networkAppearance
            sg.allowDynamicRegistration = false
            sg.variant = configuration.variant
            sg.interop = configuration.interop
            state = .responder(M3UASGStateMachine(configuration: sg))
        }
    }

    /// The initiator's ASP state (§4.3.1), as both sides see it.
    public var aspState: M3UAASPState {
        switch state {
        case .initiator(let asp): asp.aspState
        case .responder(let sg): sg.aspState(of: Self.peer)
        }
    }

    public mutating func transportUp(outboundStreams: UInt16) -> [M3UAAction] {
        switch state {
        case .initiator(var asp):
            defer { state = .initiator(asp) }
            return asp.transportUp(outboundStreams: outboundStreams)
        case .responder(var sg):
            defer { state = .responder(sg) }
            return Self.map(sg.transportUp(association: Self.peer, outboundStreams: outboundStreams))
        }
    }

    public mutating func transportDown() -> [M3UAAction] {
        switch state {
        case .initiator(var asp):
            defer { state = .initiator(asp) }
            return asp.transportDown()
        case .responder(var sg):
            defer { state = .responder(sg) }
            return Self.map(sg.transportDown(association: Self.peer))
        }
    }

    public mutating func receive(bytes: ByteBuffer, stream: UInt16) -> [M3UAAction] {
        switch state {
        case .initiator(var asp):
            defer { state = .initiator(asp) }
            return asp.receive(bytes: bytes, stream: stream)
        case .responder(var sg):
            defer { state = .responder(sg) }
            return Self.map(sg.receive(bytes: bytes, stream: stream, from: Self.peer))
        }
    }

    public mutating func sendData(_ protocolData: M3UAProtocolData, routingContext: UInt32? = nil) -> [M3UAAction] {
        switch state {
        case .initiator(var asp):
            defer { state = .initiator(asp) }
            return asp.sendData(protocolData, routingContext: routingContext)
        case .responder(var sg):
            defer { state = .responder(sg) }
            let context = routingContext ?? sg.routingContexts.first
            return Self.map(sg.sendData(protocolData, routingContext: context))
        }
    }

    public mutating func timerFired(_ timer: M3UATimer) -> [M3UAAction] {
        switch state {
        case .initiator(var asp):
            defer { state = .initiator(asp) }
            return asp.timerFired(timer)
        case .responder(var sg):
            defer { state = .responder(sg) }
            return Self.map(sg.timerFired(timer))
        }
    }

    /// Initiator: go ASP-ACTIVE. Responder: nothing (the initiator decides).
    public mutating func activate() -> [M3UAAction] {
        switch state {
        case .initiator(var asp):
            defer { state = .initiator(asp) }
            return asp.activate()
        case .responder: return []
        }
    }

    /// Initiator: go ASP-INACTIVE. Responder: nothing.
    public mutating func deactivate() -> [M3UAAction] {
        switch state {
        case .initiator(var asp):
            defer { state = .initiator(asp) }
            return asp.deactivate()
        case .responder: return []
        }
    }

    /// Initiator: ASPDN then close. Responder: close the association.
    public mutating func shutdown() -> [M3UAAction] {
        switch state {
        case .initiator(var asp):
            defer { state = .initiator(asp) }
            return asp.shutdown()
        case .responder: return [.closeTransport]
        }
    }

    static func map(_ actions: [M3UASGAction]) -> [M3UAAction] {
        actions.map { action in
            switch action {
            case .send(let message, _, let stream): .send(message, stream: stream)
            case .deliver(let data, _, _): .deliver(data)
            case .startTimer(let timer, let after): .startTimer(timer, after: after)
            case .cancelTimer(let timer): .cancelTimer(timer)
            case .aspStateChanged(_, let aspState): .stateChanged(aspState)
            case .asStateChanged(let context, let asState): .asStateChanged(routingContext: context, asState)
            case .closeTransport: .closeTransport
            case .report(let event, _): .report(event)
            }
        }
    }
}
