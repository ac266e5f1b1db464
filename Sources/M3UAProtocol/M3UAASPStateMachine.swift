public import M3UAWire
public import NIOCore

/// The ASP side of RFC 4666 §4.3: what Reroute's gateway runs towards an SG or STP over one association.
///
/// ```
///                      transportUp / send ASPUP, start T(ack)
///  +--------------+ ------------------------------------------> +--------------+
///  | disconnected |                                             |   ASP-DOWN   |<---------------+
///  +--------------+ <------------------------------------------ +--------------+                |
///        ^  transportDown, T(ack) exhausted, BEAT lost /               | ASPUP ACK                 |
///        |  closeTransport?, reconnect(after: backoff)                 v  [REG REQ → REG RSP]      | ASPDN ACK
///        |                                                      +--------------+                |
///        +------------------------------------------------------| ASP-INACTIVE |----------------+
///        |                                                      +--------------+                |
///        |                        ASPAC → ASPAC ACK |    ^ ASPIA → ASPIA ACK,                    |
///        |                                          v    | NTFY Alternate ASP Active            |
///        |                                          +--------------+                             |
///        +------------------------------------------|  ASP-ACTIVE  |-----------------------------+
///                                                   +--------------+   (DATA both ways only here)
/// ```
///
/// Each request (ASPUP, REG REQ, ASPAC, ASPIA, ASPDN) is resent on T(ack) expiry up to
/// `maximumRetransmissions` times (§4.3.4.1–§4.3.4.4), unless an ERR refuses it first (§3.8.1: reported as
/// `procedureRefused`, no more retransmissions). The machine drives itself towards a *goal*
/// (`activate()`, `deactivate()`, `shutdown()`), one request at a time. BEAT runs from ASP-INACTIVE on when
/// `timers.heartbeatEnabled` (§4.3.4.6). Inputs are the shell's events, outputs are `M3UAAction`s; there is no
/// I/O, clock or randomness here (the reconnect jitter comes from `jitterSeed`).
public struct M3UAASPStateMachine: Sendable {
    /// Where the layer manager wants the ASP to be.
    private enum Goal: Int, Comparable, Sendable {
        case down, inactive, active
        static func < (lhs: Goal, rhs: Goal) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// An outstanding request waiting for its acknowledgement.
    private struct Pending: Hashable, Sendable {
        var procedure: M3UAProcedure
        var message: M3UAMessage
        var retransmissions: Int
    }

    /// BEAT bookkeeping: the data of BEATs not yet acknowledged (§4.3.4.6).
    private struct Heartbeat: Hashable, Sendable {
        var outstanding: [ByteBuffer] = []
    }

    /// Per-association data, alive while the transport is up.
    private struct Link: Hashable, Sendable {
        var outboundStreams: UInt16
        var pending: Pending?
        var heartbeat = Heartbeat()
    }

    private enum State: Hashable, Sendable {
        /// No association (ASP-DOWN).
        case disconnected
        /// Association up, ASP-DOWN: no ASPUP ACK yet.
        case down(Link)
        /// ASP-INACTIVE.
        case inactive(Link)
        /// ASP-ACTIVE.
        case active(Link)
    }

    public let configuration: M3UAASPConfiguration
    private var state: State = .disconnected
    private var goal: Goal
    private var timers = M3UATimerTable()
    private var backoff: M3UABackoff
    private var reconnectAttempt = 0
    private var heartbeatSequence: UInt64 = 0
    /// The routing contexts returned by dynamic registration (§4.4.1), `nil` until registered.
    private var registeredContexts: [UInt32]?
    /// What SSNM told us about remote destinations (§4.5).
    public private(set) var destinations = M3UADestinationTable()

    /// - Parameters:
    ///   - configuration: timers, routing contexts, traffic mode, ASP identifier, interop switches.
    ///   - jitterSeed: seeds the reconnect jitter (inject a random value in production, a constant in tests).
    public init(configuration: M3UAASPConfiguration, jitterSeed: UInt64 = 0) {
        self.configuration = configuration
        self.goal = configuration.activateAutomatically ? .active : .inactive
        self.backoff = M3UABackoff(seed: jitterSeed)
    }

    /// The ASP state of RFC 4666 §4.3.1.
    public var aspState: M3UAASPState {
        switch state {
        case .disconnected, .down: .down
        case .inactive: .inactive
        case .active: .active
        }
    }

    /// Whether the association is up.
    public var isTransportUp: Bool {
        if case .disconnected = state { return false }
        return true
    }

    /// The routing contexts in use: those from registration, else the configured ones.
    public var routingContexts: [UInt32] { registeredContexts ?? configuration.routingContexts }

    // MARK: - Transport events

    /// The association is up: send ASPUP (§4.3.4.1) unless shut down.
    public mutating func transportUp(outboundStreams: UInt16) -> [M3UAAction] {
        switch state {
        case .down, .inactive, .active:
            return []  // already up: a duplicate event from the shell
        case .disconnected:
            guard goal != .down else { return [.closeTransport] }
            state = .down(Link(outboundStreams: outboundStreams))
            return advance()
        }
    }

    /// The association is gone: every state falls back to ASP-DOWN, timers stop, destinations become
    /// unavailable, and a reconnect is scheduled with exponential backoff unless shut down.
    public mutating func transportDown() -> [M3UAAction] {
        switch state {
        case .disconnected:
            return []
        case .down, .inactive, .active:
            return dropLink(closing: false)
        }
    }

    // MARK: - Layer management

    /// Go to ASP-ACTIVE (§4.3.4.3), reconnecting first if a shutdown closed the association.
    public mutating func activate() -> [M3UAAction] {
        let wasShutDown = goal == .down
        goal = .active
        switch state {
        case .disconnected: return wasShutDown ? [.reconnect(after: .zero)] : []
        case .down, .inactive, .active: return advance()
        }
    }

    /// Go to ASP-INACTIVE (§4.3.4.4).
    public mutating func deactivate() -> [M3UAAction] {
        let wasShutDown = goal == .down
        goal = .inactive
        switch state {
        case .disconnected: return wasShutDown ? [.reconnect(after: .zero)] : []
        case .down, .inactive, .active: return advance()
        }
    }

    /// Go to ASP-DOWN with ASPDN (§4.3.4.2), then close the association and stay down until `activate()`.
    public mutating func shutdown() -> [M3UAAction] {
        goal = .down
        switch state {
        case .disconnected: return []
        case .down(let link) where link.pending == nil: return dropLink(closing: true)
        case .down, .inactive, .active: return advance()
        }
    }

    // MARK: - Outgoing DATA

    /// Sends an MTP3-User message (§4.3.4.3: DATA only in ASP-ACTIVE) on the stream its SLS selects.
    public mutating func sendData(_ protocolData: M3UAProtocolData, routingContext: UInt32? = nil) -> [M3UAAction] {
        switch state {
        case .disconnected:
            return [.report(.dataDiscarded(.transportDown))]
        case .down, .inactive:
            return [.report(.dataDiscarded(.notActive))]
        case .active(let link):
            let context = routingContext.map { [$0] } ?? routingContexts.first.map { [$0] }
            let data = M3UAPayloadData(
                networkAppearance: configuration.networkAppearance, routingContext: context,
                protocolData: protocolData)
            let stream = M3UAStreamSelection.stream(
                forSLS: protocolData.signallingLinkSelection, outboundStreams: link.outboundStreams)
            return [.send(.payloadData(data), stream: stream)]
        }
    }

    // MARK: - Timers

    /// A timer the shell armed has expired; stale generations are ignored.
    public mutating func timerFired(_ timer: M3UATimer) -> [M3UAAction] {
        guard timers.consume(timer) else { return [] }
        switch timer.kind {
        case .ack: return ackTimerFired()
        case .heartbeat: return heartbeatTimerFired()
        case .recovery: return []  // an SG timer: never armed here
        }
    }

    private mutating func ackTimerFired() -> [M3UAAction] {
        guard var link = currentLink, var pending = link.pending else { return [] }
        guard pending.retransmissions < configuration.timers.maximumRetransmissions else {
            // The peer never answered: §4.3.4.1 leaves the rest to layer management. A silent peer during ASPUP,
            // ASPIA or ASPDN is a broken link; a refused ASPAC or REG REQ leaves the ASP where it is.
            link.pending = nil
            setLink(link)
            var actions: [M3UAAction] = [.report(.procedureFailed(pending.procedure))]
            switch pending.procedure {
            case .aspUp, .aspInactive, .aspDown:
                actions += dropLink(closing: true)
            case .aspActive, .registration:
                goal = min(goal, .inactive)
            }
            return actions
        }
        pending.retransmissions += 1
        link.pending = pending
        setLink(link)
        let timer = timers.start(.ack)
        return [.send(pending.message, stream: M3UAStreamSelection.management), .startTimer(timer, after: ackTimeout)]
    }

    private mutating func heartbeatTimerFired() -> [M3UAAction] {
        guard var link = currentLink, let interval = configuration.timers.heartbeat else { return [] }
        switch state {
        case .disconnected, .down: return []
        case .inactive, .active: break
        }
        if link.heartbeat.outstanding.count >= max(configuration.timers.maximumMissedHeartbeats, 1) {
            // §4.3.4.6: "If no Heartbeat Ack message (or any other M3UA message) is received from the M3UA peer within
            // 2*T(beat), the remote M3UA peer is considered unavailable."
            let missed = link.heartbeat.outstanding.count
            return [.report(.heartbeatLost(missed: missed))] + dropLink(closing: true)
        }
        heartbeatSequence &+= 1
        let data = M3UAReplies.heartbeatData(sequence: heartbeatSequence)
        link.heartbeat.outstanding.append(data)
        setLink(link)
        let timer = timers.start(.heartbeat)
        return [
            .send(.heartbeat(M3UAHeartbeat(heartbeatData: data)), stream: M3UAStreamSelection.management),
            .startTimer(timer, after: interval),
        ]
    }

    // MARK: - Incoming messages

    /// Decodes one received message and handles it; a decoding error becomes an ERR with the error code and
    /// diagnostic of §3.8.1 (never in answer to an ERR), and the association stays up.
    public mutating func receive(bytes: ByteBuffer, stream: UInt16) -> [M3UAAction] {
        guard isTransportUp else { return [] }
        let message: M3UAMessage
        do {
            message = try M3UAMessage.decode(bytes, variant: configuration.variant)
        } catch {
            var actions: [M3UAAction] = []
            if !error.isInResponseToError {
                actions.append(.send(error.errorReply(), stream: M3UAStreamSelection.management))
            }
            actions.append(.report(.decodingFailed(error)))
            return actions
        }
        return receive(M3UAInbound(message: message, raw: bytes, stream: stream))
    }

    /// Handles one decoded message (for shells and tests that decode themselves).
    public mutating func receive(_ message: M3UAMessage, stream: UInt16) -> [M3UAAction] {
        guard isTransportUp else { return [] }
        return receive(M3UAInbound(message: message, raw: message.encoded(), stream: stream))
    }

    private mutating func receive(_ inbound: M3UAInbound) -> [M3UAAction] {
        guard var link = currentLink else { return [] }
        // Any message from the peer proves it alive (§4.3.4.6 "or any other M3UA message").
        if !link.heartbeat.outstanding.isEmpty, !isHeartbeatAck(inbound.message) {
            link.heartbeat.outstanding.removeAll()
            setLink(link)
        }
        switch inbound.message {
        case .aspUpAck:
            return receiveAcknowledgement(.aspUp, inbound)
        case .aspActiveAck:
            return receiveAcknowledgement(.aspActive, inbound)
        case .aspInactiveAck:
            return receiveAcknowledgement(.aspInactive, inbound)
        case .aspDownAck:
            return receiveASPDownAck()
        case .registrationResponse(let response):
            guard link.pending?.procedure == .registration else { return unexpected(inbound) }
            return receiveRegistrationResponse(response)
        case .heartbeat(let beat):
            // §4.3.4.6: a BEAT is answered with BEAT ACK carrying the same Heartbeat Data (§3.5.6).
            return [
                .send(
                    .heartbeatAck(M3UAHeartbeatAck(parameters: beat.parameters)), stream: M3UAStreamSelection.management
                )
            ]
        case .heartbeatAck(let ack):
            return receiveHeartbeatAck(ack)
        case .notify(let notify):
            return receiveNotify(notify)
        case .error(let error):
            return receiveError(error)
        case .payloadData(let data):
            return receiveData(data, inbound)
        case .destinationUnavailable, .destinationAvailable, .destinationRestricted, .signallingCongestion,
            .destinationUserPartUnavailable:
            guard aspState != .down else { return unexpected(inbound) }
            let changes = destinations.apply(inbound.message) ?? []
            return changes.map { .destinationAvailability($0) }
        case .destinationStateAudit(let audit):
            guard configuration.interop.acceptDAUDFromSG, aspState != .down else { return unexpected(inbound) }
            return destinations.audit(audit).map { .send($0, stream: M3UAStreamSelection.management) }
        case .aspUp, .aspDown, .aspActive, .aspInactive, .registrationRequest, .deregistrationRequest,
            .deregistrationResponse:
            // SG-bound requests, or a DEREG RSP we never asked for.
            return unexpected(inbound)
        case .unknown(let messageClass, let messageType, _):
            return [
                .send(
                    M3UAReplies.error(
                        M3UAReplies.unsupportedCode(messageClass),
                        offending: inbound.raw, routingContext: nil),
                    stream: M3UAStreamSelection.management),
                .report(.unexpectedMessage("UNKNOWN(\(messageClass.rawValue)/\(messageType))", state: aspState)),
            ]
        }
    }

    private func isHeartbeatAck(_ message: M3UAMessage) -> Bool {
        if case .heartbeatAck = message { return true }
        return false
    }

    /// ASPUP ACK, ASPAC ACK, ASPIA ACK: valid only while the matching request is outstanding. A duplicate that a
    /// retransmission provoked (§4.3.4.1 "resend") arrives in the state it leads to and is ignored.
    private mutating func receiveAcknowledgement(_ procedure: M3UAProcedure, _ inbound: M3UAInbound) -> [M3UAAction] {
        guard var link = currentLink else { return [] }
        guard link.pending?.procedure == procedure else {
            switch (procedure, state) {
            case (.aspUp, .inactive), (.aspActive, .active), (.aspInactive, .inactive): return []
            default: return unexpected(inbound)
            }
        }
        link.pending = nil
        var actions: [M3UAAction] = timers.cancel(.ack).map { [.cancelTimer($0)] } ?? []
        switch procedure {
        case .aspUp:
            state = .inactive(link)
            reconnectAttempt = 0
            actions.append(.stateChanged(.inactive))
            if let interval = configuration.timers.heartbeat {
                actions.append(.startTimer(timers.start(.heartbeat), after: interval))
            }
        case .aspActive:
            state = .active(link)
            actions.append(.stateChanged(.active))
            if configuration.interop.peerSendsNoNotify {
                actions += asStates(.active)
            }
            if configuration.interop.assumeAvailableOnActive {
                for route in configuration.routes {
                    let status = destinations.set(route, to: .available)
                    actions.append(.destinationAvailability(M3UADestinationChange(affected: route, status: status)))
                }
            }
        case .aspInactive:
            state = .inactive(link)
            actions.append(.stateChanged(.inactive))
            if configuration.interop.peerSendsNoNotify {
                actions += asStates(.inactive)
            }
            actions += forgetDestinations()
        case .aspDown, .registration:
            setLink(link)
        }
        return actions + advance()
    }

    /// §4.3.4.2: an ASP that receives ASPDN ACK without having sent ASPDN considers itself ASP-DOWN (and, wanting
    /// to be up, starts over with ASPUP).
    private mutating func receiveASPDownAck() -> [M3UAAction] {
        guard var link = currentLink else { return [] }
        let wasUp = aspState != .down
        let solicited = link.pending?.procedure == .aspDown
        link.pending = nil
        link.heartbeat = Heartbeat()
        state = .down(link)
        var actions: [M3UAAction] = timers.cancelAll().map { .cancelTimer($0) }
        if wasUp {
            actions.append(.stateChanged(.down))
            actions += forgetDestinations()
        }
        if solicited, goal == .down {
            return actions + dropLink(closing: true)
        }
        return actions + advance()
    }

    /// ERR (§3.8.1). One that refuses the outstanding request ends it at once instead of letting T(ack) resend it:
    /// ASPUP refused ("Refused - Management Blocking", "ASP Identifier Required", "Invalid ASP Identifier") drops
    /// the association and reconnects after backoff; ASPAC or REG REQ refused ("Invalid Routing Context", "No
    /// Configured AS for ASP", "Unsupported Traffic Mode Type", "Refused - Management Blocking", a missing or bad
    /// parameter, or REG not supported) leaves the ASP in ASP-INACTIVE until `activate()` is asked again.
    private mutating func receiveError(_ error: M3UAErrorMessage) -> [M3UAAction] {
        var actions: [M3UAAction] = [.report(.peerError(error))]
        guard var link = currentLink, let pending = link.pending, let code = error.errorCode,
            Self.refuses(pending.procedure, with: code)
        else { return actions }
        link.pending = nil
        setLink(link)
        actions += timers.cancel(.ack).map { [.cancelTimer($0)] } ?? []
        actions.append(.report(.procedureRefused(pending.procedure, code)))
        switch pending.procedure {
        case .aspUp:
            return actions + dropLink(closing: true)
        case .aspActive, .registration:
            goal = min(goal, .inactive)
            return actions
        case .aspInactive, .aspDown:
            return actions
        }
    }

    /// The §3.8.1 error codes that answer `procedure` with a refusal.
    static func refuses(_ procedure: M3UAProcedure, with code: M3UAErrorCode) -> Bool {
        switch procedure {
        case .aspUp:
            return [.refusedManagementBlocking, .aspIdentifierRequired, .invalidASPIdentifier].contains(code)
        case .aspActive:
            return [
                .invalidRoutingContext, .noConfiguredASForASP, .unsupportedTrafficModeType, .refusedManagementBlocking,
                .missingParameter, .invalidParameterValue, .unexpectedParameter,
            ].contains(code)
        case .registration:
            return [
                .noConfiguredASForASP, .refusedManagementBlocking, .missingParameter, .invalidParameterValue,
                .unexpectedParameter, .unsupportedMessageClass, .unsupportedMessageType,
            ].contains(code)
        case .aspInactive, .aspDown:
            return false
        }
    }

    private mutating func receiveRegistrationResponse(_ response: M3UARegistrationResponse) -> [M3UAAction] {
        guard var link = currentLink else { return [] }
        link.pending = nil
        setLink(link)
        var actions: [M3UAAction] = timers.cancel(.ack).map { [.cancelTimer($0)] } ?? []
        var contexts: [UInt32] = []
        for result in response.registrationResults {
            if result.registrationStatus == .successfullyRegistered, let context = result.routingContext {
                contexts += context
            } else {
                actions.append(.report(.registrationFailed(result)))
            }
        }
        guard !contexts.isEmpty else {
            // §4.4.1: without a registered key there is nothing to activate.
            goal = min(goal, .inactive)
            return actions
        }
        registeredContexts = contexts
        actions.append(.report(.registered(routingContexts: contexts)))
        return actions + advance()
    }

    private mutating func receiveHeartbeatAck(_ ack: M3UAHeartbeatAck) -> [M3UAAction] {
        guard var link = currentLink else { return [] }
        let echoed = ack.heartbeatData.map { link.heartbeat.outstanding.contains($0) } ?? false
        guard echoed || configuration.interop.acceptAnyHeartbeatAck else {
            return [.report(.heartbeatMismatch)]
        }
        link.heartbeat.outstanding.removeAll()
        setLink(link)
        return []
    }

    /// NTFY (§4.3.4.5): AS state changes are passed on; "Alternate ASP Active" means another ASP took over an
    /// Override AS, so this ASP is now ASP-INACTIVE (§4.3.4.3) and stays there until `activate()`.
    private mutating func receiveNotify(_ notify: M3UANotify) -> [M3UAAction] {
        guard let status = notify.status else { return [] }
        let contexts = notify.routingContext
        switch (status.type, status.information) {
        case (M3UAStatus.typeASStateChange, 2):
            return asStates(.inactive, contexts: contexts)
        case (M3UAStatus.typeASStateChange, 3):
            return asStates(.active, contexts: contexts)
        case (M3UAStatus.typeASStateChange, 4):
            return asStates(.pending, contexts: contexts)
        case (M3UAStatus.typeOther, 2):
            var actions: [M3UAAction] = [.report(.notified(status, routingContext: contexts))]
            guard case .active(let link) = state else { return actions }
            state = .inactive(link)
            goal = min(goal, .inactive)
            actions.append(.stateChanged(.inactive))
            actions += forgetDestinations()
            return actions
        default:
            return [.report(.notified(status, routingContext: contexts))]
        }
    }

    private mutating func receiveData(_ data: M3UAPayloadData, _ inbound: M3UAInbound) -> [M3UAAction] {
        // §3.8.1: "Invalid Stream Identifier" for a message on an unexpected stream; DATA never uses stream 0.
        if inbound.stream == M3UAStreamSelection.management, !configuration.interop.transportHasNoStreams {
            return [
                .send(
                    M3UAReplies.error(.invalidStreamIdentifier, offending: inbound.raw),
                    stream: M3UAStreamSelection.management),
                .report(
                    .decodingFailed(
                        M3UADecodingError(.invalidStreamIdentifier(inbound.stream), message: inbound.raw))),
            ]
        }
        guard case .active = state else { return unexpected(inbound) }
        if let context = data.routingContext, !routingContexts.isEmpty,
            !context.allSatisfy({ routingContexts.contains($0) })
        {
            return [
                .send(
                    M3UAReplies.error(.invalidRoutingContext, offending: inbound.raw, routingContext: context),
                    stream: M3UAStreamSelection.management)
            ]
        }
        if let appearance = data.networkAppearance, let ours = configuration.networkAppearance, appearance != ours {
            return [
                .send(
                    M3UAReplies.error(.invalidNetworkAppearance, offending: inbound.raw),
                    stream: M3UAStreamSelection.management)
            ]
        }
        guard let protocolData = data.protocolData else {
            return [
                .send(
                    M3UAReplies.error(.missingParameter, offending: inbound.raw), stream: M3UAStreamSelection.management
                )
            ]
        }
        return [.deliver(protocolData)]
    }

    /// §3.8.1 "Unexpected Message": a defined and recognised message that is not expected in the current state.
    /// The association stays up.
    private func unexpected(_ inbound: M3UAInbound) -> [M3UAAction] {
        let report = M3UAAction.report(.unexpectedMessage(inbound.message.description, state: aspState))
        if configuration.interop.discardUnexpectedMessages || M3UAReplies.isError(inbound.message) {
            return [report]
        }
        return [
            .send(
                M3UAReplies.error(.unexpectedMessage, offending: inbound.raw), stream: M3UAStreamSelection.management),
            report,
        ]
    }

    // MARK: - Driving towards the goal

    /// Sends the next request towards `goal` when none is outstanding.
    private mutating func advance() -> [M3UAAction] {
        guard let link = currentLink, link.pending == nil else { return [] }
        switch (state, goal) {
        case (.disconnected, _):
            return []
        case (.down, .down), (.inactive, .inactive), (.active, .active):
            return []
        case (.down, .inactive), (.down, .active):
            return request(.aspUp, .aspUp(M3UAASPUp(aspIdentifier: configuration.aspIdentifier)))
        case (.inactive, .active):
            if !configuration.routingKeys.isEmpty, registeredContexts == nil {
                return request(
                    .registration,
                    .registrationRequest(M3UARegistrationRequest(routingKeys: configuration.routingKeys)))
            }
            let contexts = routingContexts
            return request(
                .aspActive,
                .aspActive(
                    M3UAASPActive(
                        trafficModeType: configuration.trafficMode,
                        routingContext: contexts.isEmpty ? nil : contexts)))
        case (.active, .inactive):
            let contexts = routingContexts
            return request(
                .aspInactive, .aspInactive(M3UAASPInactive(routingContext: contexts.isEmpty ? nil : contexts)))
        case (.inactive, .down), (.active, .down):
            return request(.aspDown, .aspDown(M3UAASPDown()))
        }
    }

    private mutating func request(_ procedure: M3UAProcedure, _ message: M3UAMessage) -> [M3UAAction] {
        guard var link = currentLink else { return [] }
        link.pending = Pending(procedure: procedure, message: message, retransmissions: 0)
        setLink(link)
        let timer = timers.start(.ack)
        return [.send(message, stream: M3UAStreamSelection.management), .startTimer(timer, after: ackTimeout)]
    }

    /// Leaves the association: timers stop, ASP-DOWN, destinations forgotten, and a reconnect unless shut down.
    private mutating func dropLink(closing: Bool) -> [M3UAAction] {
        let wasUp = aspState != .down
        state = .disconnected
        registeredContexts = nil
        var actions: [M3UAAction] = timers.cancelAll().map { .cancelTimer($0) }
        if wasUp {
            actions.append(.stateChanged(.down))
        }
        actions += forgetDestinations()
        if closing {
            actions.append(.closeTransport)
        }
        if goal != .down {
            actions.append(.reconnect(after: backoff.delay(attempt: reconnectAttempt, timers: configuration.timers)))
            reconnectAttempt += 1
        }
        return actions
    }

    /// Every destination becomes unavailable again once the ASP leaves ASP-ACTIVE.
    private mutating func forgetDestinations() -> [M3UAAction] {
        guard destinations.count > 0 else { return [] }
        destinations.reset()
        return configuration.routes.map {
            .destinationAvailability(M3UADestinationChange(affected: $0, status: .unknown))
        }
    }

    private func asStates(_ asState: M3UAASState, contexts: [UInt32]? = nil) -> [M3UAAction] {
        let named = contexts ?? (routingContexts.isEmpty ? nil : routingContexts)
        guard let named, !named.isEmpty else { return [.asStateChanged(routingContext: nil, asState)] }
        return named.map { .asStateChanged(routingContext: $0, asState) }
    }

    private var ackTimeout: Duration { configuration.timers.ack }

    private var currentLink: Link? {
        switch state {
        case .disconnected: nil
        case .down(let link), .inactive(let link), .active(let link): link
        }
    }

    private mutating func setLink(_ link: Link) {
        switch state {
        case .disconnected: break
        case .down: state = .down(link)
        case .inactive: state = .inactive(link)
        case .active: state = .active(link)
        }
    }
}
