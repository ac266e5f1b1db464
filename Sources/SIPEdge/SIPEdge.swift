public import Logging
public import NIOCore
public import PushNotifier
public import SDPWire
public import SIPCallService
public import SIPForking
import SIPRegistrar
import NIOConcurrencyHelpers
public import SIPRegistrarService
import SIPTransactions
public import SIPTransport
import SIPWire
public import TelecomTypes

/// One SIP address (UDP, TCP, TLS, WS, WSS as configured) shared by the registrar and the call side (issue 5 items
/// 2–4 and 7): the transport events are dispatched by ``SIPEdgeRoute`` — REGISTER and keepalive answers to the
/// registrar, the responses and in-dialog requests of forked calls to the call service, everything else answered once
/// by the edge. Calls reach each device down the flow it registered on (RFC 5626 §5.3); devices logged in with a push
/// token but not connected are woken and forked to when they register (late forking).
///
/// All mutable state lives on the transport's event loop (every entry point hops there), hence `@unchecked Sendable`.
public final class SIPEdge: @unchecked Sendable {
    public let eventLoop: any EventLoop
    let configuration: SIPEdgeConfiguration
    let transport: SIPTransportLayer
    /// The registrar behind the shared address (``SIPBindingLookup`` for availability).
    public let registrar: SIPRegistrarService
    /// The forking call service behind the shared address.
    public let calls: SIPCallService
    let pushGateway: (any PushGateway)?
    let pushTargets: (any PushTargetLookup)?
    let logger: Logger
    var transactions: SIPTransactionLayer
    var identifiers: SIPIdentifierGenerator
    var transactionTimers: [SIPTransactionTimer: Scheduled<Void>] = [:]
    /// MESSAGE client transactions waiting for their final response.
    var deliveries: [SIPTransactionID: EventLoopPromise<SIPMessageDelivery.Outcome>] = [:]
    var messageCallIDs: Set<String> = []
    /// Calls still open to devices that register late (woken by push), by edge token.
    var waiting: [UInt64: WaitingCall] = [:]
    var nextToken: UInt64 = 1
    var stopped = false
    /// Who takes the soft switches' calls (``SIPEdgeConfiguration/trunks``); nil: their INVITEs are refused as any.
    var ingress: (any SIPEdgeIngress)?
    /// Call-IDs of the calls the ingress holds: their in-dialog requests and the responses to our BYEs come here.
    var ingressCallIDs: Set<String> = []

    init(
        configuration: SIPEdgeConfiguration, transport: SIPTransportLayer, registrar: SIPRegistrarService,
        calls: SIPCallService, pushGateway: (any PushGateway)?, pushTargets: (any PushTargetLookup)?, logger: Logger
    ) {
        self.eventLoop = transport.eventLoop
        self.configuration = configuration
        self.transport = transport
        self.registrar = registrar
        self.calls = calls
        self.pushGateway = pushGateway
        self.pushTargets = pushTargets
        self.logger = logger
        var layer = SIPTransactionLayer(identifiers: SIPIdentifierGenerator(seed: configuration.seed ^ 0xED6E))
        layer.configuration = configuration.messageTimers
        transactions = layer
        identifiers = SIPIdentifierGenerator(seed: configuration.seed &* 7 &+ 0xED6E)
    }

    /// Binds the configured transports and starts the registrar and the call service on them. Without `pushGateway`
    /// or `pushTargets` nobody is woken: a call forks to the current bindings only.
    public static func start(
        configuration: SIPEdgeConfiguration, credentials: any SIPCredentialStore, recorder: any DeviceStateRecorder,
        pushGateway: (any PushGateway)? = nil, pushTargets: (any PushTargetLookup)? = nil, eventLoop: any EventLoop,
        logger: Logger = Logger(label: "reroute.sip.edge")
    ) async throws -> SIPEdge {
        let sink = EventSink()
        let transport = try await SIPTransportLayer.start(
            configuration: configuration.transport, eventLoop: eventLoop
        ) { event in sink.deliver(event) }.get()
        do {
            let tap = RegistrationTap(downstream: recorder)
            let registrar = try await SIPRegistrarService.start(
                configuration: configuration.registrar, sharing: transport, secret: configuration.secret,
                seed: configuration.seed, credentials: credentials, recorder: tap, logger: logger)
            let calls = try await SIPCallService.attach(configuration: configuration.calls, transport: transport).get()
            let edge = SIPEdge(
                configuration: configuration, transport: transport, registrar: registrar, calls: calls,
                pushGateway: pushGateway, pushTargets: pushTargets, logger: logger)
            tap.edge.withLockedValue { $0.edge = edge }
            try await eventLoop.submit { sink.target = { [weak edge] in edge?.handle($0) } }.get()
            return edge
        } catch {
            try? await transport.shutdown().get()
            throw error
        }
    }

    /// The bound address of one transport (its port when 0 was asked for); nil when it is not enabled.
    public func address(of kind: SIPTransportKind) -> SocketAddress? { transport.address(of: kind) }

    /// Stops the call service, the registrar and the edge's timers, then closes the sockets.
    public func shutdown() async throws {
        let pending = try await eventLoop.submit {
            self.stopped = true
            for timer in self.transactionTimers.values { timer.cancel() }
            self.transactionTimers = [:]
            for entry in self.waiting.values { entry.timer?.cancel() }
            self.waiting = [:]
            let pending = Array(self.deliveries.values)
            self.deliveries = [:]
            return pending
        }.get()
        for promise in pending { promise.succeed(.transportFailed("shut down")) }
        try await calls.shutdown().get()
        try await registrar.shutdown()
        try await transport.shutdown().get()
    }

    // MARK: - Calls (the network side's API)

    /// Forks `call` to every current binding of `account` (each down the flow it registered on), wakes the account's
    /// devices that have a push token but no binding, and forks to each as it registers while the call rings and
    /// `pushWait` lasts. No binding and nobody to wake (or nobody woken in time) → `.failed(.rejected(480,
    /// cause: 20))`, which the network side sends as REL cause 20 "subscriber absent" (Q.850; RFC 3398 §7.2.4.1 maps
    /// 480 the other way). `offer` is the parsed form of `call.offer` (RFC 3264 §6 checks of the answer).
    public func forkCall(
        _ call: SIPForkingCall, account: String, offer: SDPSessionDescription?,
        events: @escaping @Sendable (SIPCallEvent) -> Void
    ) -> EventLoopFuture<SIPCallID> {
        let promise = eventLoop.makePromise(of: SIPCallID.self)
        promise.completeWithTask {
            try await self.fork(call, account: account, offer: offer, events: events)
        }
        return promise.futureResult
    }

    /// The caller hung up before an answer: CANCEL every branch; nobody is forked to later.
    public func abandon(_ id: SIPCallID, cause: Q850Cause = .normalCallClearing) {
        eventLoop.execute { self.stopWaiting(call: id) }
        calls.abandon(id, cause: cause)
    }

    /// The network side released: BYE after the answer, CANCEL all before it.
    public func release(_ id: SIPCallID, cause: Q850Cause = .normalCallClearing) {
        eventLoop.execute { self.stopWaiting(call: id) }
        calls.release(id, cause: cause)
    }

    /// Hold or resume from the network side (a re-INVITE with this offer).
    public func modifySession(_ id: SIPCallID, offer: [UInt8]) { calls.modifySession(id, offer: offer) }

    /// Our answer to the device's in-dialog offer (after `.offerReceived`).
    public func answerOffer(_ id: SIPCallID, sdp: [UInt8]) { calls.answerOffer(id, sdp: sdp) }

    /// Refuses the device's in-dialog offer: 488 with `warning` (RFC 3261 §14.2).
    public func refuseOffer(_ id: SIPCallID, warning: String) { calls.refuseOffer(id, warning: warning) }

    // MARK: - Dispatch

    /// One transport event, on the event loop: decode is done; pick the owner (``SIPEdgeRoute``), hand it over.
    func handle(_ event: SIPTransportEvent) {
        eventLoop.preconditionInEventLoop()
        guard !stopped else { return }
        switch event {
        case .message(let message, let flow):
            if isIngress(message, from: flow) {
                perform(transactions.receive(message, from: Self.address(of: flow)))
                return
            }
            let isEdgeTransaction = message.headers["call-id"].map { messageCallIDs.contains($0) } ?? false
            switch SIPEdgeRoute.owner(
                of: message, isCall: calls.isCallMessage(message), isEdgeTransaction: isEdgeTransaction)
            {
            case .registrar:
                registrar.receive(event)
            case .calls:
                registrar.noteActivity(on: flow)
                calls.receive(event)
            case .edge:
                registrar.noteActivity(on: flow)
                perform(transactions.receive(message, from: Self.address(of: flow)))
            }
        case .malformed, .keepAlivePing, .keepAlivePong, .flowClosed:
            registrar.receive(event)
        }
    }

    // MARK: - The edge's own transactions

    func perform(_ actions: [SIPTransactionLayerAction]) {
        for action in actions {
            switch action {
            case .send(let outbound):
                write(outbound)
            case .startTimer(let timer, let delay):
                transactionTimers[timer]?.cancel()
                transactionTimers[timer] = eventLoop.scheduleTask(in: delay) {
                    guard !self.stopped else { return }
                    self.transactionTimers[timer] = nil
                    self.perform(self.transactions.timerFired(timer))
                }
            case .cancelTimer(let timer):
                transactionTimers.removeValue(forKey: timer)?.cancel()
            case .deliverRequest(let request, let id, let source) where ingress != nil && isIngress(request, source):
                ingress?.edgeRequest(request, transaction: id, from: source)
            case .deliverStrayACK(let request, let source) where ingress != nil && isIngress(request, source):
                ingress?.edgeRequest(request, transaction: nil, from: source)
            case .deliverRequest(let request, let id, _):
                guard let response = SIPEdgeRoute.answer(outOfDialog: request, toTag: identifiers.tag()),
                    let answerActions = try? transactions.send(response, in: id)
                else { continue }
                perform(answerActions)
            case .deliverResponse(let response, let id):
                guard response.status.isFinal, let promise = deliveries.removeValue(forKey: id) else { continue }
                promise.succeed(
                    (200..<300).contains(response.status.rawValue)
                        ? .delivered(response.status) : .rejected(response.status))
            case .timeout(let id, _):
                deliveries.removeValue(forKey: id)?.succeed(.timedOut)
            case .transportError(let id):
                deliveries.removeValue(forKey: id)?.succeed(.transportFailed("send failed"))
            case .terminated(let id):
                deliveries.removeValue(forKey: id)?.succeed(.timedOut)
            case .deliverStrayACK, .deliverStrayResponse, .discarded:
                continue
            }
        }
    }

    private func write(_ outbound: SIPOutboundMessage) {
        guard let flow = Self.flow(outbound.destination) else { return }
        transport.send(outbound.message, over: flow).whenFailure { error in
            guard let id = outbound.transaction, !self.stopped else { return }
            self.logger.debug("SIP send to \(outbound.destination) failed: \(error)")
            self.perform(self.transactions.transportError(id))
        }
    }

    static func address(of flow: SIPFlow) -> SIPTransportAddress {
        SIPTransportAddress(
            transport: flow.kind.viaToken, host: flow.remote.ipAddress ?? "", port: flow.remote.port ?? 0)
    }

    static func flow(_ address: SIPTransportAddress) -> SIPFlow? {
        guard let kind = SIPTransportKind(rawValue: address.transport.uppercased()),
            let remote = try? SocketAddress(ipAddress: address.host, port: address.port)
        else { return nil }
        return SIPFlow(kind: kind, remote: remote)
    }

    /// Where requests to a device go: down the flow it registered on (RFC 5626 §5.3) — the connection's remote end
    /// on TCP, TLS and WebSocket (the transport reuses that connection), the `received`/`rport` source on UDP (NAT).
    static func nextHop(_ binding: SIPBinding) -> SIPTransportAddress {
        binding.flow.source.transport == "UDP" ? binding.reachableAddress : binding.flow.source
    }

    static func contact(_ binding: SIPBinding) -> SIPForkingContact {
        SIPForkingContact(uri: binding.contact.uri, nextHop: nextHop(binding))
    }
}

/// Hands transport events to the edge once it exists (the transport starts first); touched on the event loop only.
final class EventSink: @unchecked Sendable {
    var target: ((SIPTransportEvent) -> Void)?

    func deliver(_ event: SIPTransportEvent) { target?(event) }
}
