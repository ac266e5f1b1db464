public import M3UAWire
public import NIOCore
import TelecomTypes

/// The SG side of RFC 4666 §4.3: tracks each ASP (one per association) and the state of each AS.
///
/// ASP states, as the SGP keeps them (§4.3.1, Figure 2):
/// ```
///            ASPUP / ASPUP ACK             ASPAC / ASPAC ACK
///  ASP-DOWN ------------------> ASP-INACTIVE ----------------> ASP-ACTIVE
///     ^  <----------------------      |  <---------------------    |
///     |     ASPDN / ASPDN ACK         |  ASPIA / ASPIA ACK,        |
///     |                               |  another ASPAC (Override)  |
///     +-------------------------------+----------------------------+
///                 transport down, ASPDN
/// ```
/// AS states (§4.3.2, Figure 3):
/// ```
///  AS-DOWN --first ASP up--> AS-INACTIVE --ASP active--> AS-ACTIVE
///     ^                        ^   ^                        |  last active ASP inactive/down:
///     |  last ASP down         |   |  T(r) expiry,          v  start T(r)
///     +------------------------+   +---- ASPs inactive --- AS-PENDING --ASP active--> AS-ACTIVE
///     +--------------- T(r) expiry, no ASP up -------------+
/// ```
/// Every AS state change is announced with NTFY to the ASPs of the AS (§4.3.4.5) unless
/// `interop.sendNotify` is off. Override: a new ASPAC takes the AS over and the previous ASP gets NTFY
/// "Alternate ASP Active" (§4.3.4.3). Loadshare: outgoing DATA picks the active ASP by SLS.
public struct M3UASGStateMachine: Sendable {
    /// The AS states of Figure 3; the active ASPs are the data of AS-ACTIVE (never empty there), the DATA buffered
    /// while T(r) runs the data of AS-PENDING.
    private enum ASState: Hashable, Sendable {
        case down
        case inactive
        case active([M3UAAssociationID])
        case pending(buffered: [M3UAProtocolData])

        var asState: M3UAASState {
            switch self {
            case .down: .down
            case .inactive: .inactive
            case .active: .active
            case .pending: .pending
            }
        }

        var activeASPs: [M3UAAssociationID] {
            switch self {
            case .active(let asps): asps
            case .down, .inactive, .pending: []
            }
        }
    }

    private struct ApplicationServer: Hashable, Sendable {
        var configuration: M3UAApplicationServerConfiguration
        /// ASPs that are up (ASP-INACTIVE or ASP-ACTIVE) and serve this AS.
        var members: Set<M3UAAssociationID> = []
        var state: ASState = .down
        var isDynamic = false
    }

    /// One association: ASP-DOWN until ASPUP; ASP-ACTIVE is derived from the ASs' active lists.
    private enum ASPLink: Hashable, Sendable {
        case down(outboundStreams: UInt16)
        case up(outboundStreams: UInt16, aspIdentifier: UInt32?)

        var outboundStreams: UInt16 {
            switch self {
            case .down(let streams), .up(let streams, _): streams
            }
        }
    }

    public let configuration: M3UASGConfiguration
    private var associations: [M3UAAssociationID: ASPLink] = [:]
    private var servers: [UInt32: ApplicationServer] = [:]
    private var timers = M3UATimerTable()
    private var nextDynamicContext: UInt32
    /// The availability DAUD is answered from.
    public private(set) var destinations: M3UADestinationTable

    public init(configuration: M3UASGConfiguration) {
        self.configuration = configuration
        self.destinations = configuration.destinations
        self.nextDynamicContext = configuration.firstDynamicRoutingContext
        for server in configuration.applicationServers {
            servers[server.routingContext] = ApplicationServer(configuration: server)
        }
    }

    // MARK: - Queries

    /// The ASP state of one association (§4.3.1).
    public func aspState(of association: M3UAAssociationID) -> M3UAASPState {
        switch associations[association] {
        case nil, .down: return .down
        case .up:
            return servers.values.contains { $0.state.activeASPs.contains(association) } ? .active : .inactive
        }
    }

    /// The state of the AS with this routing context, `nil` when there is none.
    public func asState(routingContext: UInt32) -> M3UAASState? { servers[routingContext]?.state.asState }

    /// The ASPs currently active in an AS, in association order.
    public func activeASPs(routingContext: UInt32) -> [M3UAAssociationID] {
        servers[routingContext]?.state.activeASPs ?? []
    }

    /// The routing contexts of every AS, static and registered.
    public var routingContexts: [UInt32] { servers.keys.sorted() }

    // MARK: - Transport events

    /// A new association (one ASP) is up; it is ASP-DOWN until ASPUP. An association id that is still known is a
    /// restarted association: the old ASP leaves its ASs first.
    public mutating func transportUp(association: M3UAAssociationID, outboundStreams: UInt16) -> [M3UASGAction] {
        tracking {
            let restarted = $0.associations[association] != nil
            $0.associations[association] = .down(outboundStreams: outboundStreams)
            return restarted ? $0.leaveAll(association) : []
        }
    }

    /// The association failed: the ASP is ASP-DOWN in every AS (§4.3.4.2 "SCTP association ... failure").
    public mutating func transportDown(association: M3UAAssociationID) -> [M3UASGAction] {
        tracking {
            guard $0.associations.removeValue(forKey: association) != nil else { return [] }
            return $0.leaveAll(association)
        }
    }

    // MARK: - Timers

    public mutating func timerFired(_ timer: M3UATimer) -> [M3UASGAction] {
        guard timers.consume(timer) else { return [] }
        switch timer.kind {
        case .ack, .heartbeat:
            return []  // never armed on the SG side
        case .recovery(let context):
            // §4.3.2: on T(r) expiry the AS goes to AS-INACTIVE, or AS-DOWN when no ASP is up; buffered traffic
            // (none is kept here) is discarded.
            return tracking {
                guard let server = $0.servers[context], case .pending = server.state else { return [] }
                return $0.setState(context, server.members.isEmpty ? .down : .inactive)
            }
        }
    }

    // MARK: - Outgoing DATA and network management

    /// Sends DATA to the AS serving this routing context (or the destination point code): one ASP in Override,
    /// the ASP picked by SLS in Loadshare, every active ASP in Broadcast.
    public mutating func sendData(_ protocolData: M3UAProtocolData, routingContext: UInt32? = nil) -> [M3UASGAction] {
        guard let context = routingContext ?? serverContext(for: protocolData.destinationPointCode),
            let server = servers[context]
        else { return [.report(.dataDiscarded(.noActiveASP), from: nil)] }
        let active = server.state.activeASPs.sorted()
        if case .pending(var buffered) = server.state, buffered.count < configuration.recoveryBufferLimit {
            // §4.3.2: while T(r) runs the SGP buffers the AS's traffic, hoping an ASP becomes active.
            buffered.append(protocolData)
            servers[context]?.state = .pending(buffered: buffered)
            return []
        }
        guard !active.isEmpty else { return [.report(.dataDiscarded(.noActiveASP), from: nil)] }
        let targets: [M3UAAssociationID] =
            switch server.configuration.trafficMode {
            case .broadcast: active
            case .loadshare: [active[Int(protocolData.signallingLinkSelection) % active.count]]
            default: [active[0]]
            }
        let data = M3UAMessage.payloadData(
            M3UAPayloadData(
                networkAppearance: configuration.networkAppearance, routingContext: [context],
                protocolData: protocolData))
        return targets.map { target in
            let streams = associations[target]?.outboundStreams ?? 1
            let stream = M3UAStreamSelection.stream(
                forSLS: protocolData.signallingLinkSelection, outboundStreams: streams)
            return .send(data, to: target, stream: stream)
        }
    }

    /// Changes the availability of destinations and tells every active ASP with DUNA, DAVA or DRST (§4.5.1).
    public mutating func setDestination(_ affected: M3UAMaskedPointCode, to status: M3UADestinationStatus)
        -> [M3UASGAction]
    {
        destinations.set(affected, to: status)
        let message: M3UAMessage =
            switch status.reachability {
            case .available: .destinationAvailable(M3UADestinationAvailable(affectedPointCode: [affected]))
            case .restricted: .destinationRestricted(M3UADestinationRestricted(affectedPointCode: [affected]))
            case .unavailable: .destinationUnavailable(M3UADestinationUnavailable(affectedPointCode: [affected]))
            }
        return associations.keys.sorted().filter { aspState(of: $0) == .active }.map {
            .send(message, to: $0, stream: M3UAStreamSelection.management)
        }
    }

    private func serverContext(for destination: PointCode) -> UInt32? {
        let matching = servers.values.filter { server in
            server.configuration.destinationPointCodes.contains { range in
                let low = range.mask >= 24 ? UInt32(0x00FF_FFFF) : (UInt32(1) << UInt32(range.mask)) &- 1
                return destination.value & ~low == range.pointCode.value & ~low
            }
        }
        if let server = matching.min(by: { $0.configuration.routingContext < $1.configuration.routingContext }) {
            return server.configuration.routingContext
        }
        return servers.count == 1 ? servers.keys.first : nil
    }

    // MARK: - Incoming messages

    /// Decodes and handles one message from an ASP; decoding errors become ERR (§3.8.1), never for an ERR.
    public mutating func receive(bytes: ByteBuffer, stream: UInt16, from association: M3UAAssociationID)
        -> [M3UASGAction]
    {
        guard associations[association] != nil else { return [] }
        let message: M3UAMessage
        do {
            message = try M3UAMessage.decode(bytes, variant: configuration.variant)
        } catch {
            var actions: [M3UASGAction] = []
            if !error.isInResponseToError {
                actions.append(.send(error.errorReply(), to: association, stream: M3UAStreamSelection.management))
            }
            actions.append(.report(.decodingFailed(error), from: association))
            return actions
        }
        return receive(M3UAInbound(message: message, raw: bytes, stream: stream), from: association)
    }

    /// Handles one decoded message from an ASP.
    public mutating func receive(_ message: M3UAMessage, stream: UInt16, from association: M3UAAssociationID)
        -> [M3UASGAction]
    {
        guard associations[association] != nil else { return [] }
        return receive(M3UAInbound(message: message, raw: message.encoded(), stream: stream), from: association)
    }

    private mutating func receive(_ inbound: M3UAInbound, from association: M3UAAssociationID) -> [M3UASGAction] {
        tracking { machine in
            machine.handle(inbound, from: association)
        }
    }

    private mutating func handle(_ inbound: M3UAInbound, from association: M3UAAssociationID) -> [M3UASGAction] {
        let state = aspState(of: association)
        func reply(_ message: M3UAMessage) -> M3UASGAction {
            .send(message, to: association, stream: M3UAStreamSelection.management)
        }
        switch inbound.message {
        case .aspUp(let up):
            return receiveASPUp(up, inbound, from: association)
        case .aspDown:
            // §4.3.4.2: the SGP answers ASPDN with ASPDN ACK in any state and marks the ASP ASP-DOWN.
            let streams = associations[association]?.outboundStreams ?? 1
            associations[association] = .down(outboundStreams: streams)
            return [reply(.aspDownAck(M3UAASPDownAck()))] + leaveAll(association)
        case .heartbeat(let beat):
            return [reply(.heartbeatAck(M3UAHeartbeatAck(parameters: beat.parameters)))]
        case .aspActive(let request):
            guard state != .down else { return unexpected(inbound, from: association) }
            return receiveASPActive(request, inbound, from: association)
        case .aspInactive(let request):
            guard state != .down else { return unexpected(inbound, from: association) }
            let contexts = request.routingContext ?? memberContexts(association)
            var actions = [reply(.aspInactiveAck(M3UAASPInactiveAck(routingContext: request.routingContext)))]
            for context in contexts {
                guard let server = servers[context] else { continue }
                actions += setActive(context, server.state.activeASPs.filter { $0 != association })
            }
            return actions
        case .registrationRequest(let request):
            guard state != .down else { return unexpected(inbound, from: association) }
            return [reply(.registrationResponse(register(request, from: association)))] + memberStatesRefreshed()
        case .deregistrationRequest(let request):
            guard state != .down else { return unexpected(inbound, from: association) }
            return [reply(.deregistrationResponse(deregister(request, from: association)))]
                + memberStatesRefreshed()
        case .payloadData(let data):
            if inbound.stream == M3UAStreamSelection.management, !configuration.interop.transportHasNoStreams {
                return [
                    reply(M3UAReplies.error(.invalidStreamIdentifier, offending: inbound.raw)),
                    .report(
                        .decodingFailed(
                            M3UADecodingError(.invalidStreamIdentifier(inbound.stream), message: inbound.raw)),
                        from: association),
                ]
            }
            let context = data.routingContext?.first
            let activeIn = servers.filter { $0.value.state.activeASPs.contains(association) }.map(\.key)
            guard state == .active, context.map({ activeIn.contains($0) }) ?? true else {
                return unexpected(inbound, from: association)
            }
            guard let protocolData = data.protocolData else {
                return [reply(M3UAReplies.error(.missingParameter, offending: inbound.raw))]
            }
            return [.deliver(protocolData, from: association, routingContext: context)]
        case .destinationStateAudit(let audit):
            let allowed = state == .active || (state == .inactive && configuration.interop.acceptDAUDFromInactiveASP)
            guard allowed else { return unexpected(inbound, from: association) }
            return destinations.audit(audit).map(reply)
        case .notify(let notify):
            return [
                .report(
                    .notified(
                        notify.status ?? M3UAStatus(type: 0, information: 0),
                        routingContext: notify.routingContext), from: association)
            ]
        case .error(let error):
            return [.report(.peerError(error), from: association)]
        case .aspUpAck, .aspDownAck, .aspActiveAck, .aspInactiveAck, .heartbeatAck, .registrationResponse,
            .deregistrationResponse, .destinationUnavailable, .destinationAvailable, .destinationRestricted,
            .signallingCongestion, .destinationUserPartUnavailable:
            // Answers and SSNM travel SG → ASP; the SG never asked for any of them. A BEAT ACK is simply dropped.
            if case .heartbeatAck = inbound.message { return [] }
            return unexpected(inbound, from: association)
        case .unknown(let messageClass, _, _):
            return [reply(M3UAReplies.error(M3UAReplies.unsupportedCode(messageClass), offending: inbound.raw))]
        }
    }

    /// §4.3.4.1: ASPUP ACK; an ASP already ASP-ACTIVE also gets ERR "Unexpected Message" and goes ASP-INACTIVE.
    private mutating func receiveASPUp(_ up: M3UAASPUp, _ inbound: M3UAInbound, from association: M3UAAssociationID)
        -> [M3UASGAction]
    {
        func reply(_ message: M3UAMessage) -> M3UASGAction {
            .send(message, to: association, stream: M3UAStreamSelection.management)
        }
        if configuration.requireASPIdentifier, up.aspIdentifier == nil {
            return [reply(M3UAReplies.error(.aspIdentifierRequired, offending: inbound.raw))]
        }
        let streams = associations[association]?.outboundStreams ?? 1
        let wasActive = aspState(of: association) == .active
        associations[association] = .up(outboundStreams: streams, aspIdentifier: up.aspIdentifier)
        var actions = [reply(.aspUpAck(M3UAASPUpAck(aspIdentifier: up.aspIdentifier)))]
        if wasActive {
            actions.append(reply(M3UAReplies.error(.unexpectedMessage, offending: inbound.raw)))
            for (context, server) in servers.sorted(by: { $0.key < $1.key }) {
                actions += setActive(context, server.state.activeASPs.filter { $0 != association })
            }
            return actions
        }
        for context in servers.keys.sorted() where servers[context]?.isDynamic == false {
            servers[context]?.members.insert(association)
            actions += refresh(context)
        }
        return actions
    }

    /// §4.3.4.3: ASPAC ACK, then the ASP is active in each AS named (or all of its ASs); Override hands the AS over.
    private mutating func receiveASPActive(
        _ request: M3UAASPActive, _ inbound: M3UAInbound, from association: M3UAAssociationID
    ) -> [M3UASGAction] {
        func reply(_ message: M3UAMessage) -> M3UASGAction {
            .send(message, to: association, stream: M3UAStreamSelection.management)
        }
        let contexts = request.routingContext ?? memberContexts(association)
        guard !contexts.isEmpty else {
            return [reply(M3UAReplies.error(.noConfiguredASForASP, offending: inbound.raw))]
        }
        for context in contexts {
            guard let server = servers[context], server.members.contains(association) else {
                return [
                    reply(M3UAReplies.error(.invalidRoutingContext, offending: inbound.raw, routingContext: [context]))
                ]
            }
            if let mode = request.trafficModeType, mode != server.configuration.trafficMode {
                // §4.3.4.3: a Traffic Mode Type the AS is not configured for is refused with ERR 0x05.
                return [reply(M3UAReplies.error(.unsupportedTrafficModeType, offending: inbound.raw))]
            }
        }
        var actions = [
            reply(
                .aspActiveAck(
                    M3UAASPActiveAck(trafficModeType: request.trafficModeType, routingContext: request.routingContext)))
        ]
        for context in contexts {
            guard let server = servers[context] else { continue }
            var active = server.state.activeASPs.filter { $0 != association }
            if server.configuration.trafficMode == .override {
                // §4.3.4.3: "Any previously active ASP in the AS is now considered to be in the state ASP-INACTIVE
                // ... The SGP or IPSP then MUST send a Notify message ("Alternate ASP_Active") to the previously
                // active ASP in the AS".
                for previous in active {
                    actions.append(
                        .send(
                            .notify(
                                M3UANotify(
                                    status: .alternateASPActive, aspIdentifier: aspIdentifier(of: association),
                                    routingContext: [context])),
                            to: previous, stream: M3UAStreamSelection.management))
                }
                active = []
            }
            actions += setActive(context, active + [association])
        }
        return actions
    }

    private func unexpected(_ inbound: M3UAInbound, from association: M3UAAssociationID) -> [M3UASGAction] {
        let report = M3UASGAction.report(
            .unexpectedMessage(inbound.message.description, state: aspState(of: association)), from: association)
        if configuration.interop.discardUnexpectedMessages || M3UAReplies.isError(inbound.message) {
            return [report]
        }
        return [
            .send(
                M3UAReplies.error(.unexpectedMessage, offending: inbound.raw), to: association,
                stream: M3UAStreamSelection.management),
            report,
        ]
    }

    // MARK: - AS state

    /// The ASP leaves every AS (ASPDN or transport down).
    private mutating func leaveAll(_ association: M3UAAssociationID) -> [M3UASGAction] {
        var actions: [M3UASGAction] = []
        for context in servers.keys.sorted() {
            guard let server = servers[context] else { continue }
            servers[context]?.members.remove(association)
            actions += setActive(context, server.state.activeASPs.filter { $0 != association })
        }
        return actions
    }

    private mutating func refresh(_ context: UInt32) -> [M3UASGAction] {
        guard let server = servers[context] else { return [] }
        return setActive(context, server.state.activeASPs.filter { server.members.contains($0) })
    }

    private mutating func memberStatesRefreshed() -> [M3UASGAction] {
        servers.keys.sorted().flatMap { refresh($0) }
    }

    /// Applies a new set of active ASPs to an AS and moves it along Figure 3.
    private mutating func setActive(_ context: UInt32, _ active: [M3UAAssociationID]) -> [M3UASGAction] {
        guard let server = servers[context] else { return [] }
        let next: ASState
        if !active.isEmpty {
            next = .active(active.sorted())
        } else {
            switch server.state {
            case .active: next = .pending(buffered: [])
            case .pending(let buffered): next = .pending(buffered: buffered)
            case .down, .inactive: next = server.members.isEmpty ? .down : .inactive
            }
        }
        var actions = setState(context, next)
        // §4.3.4.3: a Loadshare AS with fewer than its "n" ASPs active asks the inactive ones for help with NTFY
        // "Insufficient ASP Resources Active in AS".
        let minimum = server.configuration.minimumActiveASPs
        if server.configuration.trafficMode == .loadshare, configuration.interop.sendNotify, !active.isEmpty,
            active.count < minimum, Set(active) != Set(server.state.activeASPs)
        {
            for member in server.members.sorted() where !active.contains(member) {
                actions.append(
                    .send(
                        .notify(M3UANotify(status: .insufficientASPResourcesActive, routingContext: [context])),
                        to: member, stream: M3UAStreamSelection.management))
            }
        }
        return actions
    }

    private mutating func setState(_ context: UInt32, _ next: ASState) -> [M3UASGAction] {
        guard let server = servers[context], server.state != next else { return [] }
        servers[context]?.state = next
        var actions: [M3UASGAction] = []
        var flush: [M3UAProtocolData] = []
        switch (server.state, next) {
        case (.pending(let buffered), .active):
            if let timer = timers.cancel(.recovery(routingContext: context)) { actions.append(.cancelTimer(timer)) }
            flush = buffered
        case (.pending(let buffered), .inactive), (.pending(let buffered), .down):
            if let timer = timers.cancel(.recovery(routingContext: context)) { actions.append(.cancelTimer(timer)) }
            // §4.3.2: when T(r) expires with no ASP active, the messages buffered for the AS are discarded.
            actions += buffered.map { _ in .report(.dataDiscarded(.noActiveASP), from: nil) }
        case (.active, .pending):
            actions.append(
                .startTimer(timers.start(.recovery(routingContext: context)), after: configuration.timers.recovery))
        default:
            break
        }
        guard server.state.asState != next.asState else { return actions }
        actions.append(.asStateChanged(routingContext: context, next.asState))
        if configuration.interop.sendNotify, let status = next.asState.notifyStatus {
            let members = servers[context]?.members.sorted() ?? []
            for member in members {
                actions.append(
                    .send(
                        .notify(M3UANotify(status: status, routingContext: [context])), to: member,
                        stream: M3UAStreamSelection.management))
            }
        }
        // §4.3.2: traffic buffered during AS-PENDING goes to the ASP that became active.
        for data in flush {
            actions += sendData(data, routingContext: context)
        }
        return actions
    }

    // MARK: - Helpers

    private func memberContexts(_ association: M3UAAssociationID) -> [UInt32] {
        servers.filter { $0.value.members.contains(association) }.map(\.key).sorted()
    }

    private func aspIdentifier(of association: M3UAAssociationID) -> UInt32? {
        if case .up(_, let identifier) = associations[association] { return identifier }
        return nil
    }

    /// Runs `body` and reports every ASP whose state it changed (§4.3.1), after the body's own actions.
    private mutating func tracking(_ body: (inout M3UASGStateMachine) -> [M3UASGAction]) -> [M3UASGAction] {
        let ids = Set(associations.keys)
        let before = Dictionary(uniqueKeysWithValues: ids.map { ($0, aspState(of: $0)) })
        var actions = body(&self)
        for id in ids.union(associations.keys).sorted() {
            let after = aspState(of: id)
            if (before[id] ?? .down) != after { actions.append(.aspStateChanged(id, after)) }
        }
        return actions
    }
}

// MARK: - Routing key management (RFC 4666 §4.4)

extension M3UASGStateMachine {
    /// §4.4.1: one Registration Result per routing key. A key naming a known routing context, or the same DPCs as an
    /// existing AS, joins that AS; otherwise a new AS is created with the next injected routing context.
    fileprivate mutating func register(_ request: M3UARegistrationRequest, from association: M3UAAssociationID)
        -> M3UARegistrationResponse
    {
        var results: [M3UARegistrationResult] = []
        for key in request.routingKeys {
            let local = key.localRoutingKeyIdentifier ?? 0
            func result(_ status: M3UARegistrationStatus, _ context: UInt32 = 0) -> M3UARegistrationResult {
                M3UARegistrationResult(
                    localRoutingKeyIdentifier: local, registrationStatus: status, routingContext: [context])
            }
            if let contexts = key.routingContext {
                guard let context = contexts.first, servers[context] != nil else {
                    results.append(result(.errorRoutingKeyNotCurrentlyProvisioned))
                    continue
                }
                servers[context]?.members.insert(association)
                results.append(result(.successfullyRegistered, context))
                continue
            }
            guard !key.destinationPointCodes.isEmpty else {
                results.append(result(.errorInvalidDPC))
                continue
            }
            if let existing = servers.values.first(where: {
                $0.configuration.destinationPointCodes == key.destinationPointCodes
            }) {
                if let mode = key.trafficModeType, mode != existing.configuration.trafficMode {
                    results.append(result(.errorUnsupportedTrafficHandlingMode))
                    continue
                }
                servers[existing.configuration.routingContext]?.members.insert(association)
                results.append(result(.successfullyRegistered, existing.configuration.routingContext))
                continue
            }
            guard configuration.allowDynamicRegistration, let context = takeDynamicContext() else {
                results.append(result(.errorPermissionDenied))
                continue
            }
            var server = ApplicationServer(
                configuration: M3UAApplicationServerConfiguration(
                    routingContext: context, trafficMode: key.trafficModeType ?? configuration.defaultTrafficMode,
                    destinationPointCodes: key.destinationPointCodes))
            server.isDynamic = true
            server.members = [association]
            servers[context] = server
            results.append(result(.successfullyRegistered, context))
        }
        return M3UARegistrationResponse(registrationResults: results)
    }

    /// The next unused dynamic routing context, `nil` when the space is exhausted.
    private mutating func takeDynamicContext() -> UInt32? {
        for _ in 0...servers.count {
            let candidate = nextDynamicContext
            let (next, overflow) = nextDynamicContext.addingReportingOverflow(1)
            if overflow { return nil }
            nextDynamicContext = next
            if servers[candidate] == nil { return candidate }
        }
        return nil
    }

    /// §4.4.2: the ASP leaves each named AS; an ASP still active there is refused, a registered AS left without
    /// ASPs is removed.
    fileprivate mutating func deregister(_ request: M3UADeregistrationRequest, from association: M3UAAssociationID)
        -> M3UADeregistrationResponse
    {
        var results: [M3UADeregistrationResult] = []
        for context in request.routingContext ?? [] {
            guard let server = servers[context] else {
                results.append(
                    M3UADeregistrationResult(
                        routingContext: [context], deregistrationStatus: .errorInvalidRoutingContext))
                continue
            }
            guard server.members.contains(association) else {
                results.append(
                    M3UADeregistrationResult(routingContext: [context], deregistrationStatus: .errorNotRegistered))
                continue
            }
            guard !server.state.activeASPs.contains(association) else {
                results.append(
                    M3UADeregistrationResult(routingContext: [context], deregistrationStatus: .errorASPCurrentlyActive))
                continue
            }
            servers[context]?.members.remove(association)
            if server.isDynamic, servers[context]?.members.isEmpty == true, server.state.activeASPs.isEmpty {
                servers[context] = nil
                _ = timers.cancel(.recovery(routingContext: context))
            }
            results.append(
                M3UADeregistrationResult(routingContext: [context], deregistrationStatus: .successfullyDeregistered))
        }
        return M3UADeregistrationResponse(deregistrationResults: results)
    }
}
