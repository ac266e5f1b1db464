import ArgumentParser
import Foundation
import GatewayRuntime
import Logging
import PostgresNIO
import AsyncHTTPClient
import RoutingAdapters
import RoutingAPI
import RoutingCore
import RoutingService
import RoutingStore
import SMPPClient
import VoicemailStore

/// `reroute icrs [--config FILE]`: the routing server alone — the HTTP API over PostgreSQL — until SIGTERM/SIGINT.
struct ICRSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "icrs",
        abstract: "Run the routing server (ICRS): accounts, numbers, devices and forwarding behind the HTTP API "
            + "(see conf/icrs.conf; with no configuration: loopback and a private PostgreSQL)."
    )

    @Option(name: .long, help: "The configuration file ([icrs] section).")
    var config: String?

    @OptionGroup var server: RoutingServerOptions

    var databaseURL: String? { server.databaseURL }
    var http: String? { server.http }
    var serviceToken: String? { server.serviceToken }
    var smsSink: String? { server.smsSink }

    func run() throws {
        var settings = try loadConfiguration()
        if let listenerRefusal = settings.listener.refusal {
            printError("reroute icrs: \(listenerRefusal)")
            throw ExitCode(2)
        }
        if settings.serviceToken == nil {
            settings.serviceToken = SecretText.random()
            Self.log("icrs: service token \(settings.serviceToken!) (set one with --service-token)")
        }
        let finished = Outcome()
        let work = settings
        Task {
            do {
                try await ICRSRunner(settings: work).run()
                finished.set(nil)
            } catch {
                finished.set(error)
            }
        }
        if let error = finished.wait() {
            printError("reroute icrs: \(error)")
            throw ExitCode(1)
        }
    }

    /// The file, then the flags and `DATABASE_URL` over it; one line and exit 2 on a bad value.
    func loadConfiguration() throws -> ICRSConfiguration {
        var settings = ICRSConfiguration()
        if let config {
            let text: String
            do {
                text = try String(contentsOfFile: config, encoding: .utf8)
            } catch {
                printError("reroute icrs: \(config): cannot read the file")
                throw ExitCode(2)
            }
            do {
                settings = try ICRSConfiguration(file: ConfigurationFile(text: text, path: config))
            } catch {
                printError("reroute icrs: \(error)")
                throw ExitCode(2)
            }
        }
        let environment = ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let url = databaseURL ?? environment {
            settings.databaseURL = url
        }
        if let http {
            do {
                (settings.listener.host, settings.listener.port) = try ICRSConfiguration.hostPort(http)
            } catch {
                printError("reroute icrs: --http \(error.message)")
                throw ExitCode(2)
            }
        }
        if let serviceToken {
            guard serviceToken.count >= 16 else {
                printError("reroute icrs: --service-token must have at least 16 characters")
                throw ExitCode(2)
            }
            settings.serviceToken = serviceToken
        }
        if let smsSink { settings.smsSink = smsSink }
        if let url = settings.databaseURL {
            do {
                _ = try DatabaseURL(url)
            } catch {
                printError("reroute icrs: database URL: \(error)")
                throw ExitCode(2)
            }
        }
        return settings
    }

    static func log(_ line: String) {
        GatewayCommand.logLine(line)
    }
}

/// The routing server's flags, the same for `reroute icrs` and for `reroute gateway` running it in process.
struct RoutingServerOptions: ParsableArguments {
    @Option(name: .long, help: "PostgreSQL URL (default: $DATABASE_URL, else a private cluster for this run).")
    var databaseURL: String?

    @Option(name: .long, help: "Serve the routing server's HTTP API on HOST:PORT (default 127.0.0.1:8080 with no configuration; port 0 picks a free one).")
    var http: String?

    @Option(name: .long, help: "The token of /v1/routes, /v1/gateway and /v1/admin (X-Service-Token); default: random, printed.")
    var serviceToken: String?

    @Option(name: .long, help: "Write SMS as JSON lines to this file instead of sending them.")
    var smsSink: String?
}

/// The asynchronous part of `reroute icrs`: database, migrations, the service and the API, then clean-up.
struct ICRSRunner {
    let settings: ICRSConfiguration

    func run() async throws {
        var cluster: PrivatePostgresCluster?
        let url: String
        if let configured = settings.databaseURL {
            url = configured
        } else {
            let started = try PrivatePostgresCluster.start()
            cluster = started
            url = started.url()
            ICRSCommand.log("icrs: private PostgreSQL in \(started.directory) (removed at exit)")
        }
        defer {
            if let cluster {
                cluster.stop()
                ICRSCommand.log("icrs: private PostgreSQL removed")
            }
        }
        var logger = Logger(label: "reroute.icrs")
        logger.logLevel = .notice
        let database = try DatabaseURL(url)
        ICRSCommand.log("icrs: database \(database)")
        let client = PostgresClient(configuration: database.configuration, backgroundLogger: logger)
        let routingDatabase = RoutingDatabase(client: client, logger: logger)
        // The SMSC when one is configured, else the JSON-lines file stand-in, else the log.
        let smsc = settings.smpp.map { SMPPClient(configuration: $0) }
        let sms: any SMSSender =
            smsc.map { SMPPSMSSender(client: $0) }
            ?? settings.smsSink.map { FileSMSSink(path: $0) } ?? LogSMSSender()
        let calls: any OutboundCallSink =
            settings.callSink.map { FileOutboundCallSink(path: $0) } ?? LogOutboundCallSink()
        // Integrated carriers' provisioning platforms; each command carries its carrier's endpoint and token.
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let voicemails = try settings.voicemailDirectory.map { try VoicemailDirectory(root: $0) }
        let service = RoutingService(
            database: routingDatabase, configuration: settings.routing, sms: sms, calls: calls,
            provisioning: HTTPProvisioningPlatform(httpClient: http), voicemails: voicemails)
        let moTask = smsc.map { smsc in
            smsc.start()
            ICRSCommand.log("icrs: SMSC \(smsc.configuration.host):\(smsc.configuration.port)")
            // A phone's SMS to the validation number proves it holds the number (sms_from_phone).
            return Task {
                for await message in smsc.incoming {
                    guard case .shortMessage(let from, let to, let text, _) = message else { continue }
                    let result = try? await service.receiveSMS(IncomingSMS(source: from, destination: to, text: text))
                    ICRSCommand.log("icrs: SMS from \(from) to \(to): \(result.map { "\($0)" } ?? "not handled")")
                }
            }
        }
        // Rate-limit events of keys that see no new event are never pruned on insert: sweep them hourly.
        let pruning = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(3600))
                if Task.isCancelled { break }
                do {
                    try await service.pruneRateEvents()
                } catch {
                    ICRSCommand.log("icrs: pruning rate-limit events failed: \(error)")
                }
            }
        }
        // The alert outbox (missed-call and voicemail alerts): SMS from here; MESSAGEs need the gateway's SIP edge.
        let alerts = Task {
            await AlertOutboxWorker(service: service, sms: sms, sipMessages: UnavailableSIPMessageSender()).run()
        }
        defer {
            moTask?.cancel()
            pruning.cancel()
            alerts.cancel()
        }
        let listener = settings.listener
        // The HTTP client and the SMPP session are closed however the server ends (AsyncHTTPClient must be shut
        // down before it goes away).
        do {
            try await serve(
                service: service, database: routingDatabase, client: client, logger: logger, listener: listener)
        } catch {
            if let smsc { await smsc.shutdown() }
            try? await http.shutdown()
            throw error
        }
        if let smsc { await smsc.shutdown() }
        try? await http.shutdown()
        ICRSCommand.log("icrs: stopped")
    }

    private func serve(
        service: RoutingService, database routingDatabase: RoutingDatabase, client: PostgresClient, logger: Logger,
        listener: ICRSListener
    ) async throws {
        try await ICRSServer.run(
            service: service, serviceToken: settings.serviceToken ?? "", listener: listener, services: [client],
            logger: logger,
            beforeStart: { [settings] in
                let applied = try await routingDatabase.migrate()
                ICRSCommand.log("icrs: schema migrations " + (applied.isEmpty ? "up to date" : "applied: \(applied)"))
                if let directory = settings.voicemailDirectory {
                    // An upload the previous process stored but did not register is registered now.
                    let recovery = try await service.recoverVoicemails()
                    ICRSCommand.log("icrs: voicemail in \(directory)"
                        + (recovery.registered.isEmpty ? "" : ", recovered \(recovery.registered.count)"))
                }
            },
            onListening: { host, port in
                let scheme = listener.tls == nil ? "http" : "https"
                ICRSCommand.log("icrs: listening on \(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)")
            })
    }
}

/// The result of the asynchronous run, handed back to the synchronous command.
final class Outcome: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var error: (any Error)?

    func set(_ error: (any Error)?) {
        self.error = error
        done.signal()
    }

    func wait() -> (any Error)? {
        done.wait()
        return error
    }
}

/// Random URL-safe text for a default service token.
enum SecretText {
    static func random() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}

/// With no SMSC and no sink file, SMS go to the log (codes included: a demo setting).
struct LogSMSSender: SMSSender {
    func send(to destination: E164Number, from source: String, text: String) async throws {
        ICRSCommand.log("icrs: sms to \(destination) from \(source): \(text)")
    }
}

/// Outbound-call (OBD) requests the gateway will place, written to the log until it can.
struct LogOutboundCallSink: OutboundCallSink {
    func queue(_ request: OutboundCallRequest) async throws {
        ICRSCommand.log("icrs: outbound call to \(request.number) speaking code \(request.code)")
    }
}

/// Outbound-call requests as JSON lines `{"to", "code", "time"}`, for tests and demos.
actor FileOutboundCallSink: OutboundCallSink {
    let path: String

    init(path: String) { self.path = path }

    func queue(_ request: OutboundCallRequest) async throws {
        let object = ["to": request.number.description, "code": request.code,
            "time": request.requestedAt.formatted(.iso8601)]
        var line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        line.append(0x0A)
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
    }
}
