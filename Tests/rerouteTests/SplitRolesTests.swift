import Foundation
import GatewayRuntime
import ISUPProtocol
import ISUPWire
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RerouteTestSupport
import TelecomTypes
import Testing

/// Split roles (issue 4 §7): the real `reroute icrs` process, the real `reroute gateway` process asking it over
/// HTTP (`[routing] mode = http`), and an M3UA/ISUP MSC peer placing calls at the gateway.
@Suite(
    "reroute gateway + reroute icrs over HTTP",
    .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"))
struct SplitRolesTests {
    static let serviceToken = "split-roles-service-token-9"
    static let subscriber = "+447700900123"
    static let cNumber = "+447700900000"
    static let validationNumber = "+447700900999"

    /// The MSC's view of its calls.
    final class MSCEvents: Sendable {
        private let box = NIOLockedValueBox<[GatewayEvent]>([])
        func append(_ event: GatewayEvent) { box.withLockedValue { $0.append(event) } }
        var all: [GatewayEvent] { box.withLockedValue { $0 } }

        /// Waits (bounded) for an event matching `predicate` among the events from index `from` on.
        func wait(from: Int = 0, seconds: Int = 30, _ predicate: @escaping @Sendable (GatewayEvent) -> Bool)
            async throws -> Bool
        {
            let found: Bool? = try await withDeadline(seconds: seconds) { [self] in
                while !self.all.dropFirst(from).contains(where: predicate) {
                    try await Task.sleep(for: .milliseconds(10))
                }
                return true
            }
            return found ?? all.dropFirst(from).contains(where: predicate)
        }
    }

    /// The MSC: a SignallingGateway in the SG role listening on `port` (TCP), its events recorded.
    static func startMSC(port: Int, extra: String = "") async throws
        -> (SignallingGateway, MSCEvents, MultiThreadedEventLoopGroup)
    {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let events = MSCEvents()
        let msc = SignallingGateway(
            configuration: try GatewayConfiguration(file: ConfigurationFile(
                text: GatewayCommandTests.config(role: "sg", transport: "tcp", port: port, udp: (9899, 9899), extra: extra),
                path: "msc.conf")),
            eventLoop: group.next(), observe: { events.append($0) })
        try await msc.start().get()
        return (msc, events, group)
    }

    /// `reroute gateway --config` (ASP) connected to the MSC: returns once the link is up and the circuits are reset
    /// (GRA, Q.764 §2.9.3.2).
    static func startGateway(_ binary: String, config: String, events: MSCEvents) async throws -> ICRSProcess {
        let gateway = try ICRSProcess(
            binary: binary, arguments: ["--config", config, "--run-for", "150"], command: "gateway")
        #expect(try await events.wait { $0 == .linkUp })
        _ = try await gateway.waitForLine(containing: "GRA", seconds: 30)
        return gateway
    }

    /// One call from the MSC; returns its release cause and whether ACM/ANM came back before it.
    static func call(
        _ msc: SignallingGateway, _ events: MSCEvents, called: String, calling: String, originalCalled: String? = nil
    ) async throws -> (cause: Q850Cause?, progressed: Bool) {
        var additional: [ISUPParameter] = []
        if let originalCalled {
            additional.append(ISUPParameter(
                code: .originalCalledNumber,
                ISUPNumber(signals: AddressSignals(originalCalled)!, natureOfAddress: .internationalNumber)))
        }
        let seen = events.all.count
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
        #expect(try await events.wait(from: seen) { if case .callReleased(cic, _) = $0 { true } else { false } })
        var cause: Q850Cause?
        var progressed = false
        for event in events.all.dropFirst(seen) {
            switch event {
            case .callReleased(cic, let c): cause = c
            case .callProgress(cic, .addressComplete(_)), .callProgress(cic, .answered(_)):
                progressed = true
            default: break
            }
        }
        return (cause, progressed)
    }

    @Test(
        "Missed-call validation and verified forwarding over HTTP; routing server stopped → cause 41, no call stuck",
        .timeLimit(.minutes(8)))
    func splitRoles() async throws {
        try await MachineLoadGate.heavy {
            let binary = try #require(ToolRunner.rerouteBinary)
            let icrsConfig = try GatewayCommandTests.write("[icrs]\nmissed-call-number = \(Self.validationNumber)\n")
            defer { try? FileManager.default.removeItem(atPath: icrsConfig) }
            let icrs = try ICRSProcess(binary: binary, arguments: [
                "--config", icrsConfig, "--http", "127.0.0.1:0", "--service-token", Self.serviceToken,
            ])
            let base = "http://127.0.0.1:\(try await icrs.port())"
            let http = LiveHTTP(base: base)
            let created = try await http.send(
                "POST", "/v1/accounts", json: #"{"number": "\#(Self.subscriber)", "password": "correct horse"}"#)
            #expect(created.status == 201, "\(created.text)")
            let started = try await http.send(
                "POST", "/v1/numbers/%2B447700900123/validations", json: #"{"method": "missed_call"}"#)
            #expect(started.status == 201, "\(started.text)")
            #expect(started.json["call"] as? String == Self.validationNumber)
            let id = try #require(started.json["validation_id"] as? String)

            // The MSC listens (SG); the gateway process connects to it (ASP) and asks the routing server over HTTP.
            let port = Int(LoopbackPorts.freeTCPPort())
            let (msc, events, group) = try await Self.startMSC(port: port)
            let gatewayConfig = try GatewayCommandTests.write(GatewayCommandTests.config(
                role: "asp", transport: "tcp", port: port, udp: (9899, 9899), extra: """
                    [routing]
                    mode = http
                    url = \(base)
                    service-token = \(Self.serviceToken)
                    country-code = 44
                    c-numbers = \(Self.cNumber)/44
                    validation-number = \(Self.validationNumber)
                    timeout = 2
                    """))
            defer { try? FileManager.default.removeItem(atPath: gatewayConfig) }
            let gateway = try await Self.startGateway(binary, config: gatewayConfig, events: events)

            // Missed call from the subscriber's phone: REL cause 21, unanswered; the validation completes.
            let missed = try await Self.call(
                msc, events, called: "447700900999", calling: String(Self.subscriber.dropFirst()))
            #expect(missed.cause == .callRejected)
            #expect(!missed.progressed)
            let status = try await http.send("GET", "/v1/validations/\(id)")
            #expect(status.json["status"] as? String == "validated", "\(status.text)")

            // A call forwarded from the (now owned) number: no app online → cause 20; forwarding becomes verified.
            let forwarded = try await Self.call(
                msc, events, called: String(Self.cNumber.dropFirst()), calling: "442079460000",
                originalCalled: String(Self.subscriber.dropFirst()))
            #expect(forwarded.cause == .subscriberAbsent)
            let session = try await http.send("POST", "/v1/sessions", json: """
                {"number": "\(Self.subscriber)", "password": "correct horse",
                 "device": {"id": "phone-1", "name": "Pixel", "vendor": "Google", "os": "Android 15"}}
                """)
            let token = try #require(session.json["token"] as? String, "\(session.text)")
            let forwarding = try await http.send(
                "GET", "/v1/me/numbers/%2B447700900123/forwarding", headers: ["Authorization": "Bearer \(token)"])
            #expect(forwarding.json["state"] as? String == "verified", "\(forwarding.text)")

            // The routing server stops: the next call is released with cause 41 and no circuit stays busy.
            #expect(try await icrs.terminate() == 0)
            let down = try await Self.call(
                msc, events, called: String(Self.cNumber.dropFirst()), calling: "442079460000",
                originalCalled: String(Self.subscriber.dropFirst()))
            #expect(down.cause == .temporaryFailure)
            #expect(try await msc.busyCircuits().get().isEmpty)
            let log = gateway.stdout
            #expect(
                log.contains("routing: missed call from \(Self.subscriber) to the validation number: validated"), "\(log)")
            #expect(log.contains("→ release, cause 41"))

            #expect(try await gateway.terminate() == 0)
            try await msc.stop(grace: .milliseconds(200)).get()
            try await group.shutdownGracefully()
        }
    }

    @Test(
        "Issue 7 item 3 over HTTP: a call_code validation started at a remote routing server is claimed by the gateway, which places the call (IAM), and on the MSC's answer speaks the code and releases (REL 16); the call is not placed twice",
        .timeLimit(.minutes(8)))
    func outboundValidationCallOverHTTP() async throws {
        try await MachineLoadGate.heavy {
            let binary = try #require(ToolRunner.rerouteBinary)
            let icrs = try ICRSProcess(binary: binary, arguments: [
                "--http", "127.0.0.1:0", "--service-token", Self.serviceToken,
            ])
            let base = "http://127.0.0.1:\(try await icrs.port())"
            let http = LiveHTTP(base: base)
            let number = "+447700900456"
            let created = try await http.send(
                "POST", "/v1/accounts", json: #"{"number": "\#(number)", "password": "correct horse"}"#)
            #expect(created.status == 201, "\(created.text)")

            // The MSC (SG, answering every call) and the gateway (ASP) with a media bridge to speak the code with.
            let port = Int(LoopbackPorts.freeTCPPort())
            let (msc, events, group) = try await Self.startMSC(port: port, extra: "[calls]\nrule = answer\n")
            let prompts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("conf/prompts").path
            let (local, remote) = (Int(LoopbackPorts.freeUDPPort()), Int(LoopbackPorts.freeUDPPort()))
            let gatewayConfig = try GatewayCommandTests.write(GatewayCommandTests.config(
                role: "asp", transport: "tcp", port: port, udp: (9899, 9899), extra: """
                    [routing]
                    mode = http
                    url = \(base)
                    service-token = \(Self.serviceToken)
                    country-code = 44
                    timeout = 2
                    [sip]
                    mode = fork
                    port = 0
                    [media]
                    pseudowire e1a = udp 127.0.0.1:\(local) -> 127.0.0.1:\(remote) timeslots 1-15,17-31 cic-offset 0
                    prompts = \(prompts)
                    """))
            defer { try? FileManager.default.removeItem(atPath: gatewayConfig) }
            let gateway = try await Self.startGateway(binary, config: gatewayConfig, events: events)

            // The validation by call: the routing server queues it; the gateway claims it within its poll.
            let started = try await http.send(
                "POST", "/v1/numbers/%2B447700900456/validations", json: #"{"method": "call_code"}"#)
            #expect(started.status == 201, "\(started.text)")
            #expect(try await events.wait(seconds: 30) { if case .incomingCall = $0 { true } else { false } },
                "no IAM at the MSC: \(gateway.stdout.suffix(1500))")
            // Q.764 §2.3: the gateway releases once the code was spoken twice (cause 16).
            #expect(try await events.wait(seconds: 60) {
                if case .callReleased(_, .normalCallClearing) = $0 { true } else { false }
            }, "no REL 16: \(gateway.stdout.suffix(1500))")
            _ = try await gateway.waitForLine(containing: "validation call to \(number) claimed", seconds: 10)
            // Placed once: no second IAM after the next polls.
            let calls = events.all.filter { if case .incomingCall = $0 { true } else { false } }.count
            _ = try await gateway.waitForLine(containing: "REL", seconds: 5)
            #expect(calls == 1)
            #expect(try await msc.busyCircuits().get().isEmpty)

            #expect(try await gateway.terminate() == 0)
            #expect(try await icrs.terminate() == 0)
            try await msc.stop(grace: .milliseconds(200)).get()
            try await group.shutdownGracefully()
        }
    }
}
