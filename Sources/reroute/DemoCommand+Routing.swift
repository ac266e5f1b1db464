import Foundation
import GatewayRuntime
import Interworking
import ISUPProtocol
import ISUPWire
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO
import RoutingClient
import RoutingCore
import RoutingService
import RoutingStore
import TelecomTypes

/// The routing part of the demo (all-in-one): a routing service on a private PostgreSQL inside this process, an MSC
/// (SG) and Reroute's gateway (ASP) on loopback, and the story of one subscriber — a missed call validates the
/// number, then a forwarded call marks its forwarding verified.
extension DemoCommand {
    static let demoSubscriber = "+447700900123"
    static let demoCNumber = "+447700900500"
    static let demoValidationNumber = "+447700900998"

    static func showRouting(output: inout OutputStream) {
        output.write(line: "")
        output.write(
            line: "Routing server in-process (private PostgreSQL): missed-call validation, then a forwarded call:")
        output.flush()
        do {
            let lines = try blocking { try await routingStory() }
            for line in lines { output.write(line: "  " + line) }
        } catch {
            output.write(line: "  routing story skipped: \(error)")
        }
    }

    private static func routingStory() async throws -> [String] {
        let cluster = try PrivatePostgresCluster.start()
        defer { cluster.stop() }
        var logger = Logger(label: "reroute.demo")
        logger.logLevel = .critical
        let client = PostgresClient(
            configuration: try DatabaseURL(cluster.url()).configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: [String].self) { group in
            group.addTask {
                await client.run()
                return []
            }
            defer { group.cancelAll() }
            let database = RoutingDatabase(client: client, logger: logger)
            try await database.migrate()
            let service = RoutingService(
                database: database,
                configuration: RoutingConfiguration(
                    dialingPlan: DialingPlan(countryCode: "44"),
                    missedCallNumber: try E164Number(parsing: demoValidationNumber)),
                sms: LogSMSSender(), calls: LogOutboundCallSink(), provisioning: NoProvisioningPlatform())
            return try await story(service: service, database: database)
        }
    }

    private static func story(service: RoutingService, database: RoutingDatabase) async throws -> [String] {
        var lines: [String] = []
        _ = try await service.createAccount(number: demoSubscriber, password: "demo password", source: "demo")
        let started = try await service.startValidation(number: demoSubscriber, method: .missedCall, source: "demo")
        lines.append("app: account \(demoSubscriber), missed-call validation started: call \(demoValidationNumber)")
        let plan = InterworkingPlan(
            defaultCountryCode: "44",
            cNumbers: [.init(number: try E164Number(parsing: demoCNumber), countryCode: "44")],
            validationNumber: try E164Number(parsing: demoValidationNumber))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let port = 29_800 + Int.random(in: 0..<90)
        let released = NIOLockedValueBox<[CircuitIdentificationCode: Q850Cause]>([:])
        let gatewayLog = NIOLockedValueBox<[String]>([])
        let msc = SignallingGateway(
            configuration: try demoConfiguration(.sg, port: port), eventLoop: group.next(),
            observe: { event in
                if case .callReleased(let cic, let cause) = event { released.withLockedValue { $0[cic] = cause } }
            })
        let gateway = SignallingGateway(
            configuration: try demoConfiguration(.asp, port: port), eventLoop: group.next(),
            router: IncomingCallRouter(
                routing: InProcessCallRouting(service: service), plan: plan, timeout: .seconds(5)),
            log: { line in if line.contains("routing:") { gatewayLog.withLockedValue { $0.append(line) } } })
        func stop() async {
            try? await gateway.stop(grace: .milliseconds(200)).get()
            try? await msc.stop(grace: .milliseconds(200)).get()
            try? await group.shutdownGracefully()
        }
        do {
            try await msc.start().get()
            try await gateway.start().get()
            lines += try await calls(msc: msc, released: released, service: service, database: database, id: started.id)
        } catch {
            await stop()
            throw error
        }
        await stop()
        lines.append(contentsOf: gatewayLog.withLockedValue { $0 }.map { "gateway: " + $0 })
        return lines
    }

    private static func calls(
        msc: SignallingGateway, released: NIOLockedValueBox<[CircuitIdentificationCode: Q850Cause]>,
        service: RoutingService, database: RoutingDatabase, id: ValidationID
    ) async throws -> [String] {
        var lines: [String] = []
        func number(_ e164: String) -> ISUPNumber {
            ISUPNumber(signals: AddressSignals(String(e164.dropFirst()))!, natureOfAddress: .internationalNumber)
        }
        func call(called: String, calling: String, originalCalled: String?) async throws -> Q850Cause? {
            var additional: [ISUPParameter] = []
            if let originalCalled {
                additional.append(ISUPParameter(code: .originalCalledNumber, number(originalCalled)))
            }
            let deadline = ContinuousClock.now + .seconds(20)
            var cic: CircuitIdentificationCode?
            // The link comes up and both sides reset their circuits (GRS) before a call can be placed.
            while cic == nil, ContinuousClock.now < deadline {
                cic = try await msc.placeCall(
                    called: number(called), calling: number(calling), additional: additional
                ).get()
                if cic == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            guard let cic else { return nil }
            while ContinuousClock.now < deadline {
                if let cause = released.withLockedValue({ $0.removeValue(forKey: cic) }) { return cause }
                try await Task.sleep(for: .milliseconds(20))
            }
            return nil
        }
        let missed = try await call(called: demoValidationNumber, calling: demoSubscriber, originalCalled: nil)
        lines.append("MSC: IAM \(demoSubscriber) → \(demoValidationNumber): REL cause "
            + (missed.map { "\($0.rawValue)" } ?? "none"))
        lines.append("app: validation \(try await service.validationStatus(id: id.description).status)")
        let forwarded = try await call(called: demoCNumber, calling: "+442079460000", originalCalled: demoSubscriber)
        lines.append("MSC: IAM +442079460000 → C number \(demoCNumber), original called \(demoSubscriber): REL cause "
            + (forwarded.map { "\($0.rawValue)" } ?? "none") + " (no app online yet)")
        let number = try E164Number(parsing: demoSubscriber)
        let state = try await database.read { tx in try await tx.forwarding(number) }
        lines.append("routing server: forwarding of \(demoSubscriber) is \(state?.phase.rawValue ?? "unknown")")
        return lines
    }

    private static func demoConfiguration(_ role: GatewayConfiguration.Role, port: Int) throws -> GatewayConfiguration {
        try GatewayConfiguration(file: ConfigurationFile(text: """
            [sigtran]
            role = \(role.rawValue)
            transport = tcp
            local-port = \(role == .sg ? port : 0)
            remote-port = \(port)
            routing-context = 1
            [isup]
            point-code = \(role == .sg ? 1 : 2)
            peer-point-code = \(role == .sg ? 2 : 1)
            """, path: "demo"))
    }
}
