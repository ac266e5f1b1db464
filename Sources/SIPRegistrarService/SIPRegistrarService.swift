public import Logging
public import NIOCore
import Foundation
import NIOPosix
public import SIPRegistrar
import SIPTransactions
public import SIPTransport
import SIPWire

/// The registrar on a socket: SIPTransport below, SIPTransactionLayer for RFC 3261 §17, ``SIPRegistrar`` deciding.
///
/// It serves on every listener the `SIPTransportConfiguration` enables: UDP, TCP, TLS, WS and WSS. A binding made
/// over a connection keeps that connection as its flow (RFC 5626 §5.3): OPTIONS probes go back on it, keepalives are
/// CRLF CRLF pings on TCP/TLS (RFC 5626 §3.5.1) and WebSocket Pings on WS/WSS (RFC 6455 §5.5.2, RFC 7118 §6), and
/// its close removes the binding (connection lost).
///
/// Every input (message, CRLF ping or pong, flow close, timer) runs on the transport's event loop: decode, one
/// machine call, perform the actions. Credential look-ups and device-state writes are async and leave the loop;
/// their results come back to it. Device-state changes are written in order by one consumer task.
public final class SIPRegistrarService: SIPBindingLookup, @unchecked Sendable {
    // All mutable state below is touched on `eventLoop` only.
    public let eventLoop: any EventLoop
    private var registrar: SIPRegistrar
    private var transactions: SIPTransactionLayer
    private var transport: SIPTransportLayer?
    private var transactionTimers: [SIPTransactionTimer: Scheduled<Void>] = [:]
    private var registrarTimers: [SIPRegistrarTimer: Scheduled<Void>] = [:]
    private var probes: [SIPTransactionID: SIPBindingID] = [:]
    /// The stream connection each OPTIONS probe must use: the binding's own flow (RFC 5626 §5.3), never a new one.
    private var probeConnections: [SIPTransactionID: UInt64] = [:]
    private let credentials: any SIPCredentialStore
    private let logger: Logger
    private let changes: AsyncStream<(SIPDeviceStateChange, Date)>.Continuation
    private let recorderTask: Task<Void, Never>
    private var stopped = false
    /// False when the transport belongs to someone else (``start(configuration:sharing:secret:seed:credentials:recorder:logger:)``).
    private var ownsTransport = true

    private init(
        configuration: SIPRegistrarConfiguration, secret: [UInt8], seed: UInt64, eventLoop: any EventLoop,
        credentials: any SIPCredentialStore, recorder: any DeviceStateRecorder, logger: Logger
    ) {
        self.eventLoop = eventLoop
        registrar = SIPRegistrar(configuration: configuration, secret: secret, seed: seed)
        transactions = SIPTransactionLayer(identifiers: SIPIdentifierGenerator(seed: seed &* 31 &+ 7))
        self.credentials = credentials
        self.logger = logger
        let (stream, continuation) = AsyncStream<(SIPDeviceStateChange, Date)>.makeStream()
        changes = continuation
        recorderTask = Task {
            for await (change, time) in stream { await recorder.record(change, at: time) }
        }
    }

    /// Binds the transport and starts serving. `secret` (≥ 32 bytes) keys the nonces, `seed` draws identifiers:
    /// both from a real random source in production.
    public static func start(
        configuration: SIPRegistrarConfiguration, transport: SIPTransportConfiguration, secret: [UInt8], seed: UInt64,
        credentials: any SIPCredentialStore, recorder: any DeviceStateRecorder, eventLoop: any EventLoop,
        logger: Logger = Logger(label: "reroute.sip.registrar")
    ) async throws -> SIPRegistrarService {
        let service = SIPRegistrarService(
            configuration: configuration, secret: secret, seed: seed, eventLoop: eventLoop, credentials: credentials,
            recorder: recorder, logger: logger)
        let layer = try await SIPTransportLayer.start(configuration: transport, eventLoop: eventLoop) {
            [weak service] event in service?.handle(event)
        }.get()
        try await eventLoop.submit { service.transport = layer }.get()
        return service
    }

    /// Serves on a transport another component started and owns (SIPEdge: one SIP address for the registrar and the
    /// call side). That component hands every event meant for the registrar to ``receive(_:)`` on the transport's
    /// event loop; ``shutdown()`` leaves the transport open.
    public static func start(
        configuration: SIPRegistrarConfiguration, sharing transport: SIPTransportLayer, secret: [UInt8], seed: UInt64,
        credentials: any SIPCredentialStore, recorder: any DeviceStateRecorder,
        logger: Logger = Logger(label: "reroute.sip.registrar")
    ) async throws -> SIPRegistrarService {
        let service = SIPRegistrarService(
            configuration: configuration, secret: secret, seed: seed, eventLoop: transport.eventLoop,
            credentials: credentials, recorder: recorder, logger: logger)
        try await transport.eventLoop.submit {
            service.transport = transport
            service.ownsTransport = false
        }.get()
        return service
    }

    /// One transport event routed to the registrar by the transport's owner; call on `eventLoop`.
    public func receive(_ event: SIPTransportEvent) { handle(event) }

    /// A message on `flow` that the transport's owner routed elsewhere (a device's answer to a call, its BYE): still a
    /// sign of life of the binding on that flow (RFC 5626 §4.4). Call on `eventLoop`.
    public func noteActivity(on flow: SIPFlow) {
        eventLoop.preconditionInEventLoop()
        guard !stopped, let registrarFlow = Self.registrarFlow(flow) else { return }
        perform(registrar.activity(on: registrarFlow, now: .now()), transaction: nil)
    }

    public var udpAddress: SocketAddress? { transport?.udpAddress }
    public var tcpAddress: SocketAddress? { transport?.tcpAddress }
    /// The TLS listener (RFC 3261 §26.2), when `SIPTransportConfiguration.tlsPort` and `tls` are set.
    public var tlsAddress: SocketAddress? { transport?.address(of: .tls) }
    /// The WebSocket listener (RFC 7118), when `webSocketPort` is set.
    public var webSocketAddress: SocketAddress? { transport?.address(of: .ws) }
    /// The secure WebSocket listener (RFC 7118 §5.1 WSS), when `secureWebSocketPort` and `tls` are set.
    public var secureWebSocketAddress: SocketAddress? { transport?.address(of: .wss) }

    /// The listener of any transport the registrar serves on.
    public func address(of kind: SIPTransportKind) -> SocketAddress? { transport?.address(of: kind) }

    /// Closes the sockets, cancels the timers and lets the recorder finish writing.
    public func shutdown() async throws {
        let layer: SIPTransportLayer? = try await eventLoop.submit {
            self.stopped = true
            for timer in self.transactionTimers.values { timer.cancel() }
            for timer in self.registrarTimers.values { timer.cancel() }
            self.transactionTimers = [:]
            self.registrarTimers = [:]
            return self.ownsTransport ? self.transport : nil
        }.get()
        try await layer?.shutdown().get()
        changes.finish()
        await recorderTask.value
    }

    // MARK: - SIPBindingLookup

    public func availableBindings(account: String) async -> [SIPBinding] {
        (try? await eventLoop.submit { self.registrar.bindings(account: account) }.get()) ?? []
    }

    public func availableBindings(aor: String) async -> [SIPBinding] {
        (try? await eventLoop.submit { self.registrar.bindings(aor: aor) }.get()) ?? []
    }

    // MARK: - Transport events

    private func handle(_ event: SIPTransportEvent) {
        eventLoop.preconditionInEventLoop()
        guard !stopped else { return }
        let now = NIODeadline.now()
        switch event {
        case .message(let message, let flow):
            guard let registrarFlow = Self.registrarFlow(flow) else { return }
            perform(registrar.activity(on: registrarFlow, now: now), transaction: nil)
            run(transactions.receive(message, from: registrarFlow.source), flow: registrarFlow)
        case .malformed(let error, let flow, let answered):
            logger.debug("malformed SIP from \(flow): \(error) (answered: \(answered))")
        case .keepAlivePing(let flow):
            guard let registrarFlow = Self.registrarFlow(flow) else { return }
            perform(registrar.activity(on: registrarFlow, crlfPing: true, now: now), transaction: nil)
        case .keepAlivePong(let flow):
            guard let registrarFlow = Self.registrarFlow(flow) else { return }
            perform(registrar.activity(on: registrarFlow, now: now), transaction: nil)
        case .flowClosed(let flow):
            guard let registrarFlow = Self.registrarFlow(flow) else { return }
            perform(registrar.flowClosed(registrarFlow, now: now), transaction: nil)
        }
    }

    // MARK: - Transaction layer actions

    private func run(_ actions: [SIPTransactionLayerAction], flow: SIPRegistrarFlow?) {
        for action in actions {
            switch action {
            case .send(let outbound):
                send(outbound)
            case .startTimer(let timer, let after):
                transactionTimers[timer]?.cancel()
                transactionTimers[timer] = eventLoop.scheduleTask(in: after) { [weak self] in
                    guard let self, !self.stopped else { return }
                    self.transactionTimers[timer] = nil
                    self.run(self.transactions.timerFired(timer), flow: nil)
                }
            case .cancelTimer(let timer):
                transactionTimers.removeValue(forKey: timer)?.cancel()
            case .deliverRequest(let request, let id, let source):
                let requestFlow = flow ?? SIPRegistrarFlow(source: source)
                admit(request, transaction: id, flow: requestFlow)
            case .deliverResponse(let response, let id):
                if let binding = probes[id], response.status.isFinal {
                    probes[id] = nil
                    perform(registrar.probeAnswered(binding, now: .now()), transaction: nil)
                }
            case .timeout(let id, _), .transportError(let id), .terminated(let id):
                probes[id] = nil
                probeConnections[id] = nil
            case .deliverStrayACK, .deliverStrayResponse, .discarded:
                continue
            }
        }
    }

    private func admit(_ request: SIPRequest, transaction id: SIPTransactionID, flow: SIPRegistrarFlow) {
        switch registrar.receive(request, from: flow, now: .now()) {
        case .respond(let response):
            if let response { respond(response, in: id) }
        case .forwardToCallSide:
            // No call side is attached to the registrar service itself.
            var response = SIPResponse(answering: request, status: .notImplemented)
            response.headers.add("Content-Length", "0")
            respond(response, in: id)
        case .authenticate(let username):
            let store = credentials
            let logger = self.logger
            Task {
                let found: SIPDigestCredentials?
                do { found = try await store.digestCredentials(username: username) } catch {
                    logger.warning("credential lookup for \(username) failed: \(error)")
                    found = nil
                }
                self.eventLoop.execute {
                    guard !self.stopped else { return }
                    let actions = self.registrar.register(request, from: flow, credentials: found, now: .now())
                    self.perform(actions, transaction: id)
                }
            }
        }
    }

    private func respond(_ response: SIPResponse, in id: SIPTransactionID) {
        do { run(try transactions.send(response, in: id), flow: nil) } catch {
            logger.debug("response for \(id) not sent: \(error)")
        }
    }

    private func send(_ outbound: SIPOutboundMessage) {
        let connection = outbound.transaction.flatMap { probeConnections[$0] }
        guard let transport, let flow = Self.transportFlow(outbound.destination, connection: connection) else {
            return
        }
        transport.send(outbound.message, over: flow).whenFailure { [weak self] error in
            guard let self, let id = outbound.transaction, !self.stopped else { return }
            self.logger.debug("send to \(outbound.destination) failed: \(error)")
            self.run(self.transactions.transportError(id), flow: nil)
        }
    }

    // MARK: - Registrar actions

    private func perform(_ actions: [SIPRegistrarAction], transaction id: SIPTransactionID?) {
        for action in actions {
            switch action {
            case .respond(let response):
                if let id { respond(response, in: id) }
            case .startTimer(let timer, let after):
                registrarTimers[timer]?.cancel()
                registrarTimers[timer] = eventLoop.scheduleTask(in: after) { [weak self] in
                    guard let self, !self.stopped else { return }
                    self.registrarTimers[timer] = nil
                    self.perform(self.registrar.timerFired(timer, now: .now()), transaction: nil)
                }
            case .cancelTimer(let timer):
                registrarTimers.removeValue(forKey: timer)?.cancel()
            case .probe(let binding, let kind):
                probe(binding, kind)
            case .deviceState(let change):
                logger.info("device state: \(change)")
                changes.yield((change, Date()))
            }
        }
    }

    private func probe(_ binding: SIPBinding, _ kind: KeepaliveProbeKind) {
        guard let transport else { return }
        switch kind {
        case .crlfPing:
            let source = binding.flow.source
            guard let flow = Self.transportFlow(source, connection: binding.flow.connection) else { return }
            _ = transport.ping(flow)
        case .options:
            let kindName = binding.flow.source.transport
            let local = SIPTransportKind(rawValue: kindName).flatMap { transport.address(of: $0) }
            let via = SIPVia(
                transport: kindName, host: local?.ipAddress ?? "127.0.0.1", port: local?.port,
                parameters: SIPParameters([.init(name: "rport", value: nil)]))
            let request = registrar.optionsProbe(for: binding, via: via)
            do {
                let (id, actions) = try transactions.send(request, to: binding.reachableAddress)
                if let id {
                    probes[id] = binding.id
                    probeConnections[id] = binding.flow.connection
                }
                run(actions, flow: nil)
            } catch {
                logger.debug("OPTIONS probe for \(binding.id) not sent: \(error)")
            }
        }
    }

    // MARK: - Address conversions

    static func registrarFlow(_ flow: SIPFlow) -> SIPRegistrarFlow? {
        guard let host = flow.remote.ipAddress, let port = flow.remote.port else { return nil }
        return SIPRegistrarFlow(
            source: SIPTransportAddress(transport: flow.kind.rawValue, host: host, port: port),
            connection: flow.connection?.rawValue)
    }

    static func transportFlow(_ address: SIPTransportAddress, connection: UInt64? = nil) -> SIPFlow? {
        guard let kind = SIPTransportKind(rawValue: address.transport),
            let remote = try? SocketAddress(ipAddress: address.host, port: address.port)
        else { return nil }
        return SIPFlow(kind: kind, remote: remote, connection: connection.map { SIPConnectionID(rawValue: $0) })
    }
}
