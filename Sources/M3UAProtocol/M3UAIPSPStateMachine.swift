public import M3UAWire
public import NIOCore

/// An IPSP (RFC 4666 §4.3 "IPSP considerations"): M3UA point to point, in single or double exchange.
///
/// Single exchange: only one of the two IPSPs sends the ASP state messages, the other answers them, and DATA flows
/// both ways once the initiator is ASP-ACTIVE.
/// ```
///   initiator (an M3UAASPStateMachine)          responder (an M3UASGStateMachine, one association)
///        ASPUP  ----------------------------------->
///               <-----------------------------------  ASPUP ACK
///        ASPAC  ----------------------------------->
///               <-----------------------------------  ASPAC ACK (+ NTFY AS-ACTIVE)
///        DATA   <==================================>  DATA
///        ASPIA / ASPDN ---------------------------->   ASPIA ACK / ASPDN ACK
/// ```
/// Double exchange: each IPSP runs both halves on the one association — it brings itself up with ASPUP/ASPAC (its
/// ASP half) and answers the peer's ASPUP/ASPAC (its SG half), so each end knows both ASP states.
/// ```
///   this IPSP (ASP half + SG half)                   peer IPSP (ASP half + SG half)
///        ASPUP  ----------------------------------->  ASPUP ACK  (peer's SG half answers)
///               <-----------------------------------  ASPUP
///   ASPUP ACK   ----------------------------------->
///        ASPAC  ----------------------------------->  ASPAC ACK
///               <-----------------------------------  ASPAC
///   ASPAC ACK   ----------------------------------->
///        DATA   <==================================>  DATA (sent once our ASP half is ASP-ACTIVE, accepted
///                                                      while the peer is ASP-ACTIVE in our SG half)
/// ```
/// Incoming messages go to the half they concern: requests (ASPUP, ASPDN, ASPAC, ASPIA, REG/DEREG REQ, BEAT, DAUD)
/// and DATA to the SG half; acknowledgements, NTFY, ERR, SSNM and BEAT ACK to the ASP half. The peer's ASP state is
/// reported with ``M3UAEvent/peerASPStateChanged(_:)``.
public struct M3UAIPSPStateMachine: Sendable {
    /// Which half of the single exchange this IPSP plays.
    public enum Role: Hashable, Sendable {
        /// Sends ASPUP/ASPAC and reconnects: behaves as an ASP.
        case initiator
        /// Answers them: behaves as an SGP with one association.
        case responder
    }

    /// Single exchange in one role, or double exchange.
    public enum Exchange: Hashable, Sendable {
        case single(Role)
        case double
    }

    private enum State: Sendable {
        case initiator(M3UAASPStateMachine)
        case responder(M3UASGStateMachine)
        case double(M3UAASPStateMachine, M3UASGStateMachine)
    }

    /// The association of the embedded SG machine.
    static let peer = M3UAAssociationID(0)

    private var state: State

    /// A single-exchange IPSP.
    public init(role: Role, configuration: M3UAASPConfiguration, jitterSeed: UInt64 = 0) {
        self.init(exchange: .single(role), configuration: configuration, jitterSeed: jitterSeed)
    }

    /// - Parameters:
    ///   - exchange: single (initiator or responder) or double.
    ///   - configuration: used as is by the ASP half; the SG half serves one AS per routing context in it (routing
    ///     context 0 when none is configured) with its traffic mode (Override when none).
    public init(exchange: Exchange, configuration: M3UAASPConfiguration, jitterSeed: UInt64 = 0) {
        switch exchange {
        case .single(.initiator):
            state = .initiator(M3UAASPStateMachine(configuration: configuration, jitterSeed: jitterSeed))
        case .single(.responder):
            state = .responder(Self.serving(configuration))
        case .double:
            state = .double(
                M3UAASPStateMachine(configuration: configuration, jitterSeed: jitterSeed), Self.serving(configuration))
        }
    }

    private static func serving(_ configuration: M3UAASPConfiguration) -> M3UASGStateMachine {
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
        return M3UASGStateMachine(configuration: sg)
    }

    /// This IPSP's ASP state (§4.3.1): the initiator's as both sides see it; in double exchange, our own.
    public var aspState: M3UAASPState {
        switch state {
        case .initiator(let asp), .double(let asp, _): asp.aspState
        case .responder(let sg): sg.aspState(of: Self.peer)
        }
    }

    /// The peer's ASP state as this IPSP keeps it: the responder's and the double exchange's SG half; `nil` for
    /// an initiator, which does not track it.
    public var peerASPState: M3UAASPState? {
        switch state {
        case .initiator: nil
        case .responder(let sg), .double(_, let sg): sg.aspState(of: Self.peer)
        }
    }

    public mutating func transportUp(outboundStreams: UInt16) -> [M3UAAction] {
        run(
            asp: { $0.transportUp(outboundStreams: outboundStreams) },
            sg: { $0.transportUp(association: Self.peer, outboundStreams: outboundStreams) })
    }

    public mutating func transportDown() -> [M3UAAction] {
        run(asp: { $0.transportDown() }, sg: { $0.transportDown(association: Self.peer) })
    }

    public mutating func receive(bytes: ByteBuffer, stream: UInt16) -> [M3UAAction] {
        switch state {
        case .initiator(var asp):
            defer { state = .initiator(asp) }
            return asp.receive(bytes: bytes, stream: stream)
        case .responder(var sg):
            defer { state = .responder(sg) }
            return Self.map(sg.receive(bytes: bytes, stream: stream, from: Self.peer))
        case .double(var asp, var sg):
            defer { state = .double(asp, sg) }
            guard let message = try? M3UAMessage.decode(bytes, variant: asp.configuration.variant) else {
                // The ASP half answers a malformed message with ERR (once) and reports it.
                return asp.receive(bytes: bytes, stream: stream)
            }
            if Self.isForSGHalf(message) {
                return Self.map(sg.receive(message, stream: stream, from: Self.peer), double: true)
            }
            return asp.receive(message, stream: stream)
        }
    }

    /// Requests an SGP answers, and DATA (accepted while the peer is ASP-ACTIVE): the SG half's.
    static func isForSGHalf(_ message: M3UAMessage) -> Bool {
        switch message {
        case .aspUp, .aspDown, .aspActive, .aspInactive, .registrationRequest, .deregistrationRequest, .heartbeat,
            .destinationStateAudit, .payloadData, .unknown:
            true
        case .aspUpAck, .aspDownAck, .aspActiveAck, .aspInactiveAck, .registrationResponse, .deregistrationResponse,
            .heartbeatAck, .notify, .error, .destinationUnavailable, .destinationAvailable, .destinationRestricted,
            .signallingCongestion, .destinationUserPartUnavailable:
            false
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
        case .double(var asp, let sg):
            // Sent as an ASP: only in our ASP-ACTIVE (§4.3.4.3), which the peer's SG half has acknowledged.
            defer { state = .double(asp, sg) }
            return asp.sendData(protocolData, routingContext: routingContext)
        }
    }

    /// The ASP half arms T(ack) and T(beat), the SG half T(r): the kind tells whose timer fired.
    public mutating func timerFired(_ timer: M3UATimer) -> [M3UAAction] {
        switch timer.kind {
        case .ack, .heartbeat: run(asp: { $0.timerFired(timer) }, sg: nil)
        case .recovery: run(asp: nil, sg: { $0.timerFired(timer) })
        }
    }

    /// Go ASP-ACTIVE: the initiator's and the double exchange's ASP half. Responder: nothing (the initiator decides).
    public mutating func activate() -> [M3UAAction] {
        run(asp: { $0.activate() }, sg: nil)
    }

    /// Go ASP-INACTIVE: the initiator's and the double exchange's ASP half. Responder: nothing.
    public mutating func deactivate() -> [M3UAAction] {
        run(asp: { $0.deactivate() }, sg: nil)
    }

    /// Initiator and double exchange: ASPDN then close. Responder: close the association.
    public mutating func shutdown() -> [M3UAAction] {
        switch state {
        case .initiator, .double: run(asp: { $0.shutdown() }, sg: nil)
        case .responder: [.closeTransport]
        }
    }

    /// Runs an input on the halves that take it; in double exchange both run and one `closeTransport` is kept.
    private mutating func run(
        asp aspInput: ((inout M3UAASPStateMachine) -> [M3UAAction])?,
        sg sgInput: ((inout M3UASGStateMachine) -> [M3UASGAction])?
    ) -> [M3UAAction] {
        switch state {
        case .initiator(var asp):
            defer { state = .initiator(asp) }
            return aspInput?(&asp) ?? []
        case .responder(var sg):
            defer { state = .responder(sg) }
            return sgInput.map { Self.map($0(&sg)) } ?? []
        case .double(var asp, var sg):
            defer { state = .double(asp, sg) }
            let actions = (aspInput?(&asp) ?? []) + (sgInput.map { Self.map($0(&sg), double: true) } ?? [])
            var closed = false
            return actions.filter { action in
                guard action == .closeTransport else { return true }
                defer { closed = true }
                return !closed
            }
        }
    }

    /// SG actions as IPSP actions. In double exchange the SG half's states are the peer's: they are reported,
    /// not announced as this IPSP's own.
    static func map(_ actions: [M3UASGAction], double: Bool = false) -> [M3UAAction] {
        actions.map { action in
            switch action {
            case .send(let message, _, let stream): .send(message, stream: stream)
            case .deliver(let data, _, _): .deliver(data)
            case .startTimer(let timer, let after): .startTimer(timer, after: after)
            case .cancelTimer(let timer): .cancelTimer(timer)
            case .aspStateChanged(_, let aspState):
                double ? .report(.peerASPStateChanged(aspState)) : .stateChanged(aspState)
            case .asStateChanged(let context, let asState):
                double
                    ? .report(.peerASStateChanged(routingContext: context, asState))
                    : .asStateChanged(routingContext: context, asState)
            case .closeTransport: .closeTransport
            case .report(let event, _): .report(event)
            }
        }
    }
}
