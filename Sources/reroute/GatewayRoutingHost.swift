import AsyncHTTPClient
import Dispatch
import Foundation
import VoicemailStore
import GatewayRuntime
import Interworking
import Logging
import PostgresNIO
import RoutingAdapters
import RoutingClient
import RoutingCore
import RoutingService
import RoutingStore
import RoutingAPI
import ServiceLifecycle
import NIOConcurrencyHelpers
import SIPRegistrarService
import SIPEdge
import SMPPClient

/// The routing server as `reroute gateway` reaches it (`[routing] mode`): none, in this process (a routing
/// service on PostgreSQL: `--database-url` or `DATABASE_URL`, else a private cluster as `reroute icrs` makes; its
/// HTTP API on `--http` when asked), or over HTTP (`--icrs-url`).
final class GatewayRoutingHost: @unchecked Sendable {
    /// What the in-process routing server takes, as `reroute icrs` does (issue 5 item 8).
    struct Options: Sendable {
        var databaseURL: String?
        /// Serve the HTTP API here; nil: no API (the gateway alone uses the service).
        var http: ICRSListener?
        var serviceToken: String = ""
        /// SMS as JSON lines into this file instead of the log.
        var smsSink: String?
        /// The SMSC (`[smpp]`): SMS go out as submit_sm (before `smsSink`), phones' SMS come in as deliver_sm.
        var smpp: SMPPClientConfiguration?
        /// What login tells the apps: the SIP domain and where to register (the gateway's `[sip]` address).
        var sipDomain: String?
        var sipRegistrar: String?
    }

    /// `nil` with `mode = none`.
    let router: IncomingCallRouter?
    /// Where voicemail deposits go (in-process with `voicemail-directory`); nil: no voicemail.
    let voicemail: (any VoicemailRecorder)?
    /// The registrar's credentials and device-state writes (in-process); nil: devices cannot register here.
    let sip: (any SIPCredentialStore & DeviceStateRecorder)?
    /// Which devices of an account a call can wake (in-process); nil: no push wake-up.
    let pushTargets: (any PushTargetLookup)?
    /// In-process: where the routing server's outbound validation calls (OBD) go; the gateway takes them once it runs.
    let outboundCalls: GatewayOutboundCalls
    /// The in-process routing service and its SMS sender (the alert outbox's worker runs beside the gateway).
    private let service: RoutingService?
    private let sms: (any SMSSender)?
    private let alerts = NIOLockedValueBox<Task<Void, Never>?>(nil)
    /// The outbound-call poll (over HTTP), stopped with the host.
    private let polling = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let stopAll: @Sendable () async -> Void

    /// Over HTTP: the remote routing server, whose outbound validation calls this gateway claims and places.
    private let remote: HTTPCallRouting?

    private init(
        router: IncomingCallRouter?, voicemail: (any VoicemailRecorder)? = nil,
        sip: (any SIPCredentialStore & DeviceStateRecorder)? = nil, service: RoutingService? = nil,
        sms: (any SMSSender)? = nil, outboundCalls: GatewayOutboundCalls = GatewayOutboundCalls(),
        pushTargets: (any PushTargetLookup)? = nil, remote: HTTPCallRouting? = nil,
        stop: @escaping @Sendable () async -> Void
    ) {
        self.remote = remote
        self.pushTargets = pushTargets
        self.outboundCalls = outboundCalls
        self.router = router
        self.voicemail = voicemail
        self.sip = sip
        self.service = service
        self.sms = sms
        stopAll = stop
    }

    /// In-process: delivers the alert outbox (missed-call and voicemail alerts, issue 7 item 2) every `interval`,
    /// SMS through the routing server's sender and MESSAGEs through `sipMessages`, until ``stop()``.
    func startAlerts(sipMessages: any SIPMessageSender, every interval: Duration = .seconds(2)) {
        guard let service, let sms else { return }
        let worker = AlertOutboxWorker(service: service, sms: sms, sipMessages: sipMessages)
        alerts.withLockedValue { $0 = Task { await worker.run(every: interval) } }
    }

    /// Over HTTP (issue 7 item 3): claims the remote routing server's due outbound validation calls every
    /// `interval`, places each with `place` (true: the IAM went out) and reports it, until ``stop()``. In process
    /// the routing server hands its calls to ``outboundCalls`` instead.
    func pollOutboundCalls(
        every interval: Duration = .seconds(1), log: @escaping @Sendable (String) -> Void,
        place: @escaping @Sendable (E164Number, String) async -> Bool
    ) {
        guard let remote else { return }
        let task = Task {
            var failing = false
            while !Task.isCancelled {
                do {
                    for order in try await remote.claimOutboundCalls(limit: 2) {
                        log("gateway: validation call to \(order.number) claimed")
                        let placed = await place(order.number, order.code)
                        try await remote.reportOutboundCall(id: order.id, placed: placed)
                    }
                    failing = false
                } catch {
                    // Logged once per outage: the routing server may be restarting.
                    if !failing { log("gateway: outbound calls not claimed: \(error)") }
                    failing = true
                }
                try? await Task.sleep(for: interval)
            }
        }
        polling.withLockedValue { $0 = task }
    }

    /// Sets up what `settings` asks for; blocks until the database is migrated and the API listens (in-process).
    static func start(
        _ settings: GatewayRoutingSettings, options: Options = Options(), log: @escaping @Sendable (String) -> Void
    ) throws -> GatewayRoutingHost {
        switch settings.mode {
        case .none:
            return GatewayRoutingHost(router: nil, stop: {})
        case .http:
            let routing = HTTPCallRouting(
                baseURL: settings.url ?? "", serviceToken: settings.serviceToken ?? "", timeout: settings.timeout)
            log("routing: over HTTP at \(routing.baseURL), timeout \(Double(settings.timeout.nanoseconds) / 1e9) s")
            // The gateway's registrar checks digests against the remote routing server's SIP logins.
            let sip = options.sipDomain.map { realm in
                HTTPRoutingSIPAdapter(routing: routing, realm: realm) { line in log("routing: \(line)") }
            }
            // Messages go to the remote routing server through a local spool (sent again until taken).
            var recorder: HTTPVoicemailRecorder?
            var resend: Task<Void, Never>?
            if let directory = settings.voicemailDirectory {
                let spool = try VoicemailDirectory(root: directory)
                let http = HTTPVoicemailRecorder(routing: routing, spool: spool)
                recorder = http
                resend = Task {
                    while !Task.isCancelled {
                        let (sent, failed) = await http.sendPending()
                        if sent > 0 { log("routing: sent \(sent) voicemail(s) left in \(directory)") }
                        for failure in failed.prefix(3) { log("routing: voicemail not sent yet: \(failure)") }
                        try? await Task.sleep(for: .seconds(60))
                    }
                }
            }
            return GatewayRoutingHost(
                router: IncomingCallRouter(routing: routing, plan: settings.plan, timeout: settings.timeout),
                voicemail: recorder, sip: sip, remote: routing,
                stop: { [resend] in
                    resend?.cancel()
                    try? await routing.shutdown()
                })
        case .inProcess:
            return try blocking { try await inProcess(settings, options: options, log: log) }
        }
    }

    private static func inProcess(
        _ settings: GatewayRoutingSettings, options: Options, log: @escaping @Sendable (String) -> Void
    ) async throws -> GatewayRoutingHost {
        var cluster: PrivatePostgresCluster?
        let url: String
        let environment = ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let configured = options.databaseURL ?? environment {
            url = configured
        } else {
            let started = try PrivatePostgresCluster.start()
            cluster = started
            url = started.url()
            log("routing: private PostgreSQL in \(started.directory) (removed at exit)")
        }
        var logger = Logger(label: "reroute.gateway.routing")
        logger.logLevel = .notice
        let client = PostgresClient(configuration: try DatabaseURL(url).configuration, backgroundLogger: logger)
        let runner = Task { await client.run() }
        let database = RoutingDatabase(client: client, logger: logger)
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let api = APIServer()
        // The SMSC when one is configured (as `reroute icrs` has it), else the JSON-lines file, else the log.
        let smsc = options.smpp.map { SMPPClient(configuration: $0) }
        let mobileOriginated = NIOLockedValueBox<Task<Void, Never>?>(nil)
        let stop: @Sendable () async -> Void = { [cluster] in
            await api.stop()
            mobileOriginated.withLockedValue { $0 }?.cancel()
            if let smsc { await smsc.shutdown() }
            runner.cancel()
            _ = await runner.value
            try? await http.shutdown()
            cluster?.stop()
        }
        do {
            let applied = try await database.migrate()
            log("routing: in-process, schema migrations " + (applied.isEmpty ? "up to date" : "applied: \(applied)"))
        } catch {
            await stop()
            throw error
        }
        var voicemails: VoicemailDirectory?
        if let directory = settings.voicemailDirectory {
            do {
                voicemails = try VoicemailDirectory(root: directory)
            } catch {
                await stop()
                throw error
            }
        }
        var configuration = RoutingConfiguration(
            dialingPlan: DialingPlan(countryCode: settings.plan.defaultCountryCode),
            missedCallNumber: settings.plan.validationNumber)
        if let domain = options.sipDomain { configuration.sipDomain = domain }
        if let registrar = options.sipRegistrar { configuration.sipRegistrar = registrar }
        let sms: any SMSSender =
            smsc.map { SMPPSMSSender(client: $0) } ?? options.smsSink.map { FileSMSSink(path: $0) } ?? LogSMSSender()
        let outboundCalls = GatewayOutboundCalls()
        let service = RoutingService(
            database: database, configuration: configuration, sms: sms, calls: outboundCalls,
            provisioning: HTTPProvisioningPlatform(httpClient: http), voicemails: voicemails)
        if let listener = options.http {
            do {
                try await api.start(
                    service: service, token: options.serviceToken, listener: listener, logger: logger, log: log)
            } catch {
                await stop()
                throw error
            }
        }
        if let smsc {
            smsc.start()
            log("routing: SMSC \(smsc.configuration.host):\(smsc.configuration.port)")
            // A phone's SMS to the validation number proves it holds the number (sms_from_phone).
            mobileOriginated.withLockedValue {
                $0 = Task {
                    for await message in smsc.incoming {
                        guard case .shortMessage(let from, let to, let text, _) = message else { continue }
                        let result = try? await service.receiveSMS(IncomingSMS(source: from, destination: to, text: text))
                        log("routing: SMS from \(from) to \(to): \(result.map { "\($0)" } ?? "not handled")")
                    }
                }
            }
        }
        if voicemails != nil {
            // A deposit the previous process did not finish (it died after the caller hung up) is stored now.
            let recovery = try await service.recoverVoicemails()
            if !recovery.registered.isEmpty { log("routing: recovered \(recovery.registered.count) voicemail(s)") }
        }
        return GatewayRoutingHost(
            router: IncomingCallRouter(
                routing: InProcessCallRouting(service: service), plan: settings.plan, timeout: settings.timeout),
            voicemail: voicemails == nil ? nil : RoutingServiceVoicemail(service: service),
            sip: RoutingServiceSIPAdapter(service: service) { change, error in
                log("routing: device state \(change) not written: \(error)")
            },
            service: service, sms: sms, outboundCalls: outboundCalls,
            pushTargets: RoutingServicePushTargets(service: service), stop: stop)
    }

    /// Closes connections (and removes a private cluster); blocks until done.
    func stop() {
        let tasks = [alerts.withLockedValue { $0 }, polling.withLockedValue { $0 }].compactMap { $0 }
        for task in tasks { task.cancel() }
        _ = try? blocking { for task in tasks { await task.value } }
        let stopAll = self.stopAll
        _ = try? blocking { await stopAll() }
    }
}

/// The in-process routing server's outbound validation calls (OBD, issue 7 item 3): handed to the gateway, which
/// places them on a free circuit and speaks the code; logged while no gateway takes them (no SIGTRAN peer, no media).
final class GatewayOutboundCalls: OutboundCallSink {
    let target = NIOLockedValueBox<(@Sendable (OutboundCallRequest) -> Void)?>(nil)

    func queue(_ request: OutboundCallRequest) async throws {
        if let place = target.withLockedValue({ $0 }) {
            place(request)
        } else {
            ICRSCommand.log("icrs: outbound call to \(request.number) speaking code \(request.code) (no gateway to place it)")
        }
    }
}

/// The routing server's HTTP API beside the gateway (`--http`): the same routes as `reroute icrs`, stopped with the
/// gateway.
final class APIServer: @unchecked Sendable {
    private let lock = NSLock()
    private var group: ServiceGroup?
    private var task: Task<Void, Never>?

    /// Returns once the API listens (its address logged as `reroute icrs` does), or throws why it cannot.
    func start(
        service: RoutingService, token: String, listener: ICRSListener, logger: Logger,
        log: @escaping @Sendable (String) -> Void
    ) async throws {
        let (listening, continuation) = AsyncStream.makeStream(of: Result<Void, any Error>.self)
        let app = try ICRSServer.application(
            service: service, serviceToken: token, listener: listener, logger: logger,
            onListening: { host, port in
                let scheme = listener.tls == nil ? "http" : "https"
                log("icrs: listening on \(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)")
                continuation.yield(.success(()))
            })
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task {
            do {
                try await group.run()
                continuation.yield(.failure(ICRSServerStopped()))
            } catch {
                continuation.yield(.failure(error))
            }
        }
        lock.withLock {
            self.group = group
            self.task = task
        }
        for await outcome in listening {
            try outcome.get()
            return
        }
    }

    func stop() async {
        let (group, task) = lock.withLock { (self.group, self.task) }
        await group?.triggerGracefulShutdown()
        await task?.value
    }
}

struct ICRSServerStopped: Error, CustomStringConvertible {
    var description: String { "the HTTP API stopped before it listened" }
}

/// Runs `body` on the concurrency pool and waits for it (the command's `run()` is synchronous).
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    let box = ResultBox<T>()
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}
