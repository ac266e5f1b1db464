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

/// The routing server as `reroute gateway` reaches it (`[routing] mode`): none, in this process (a routing
/// service on PostgreSQL: `DATABASE_URL`, else a private cluster as `reroute icrs` makes), or over HTTP.
final class GatewayRoutingHost: @unchecked Sendable {
    /// `nil` with `mode = none`.
    let router: IncomingCallRouter?
    /// Where voicemail deposits go (in-process with `voicemail-directory`); nil: no voicemail.
    let voicemail: (any VoicemailRecorder)?
    private let stopAll: @Sendable () async -> Void

    private init(
        router: IncomingCallRouter?, voicemail: (any VoicemailRecorder)? = nil, stop: @escaping @Sendable () async -> Void
    ) {
        self.router = router
        self.voicemail = voicemail
        stopAll = stop
    }

    /// Sets up what `settings` asks for; blocks until the database is migrated (in-process).
    static func start(_ settings: GatewayRoutingSettings, log: @escaping @Sendable (String) -> Void) throws
        -> GatewayRoutingHost
    {
        switch settings.mode {
        case .none:
            return GatewayRoutingHost(router: nil, stop: {})
        case .http:
            let routing = HTTPCallRouting(
                baseURL: settings.url ?? "", serviceToken: settings.serviceToken ?? "", timeout: settings.timeout)
            log("routing: over HTTP at \(routing.baseURL), timeout \(Double(settings.timeout.nanoseconds) / 1e9) s")
            return GatewayRoutingHost(
                router: IncomingCallRouter(routing: routing, plan: settings.plan, timeout: settings.timeout),
                stop: { try? await routing.shutdown() })
        case .inProcess:
            return try blocking { try await inProcess(settings, log: log) }
        }
    }

    private static func inProcess(_ settings: GatewayRoutingSettings, log: @escaping @Sendable (String) -> Void)
        async throws -> GatewayRoutingHost
    {
        var cluster: PrivatePostgresCluster?
        let url: String
        if let configured = ProcessInfo.processInfo.environment["DATABASE_URL"], !configured.isEmpty {
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
        let stop: @Sendable () async -> Void = { [cluster] in
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
        let service = RoutingService(
            database: database,
            configuration: RoutingConfiguration(
                dialingPlan: DialingPlan(countryCode: settings.plan.defaultCountryCode),
                missedCallNumber: settings.plan.validationNumber),
            sms: LogSMSSender(), calls: LogOutboundCallSink(), provisioning: HTTPProvisioningPlatform(httpClient: http),
            voicemails: voicemails)
        if voicemails != nil {
            // A deposit the previous process did not finish (it died after the caller hung up) is stored now.
            let recovery = try await service.recoverVoicemails()
            if !recovery.registered.isEmpty { log("routing: recovered \(recovery.registered.count) voicemail(s)") }
        }
        return GatewayRoutingHost(
            router: IncomingCallRouter(
                routing: InProcessCallRouting(service: service), plan: settings.plan, timeout: settings.timeout),
            voicemail: voicemails == nil ? nil : RoutingServiceVoicemail(service: service),
            stop: stop)
    }

    /// Closes connections (and removes a private cluster); blocks until done.
    func stop() {
        let stopAll = self.stopAll
        _ = try? blocking { await stopAll() }
    }
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
