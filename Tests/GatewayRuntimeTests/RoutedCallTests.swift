import Foundation
import GatewayRuntime
import ISUPProtocol
import ISUPWire
import Interworking
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import RerouteTestSupport
import RoutingClient
import RoutingCore
import RoutingService
import RoutingStore
import SIGTRANTransport
import TelecomTypes
import Testing

/// The gateway asks the routing server in-process (all-in-one) about each incoming call. A real M3UA/ISUP peer
/// plays the MSC (a second gateway in the SG role, over TCP) and the routing service runs on a private
/// PostgreSQL cluster.
@Suite("Gateway with the routing server in-process: forwarded calls, missed-call validation, causes", .serialized)
struct RoutedCallTests {
    static let subscriber = "+447700900123"
    static let cNumber = "+447700900000"
    static let validationNumber = "+447700900999"

    /// A migrated database on a private cluster, a routing service over it, for the length of `body`.
    static func withService(_ body: (RoutingService, RoutingDatabase) async throws -> Void) async throws {
        let cluster = try PrivatePostgresCluster.start()
        defer { cluster.stop() }
        let url = try DatabaseURL(cluster.url())
        let client = PostgresClient(configuration: url.configuration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let database = RoutingDatabase(client: client)
            try await database.migrate()
            let service = RoutingService(
                database: database,
                configuration: RoutingConfiguration(
                    missedCallNumber: try E164Number(parsing: validationNumber), passwordIterations: 200_000),
                sms: InMemorySMSSink(), calls: InMemoryOutboundCallSink(), provisioning: NoProvisioningPlatform())
            try await body(service, database)
        }
    }

    /// The MSC (SG) and Reroute's gateway (ASP, asking `routing`) linked over TCP on loopback.
    static func withGateways(
        routing: any CallRouting, timeout: TimeAmount = .seconds(5),
        _ body: (SignallingGateway, LinkFailureTests.Events) async throws -> Void
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let port = Int(LoopbackPorts.freeTCPPort())
        let mscEvents = LinkFailureTests.Events()
        let msc = SignallingGateway(
            configuration: try TwoGatewayCallTests.configuration(role: .sg, kind: .tcp, port: port, udpPort: 9899),
            eventLoop: group.next(), observe: { mscEvents.append($0) })
        let plan = InterworkingPlan(
            defaultCountryCode: "44", cNumbers: [.init(number: try E164Number(parsing: cNumber), countryCode: "44")],
            validationNumber: try E164Number(parsing: validationNumber))
        let gatewayEvents = LinkFailureTests.Events()
        let gateway = SignallingGateway(
            configuration: try TwoGatewayCallTests.configuration(role: .asp, kind: .tcp, port: port, udpPort: 9899),
            eventLoop: group.next(), router: IncomingCallRouter(routing: routing, plan: plan, timeout: timeout),
            observe: { gatewayEvents.append($0) })
        try await LinkFailureTests.start(msc)
        try await gateway.start().get()
        #expect(try await mscEvents.wait(for: 1) { $0 == .linkUp })
        // Q.764 §2.9.3.2: both ends reset their circuits at link-up; wait until the gateway's GRS is answered.
        #expect(try await gatewayEvents.wait(for: 1) { $0 == .linkUp })
        do {
            try await body(msc, mscEvents)
        } catch {
            try? await gateway.stop(grace: .milliseconds(200)).get()
            try? await msc.stop(grace: .milliseconds(200)).get()
            try? await group.shutdownGracefully()
            throw error
        }
        try await gateway.stop(grace: .milliseconds(200)).get()
        try await msc.stop(grace: .milliseconds(200)).get()
        try await group.shutdownGracefully()
    }

    /// Places a call from the MSC and waits for its release; returns the cause and whether ACM or ANM came first.
    static func call(
        _ msc: SignallingGateway, _ events: LinkFailureTests.Events, called: String, calling: String,
        originalCalled: String? = nil
    ) async throws -> (cause: Q850Cause?, progressed: Bool) {
        var additional: [ISUPParameter] = []
        if let originalCalled {
            additional.append(ISUPParameter(
                code: .originalCalledNumber,
                ISUPNumber(signals: AddressSignals(originalCalled)!, natureOfAddress: .internationalNumber)))
            additional.append(ISUPParameter(
                code: .redirectionInformation,
                ISUPRedirectionInformation(
                    redirectingIndicator: ISUPRedirectionInformation.callDiverted,
                    originalRedirectionReason: .mobileSubscriberNotReachable, redirectionCounter: 1,
                    redirectingReason: .mobileSubscriberNotReachable)))
        }
        // Q.764 §2.9.3.2: right after link-up the circuits may still be under reset (GRS); a free circuit appears
        // once the GRA has arrived, so the call is retried until then (bounded).
        let deadline = ContinuousClock.now + .seconds(20)
        var placed: CircuitIdentificationCode?
        while placed == nil, ContinuousClock.now < deadline {
            placed = try await msc.placeCall(
                called: ISUPNumber(signals: AddressSignals(called)!, natureOfAddress: .internationalNumber),
                calling: ISUPNumber(signals: AddressSignals(calling)!, natureOfAddress: .internationalNumber),
                additional: additional
            ).get()
            if placed == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let cic = try #require(placed, "no free circuit at the MSC within 20 s")
        let released = try await events.wait(for: 1) {
            if case .callReleased(cic, _) = $0 { true } else { false }
        }
        #expect(released, "no release on CIC \(cic)")
        var cause: Q850Cause?
        var progressed = false
        for event in events.all() {
            switch event {
            case .callReleased(cic, let c): cause = c
            case .callProgress(cic, .addressComplete(_)), .callProgress(cic, .answered(_)),
                .callProgress(cic, .connected(_)):
                progressed = true
            default: break
            }
        }
        events.clear()
        return (cause, progressed)
    }

    @Test("Missed call to the validation number: REL cause 21 without ACM/ANM, the calling number validated")
    func missedCallValidation() async throws {
        try await Self.withService { service, _ in
            _ = try await service.createAccount(number: Self.subscriber, password: "correct horse", source: "test")
            let started = try await service.startValidation(number: Self.subscriber, method: .missedCall, source: "t")
            #expect(try await service.validationStatus(id: started.id.description).status == "pending")
            try await Self.withGateways(routing: InProcessCallRouting(service: service)) { msc, events in
                let result = try await Self.call(
                    msc, events, called: String(Self.validationNumber.dropFirst()),
                    calling: String(Self.subscriber.dropFirst()))
                // Q.850 cause 21 (call rejected), released unanswered: no ACM, no ANM (Q.764 §2.2).
                #expect(result.cause == .callRejected)
                #expect(!result.progressed)
            }
            #expect(try await service.validationStatus(id: started.id.description).status == "validated")
        }
    }

    @Test("A forwarded call (original called number, Q.763 §3.39) marks forwarding verified and is recorded")
    func forwardedCallVerifies() async throws {
        try await Self.withService { service, database in
            _ = try await service.createAccount(number: Self.subscriber, password: "correct horse", source: "test")
            _ = try await service.startValidation(number: Self.subscriber, method: .missedCall, source: "t")
            _ = try await service.receiveMissedCall(calling: Self.subscriber, called: Self.validationNumber)
            try await Self.withGateways(routing: InProcessCallRouting(service: service)) { msc, events in
                let forwarded = try await Self.call(
                    msc, events, called: String(Self.cNumber.dropFirst()), calling: "442079460000",
                    originalCalled: String(Self.subscriber.dropFirst()))
                // No app logged in: Q.850 cause 20 (subscriber absent), no ACM.
                #expect(forwarded.cause == .subscriberAbsent)
                #expect(!forwarded.progressed)
                // A number nobody owns: Q.850 cause 1 (unallocated number).
                let unknown = try await Self.call(
                    msc, events, called: String(Self.cNumber.dropFirst()), calling: "442079460000",
                    originalCalled: "447700900555")
                #expect(unknown.cause == .unallocatedNumber)
            }
            let number = try E164Number(parsing: Self.subscriber)
            let state = try await database.read { tx in try await tx.forwarding(number) }
            #expect(state?.phase == .verified)
            let records = try await service.callRecords(originalCalled: Self.subscriber)
            #expect(records.count == 1)
            #expect(records.first?.reason == "not_reachable")
            #expect(records.first?.outcome == "no_device_available")
            #expect(records.first?.calling == "+442079460000")
            #expect(records.first?.called == Self.cNumber)
        }
    }

    /// A routing server that never answers.
    struct SilentRouting: CallRouting {
        func route(_ subscriber: E164Number) async throws -> CallRoute {
            try await Task.sleep(for: .seconds(60))
            return .unknownNumber
        }
        func forwardedCall(_ call: ForwardedCallNotice) async throws -> ForwardedCallAck {
            throw CallRoutingError.unreachable("down")
        }
        func missedCall(calling: E164Number, called: E164Number) async throws -> MissedCallAck {
            throw CallRoutingError.unreachable("down")
        }
        func unansweredCall(_ call: UnansweredCallNotice) async throws {
            throw CallRoutingError.unreachable("down")
        }
    }

    @Test("No answer from the routing server within the timeout: REL cause 41 (temporary failure)")
    func routingTimeout() async throws {
        try await Self.withGateways(routing: SilentRouting(), timeout: .milliseconds(300)) { msc, events in
            let result = try await Self.call(
                msc, events, called: String(Self.cNumber.dropFirst()), calling: "442079460000",
                originalCalled: String(Self.subscriber.dropFirst()))
            #expect(result.cause == .temporaryFailure)
            #expect(!result.progressed)
        }
    }
}
