import Foundation
import GatewayRuntime
import ISUPProtocol
import ISUPWire
import NIOCore
import NIOPosix
import RerouteTestSupport
import TelecomTypes
import Testing

/// `reroute gateway` serving SIP itself (issue 5 item 8): devices register with digest on `--sip` (UDP and TCP on
/// one port) against the SIP credentials the in-process routing server hands out at login; every registration,
/// refresh and unregister is in the routing server's device state, so `GET /v1/routes/{e164}` shows the device as an
/// available contact; a forwarded call from the MSC rings the registered device down its registration flow.
@Suite(
    "reroute gateway: SIP registrar and forking in the production command",
    .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"),
    .enabled(if: EdgePeer.sipp != nil, "sipp (Debian sip-tester) is not installed"))
struct GatewaySIPTests {
    static let serviceToken = "gateway-sip-service-token-7"

    /// A subscriber account with a validated number (SMS code from the sink) and one login per device.
    struct Subscriber {
        let http: LiveHTTP
        let number: String
        let sink: URL

        var path: String { "%2B" + number.dropFirst() }

        func create() async throws {
            let created = try await http.send(
                "POST", "/v1/accounts", json: #"{"number": "\#(number)", "password": "correct horse"}"#)
            #expect(created.status == 201, "\(created.text)")
            let started = try await http.send(
                "POST", "/v1/numbers/\(path)/validations", json: #"{"method": "sms_code"}"#)
            let id = try #require(started.json["validation_id"] as? String, "\(started.text)")
            let line = try #require(try String(contentsOf: sink, encoding: .utf8).split(separator: "\n").last)
            let code = try #require(sixDigitCode(in: String(line)), "no code in \(line)")
            let confirmed = try await http.send(
                "POST", "/v1/validations/\(id)/confirm", json: #"{"code": "\#(code)"}"#)
            #expect(confirmed.status == 200, "\(confirmed.text)")
        }

        /// Logs `device` in; returns the SIP credentials of the session (username, password, domain, registrar).
        func login(device: String) async throws -> [String: String] {
            let session = try await http.send("POST", "/v1/sessions", json: """
                {"number": "\(number)", "password": "correct horse",
                 "device": {"id": "\(device)", "name": "\(device)", "vendor": "Test", "os": "Linux"}}
                """)
            #expect(session.status == 201, "\(session.text)")
            return try #require(session.json["sip"] as? [String: String], "\(session.text)")
        }

        /// The routing server's answer for the number: `(available, contacts)`.
        func route() async throws -> (Bool, [[String: Any]]) {
            let answer = try await http.send(
                "GET", "/v1/routes/\(path)", headers: ["X-Service-Token": GatewaySIPTests.serviceToken])
            return (answer.json["available"] as? Bool ?? false, answer.json["contacts"] as? [[String: Any]] ?? [])
        }

        /// Polls the route every 20 ms until `predicate` holds (bounded); returns the seconds it took, nil if never.
        func waitForRoute(within seconds: Double = 10, _ predicate: (Bool, [[String: Any]]) -> Bool) async throws
            -> Double?
        {
            let start = Date()
            while Date().timeIntervalSince(start) < seconds {
                let (available, contacts) = try await route()
                if predicate(available, contacts) { return Date().timeIntervalSince(start) }
                try await Task.sleep(for: .milliseconds(20))
            }
            return nil
        }
    }

    /// A REGISTER with digest from sipp (RFC 3261 §10.2, RFC 7616 §3.4): 401, then the authenticated request; one
    /// Call-ID per device (`-cid_str`), the unregister continuing its CSeq (§10.2.4). Returns sipp's exit status.
    static func register(
        _ sip: [String: String], port: Int, transport: String, contactPort: Int, expires: Int
    ) async throws -> Int32 {
        let peer = try startRegistering(sip, port: port, transport: transport, contactPort: contactPort, expires: expires)
        let status = await peer.waitForExit(seconds: 15)
        if status != 0 { print("sipp register: \(peer.text) \(peer.file("errors.log"))") }
        return status
    }

    /// As ``register``, then sipp stays `stay` ms (on TCP: its connection, the device's flow, stays open).
    static func startRegistering(
        _ sip: [String: String], port: Int, transport: String, contactPort: Int, expires: Int, stay: Int = 0,
        outOfCall: String? = nil
    ) throws -> EdgePeer {
        let domain = sip["domain"] ?? ""
        func request(cseq: Int, authenticated: Bool) -> String {
            """
              <send retrans="500">
                <![CDATA[
                  REGISTER sip:\(domain) SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
                  From: <sip:[service]@\(domain)>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:[service]@\(domain)>
                  Call-ID: [call_id]
                  CSeq: \(cseq) REGISTER
                  Contact: <sip:[service]@[local_ip]:\(contactPort);transport=\(transport)>
                  Expires: \(expires)
                  Max-Forwards: 70\(authenticated ? "\n      [authentication]" : "")
                  Content-Length: 0

                ]]>
              </send>
            """
        }
        let first = expires == 0 ? 3 : 1
        let scenario = """
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="register">
            \(request(cseq: first, authenticated: false))
              <recv response="401" auth="true" />
            \(request(cseq: first + 1, authenticated: true))
              <recv response="200" />
              <pause milliseconds="\(stay)" />
            </scenario>
            """
        let directory = try EdgePeer.temporaryDirectory("sipp-gateway")
        let file = directory.appendingPathComponent("register.xml")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        let user = sip["username"] ?? ""
        var extra: [String] = []
        if let outOfCall {
            // Requests outside the REGISTER call (our MESSAGEs) play this scenario (-oocsf); -aa answers OPTIONS
            // keep-alive probes; every message is traced.
            let ooc = directory.appendingPathComponent("ooc.xml")
            try outOfCall.write(to: ooc, atomically: true, encoding: .utf8)
            extra = ["-oocsf", ooc.path, "-aa", "-trace_msg", "-message_file",
                directory.appendingPathComponent("messages.log").path]
        }
        return try EdgePeer(
            EdgePeer.sipp!,
            [
                "127.0.0.1:\(port)", "-sf", file.path, "-t", transport == "tcp" ? "t1" : "u1", "-i", "127.0.0.1",
                "-p", "\(contactPort)", "-m", "1", "-s", user, "-au", user, "-ap", sip["password"] ?? "",
                "-cid_str", "reg-\(user)@test", "-nostdin", "-timeout", "\(10 + stay / 1000)s", "-trace_err",
                "-error_file", directory.appendingPathComponent("errors.log").path,
            ] + extra,
            seconds: 15 + stay / 1000, directory: directory)
    }

    /// `reroute gateway` with no configuration file: SIP and the API on free loopback ports, SMS into `sink`.
    static func startWithoutConfiguration(sink: URL) async throws -> (ICRSProcess, Int) {
        let gateway = try ICRSProcess(
            binary: try #require(ToolRunner.rerouteBinary),
            arguments: [
                "--sip", "127.0.0.1:0", "--http", "127.0.0.1:0", "--service-token", serviceToken, "--sms-sink",
                sink.path, "--run-for", "150",
            ],
            command: "gateway")
        return (gateway, try await sipPort(gateway))
    }

    /// The gateway's SIP port from its "gateway: SIP on udp HOST:PORT, ..." line.
    static func sipPort(_ gateway: ICRSProcess) async throws -> Int {
        let line = try await gateway.waitForLine(containing: "gateway: SIP on udp ")
        let address = line.components(separatedBy: "SIP on udp ").last?.split(separator: ",").first ?? ""
        return try #require(address.split(separator: ":").last.flatMap { Int($0) }, "no port in \(line)")
    }

    /// An MSC (SG, in this process) and the real `reroute gateway` (ASP) connected to it, with the routing server
    /// in-process, SIP on a free port with the gateway as registrar, and `sip` added to `[sip]`.
    struct MSCAndGateway {
        static let cNumber = "+447700900000"
        let msc: SignallingGateway
        let events: SplitRolesTests.MSCEvents
        let gateway: ICRSProcess
        let group: MultiThreadedEventLoopGroup
        let port: Int
        let http: LiveHTTP
        let sink: URL
        let config: String

        static func start(sip extra: String = "") async throws -> MSCAndGateway {
            let binary = try #require(ToolRunner.rerouteBinary)
            let sink = FileManager.default.temporaryDirectory.appendingPathComponent("gw-sms-\(UUID().uuidString).jsonl")
            let linkPort = Int(LoopbackPorts.freeTCPPort())
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let events = SplitRolesTests.MSCEvents()
            let msc = SignallingGateway(
                configuration: try GatewayConfiguration(file: ConfigurationFile(
                    text: GatewayCommandTests.config(role: "sg", transport: "tcp", port: linkPort, udp: (9899, 9899), extra: ""),
                    path: "msc.conf")),
                eventLoop: group.next(), observe: { events.append($0) })
            try await msc.start().get()
            let config = try GatewayCommandTests.write(GatewayCommandTests.config(
                role: "asp", transport: "tcp", port: linkPort, udp: (9899, 9899), extra: """
                    [routing]
                    mode = in-process
                    country-code = 44
                    c-numbers = \(cNumber)/44
                    [sip]
                    mode = fork
                    registrar = on
                    domain = reroute.test
                    ring-timeout = 20
                    \(extra)
                    """))
            let gateway = try ICRSProcess(
                binary: binary,
                arguments: [
                    "--config", config, "--sip", "127.0.0.1:0", "--http", "127.0.0.1:0", "--service-token",
                    GatewaySIPTests.serviceToken, "--sms-sink", sink.path, "--run-for", "150",
                ],
                command: "gateway")
            let port = try await GatewaySIPTests.sipPort(gateway)
            #expect(try await events.wait { $0 == .linkUp })
            return MSCAndGateway(
                msc: msc, events: events, gateway: gateway, group: group, port: port,
                http: LiveHTTP(base: "http://127.0.0.1:\(try await gateway.port())"), sink: sink, config: config)
        }

        /// A call forwarded from `subscriber` to the C number (original called number, Q.763 §3.39), retried while
        /// the circuits are under reset (Q.764 §2.9.3.2).
        func placeForwardedCall(from subscriber: String) async throws -> CircuitIdentificationCode {
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                if let cic = try await msc.placeCall(
                    called: ISUPNumber(signals: AddressSignals(String(Self.cNumber.dropFirst()))!, natureOfAddress: .internationalNumber),
                    calling: ISUPNumber(signals: AddressSignals("442079460000"), natureOfAddress: .internationalNumber),
                    additional: [
                        ISUPParameter(
                            code: .originalCalledNumber,
                            ISUPNumber(signals: AddressSignals(String(subscriber.dropFirst()))!, natureOfAddress: .internationalNumber))
                    ]
                ).get() { return cic }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw ICRSProcessError("no free circuit at the MSC within 20 s")
        }

        /// The gateway's exit status after SIGTERM; then the MSC and the files go.
        func stop() async throws -> Int32 {
            let status = try await gateway.terminate()
            try? await msc.stop(grace: .milliseconds(200)).get()
            try? await group.shutdownGracefully()
            try? FileManager.default.removeItem(atPath: config)
            try? FileManager.default.removeItem(at: sink)
            return status
        }
    }

    @Test(
        "Issue 5 item 8 / RFC 3261 §10.3: no configuration file — registrations over UDP and TCP on the one --sip port show in GET /v1/routes (the time printed); an unregister takes the device out",
        .timeLimit(.minutes(8)))
    func registrationsReachTheRoutingServer() async throws {
        try await MachineLoadGate.heavy {
            let sink = FileManager.default.temporaryDirectory.appendingPathComponent("gw-sms-\(UUID().uuidString).jsonl")
            defer { try? FileManager.default.removeItem(at: sink) }
            let (gateway, port) = try await Self.startWithoutConfiguration(sink: sink)
            #expect(gateway.stdout.contains("tcp 127.0.0.1:\(port)"), "UDP and TCP share the --sip port")
            _ = try await gateway.waitForLine(containing: "no SIGTRAN peer configured")
            let subscriber = Subscriber(
                http: LiveHTTP(base: "http://127.0.0.1:\(try await gateway.port())"), number: "+447700900321", sink: sink)
            try await subscriber.create()
            let phone = try await subscriber.login(device: "phone-1")
            let tablet = try await subscriber.login(device: "tablet-1")
            // Login tells the app where to register: the gateway's SIP address.
            #expect(phone["registrar"] == "sip:127.0.0.1:\(port)")
            #expect(try await subscriber.route().0 == false)

            // The phone registers over UDP: an available contact (issue 5 item 8 asks for it within a second).
            let phonePort = Int(LoopbackPorts.freeUDPPort())
            #expect(try await Self.register(phone, port: port, transport: "udp", contactPort: phonePort, expires: 300) == 0)
            let phoneSeen = try await subscriber.waitForRoute { available, contacts in
                available && contacts.contains { ($0["uri"] as? String)?.contains(":\(phonePort)") == true }
            }
            let phoneLatency = try #require(phoneSeen, "the UDP registration never reached the routing server")
            // The figure is printed and kept in docs/performance.md, not asserted: speed is measured, not timed in a
            // test (a loaded CI machine once took 1.9 s over --icrs-url). The write-back has no delay of its own: the
            // binding change is written when the REGISTER is accepted.
            // The tablet registers over TCP on the same port and keeps its connection: two contacts, one per transport.
            let tabletPort = Int(LoopbackPorts.freeTCPPort())
            let tabletDevice = try Self.startRegistering(
                tablet, port: port, transport: "tcp", contactPort: tabletPort, expires: 300, stay: 60_000)
            defer { tabletDevice.kill() }
            let bothSeen = try await subscriber.waitForRoute { _, contacts in
                Set(contacts.compactMap { $0["transport"] as? String }) == ["udp", "tcp"]
            }
            let afterTablet = try await subscriber.route().1
            #expect(bothSeen != nil, "routes: \(afterTablet)")
            // The phone unregisters (Expires: 0): only the tablet is left.
            #expect(try await Self.register(phone, port: port, transport: "udp", contactPort: phonePort, expires: 0) == 0)
            let phoneGone = try await subscriber.waitForRoute { available, contacts in
                available && contacts.count == 1 && contacts.first?["transport"] as? String == "tcp"
            }
            let afterUnregister = try await subscriber.route().1
            #expect(phoneGone != nil, "routes: \(afterUnregister)")
            // The tablet's connection breaks (RFC 5626 §4.4.1: the flow failed): it is no longer reachable.
            tabletDevice.kill()
            let tabletGone = try await subscriber.waitForRoute { available, _ in !available }
            let afterLoss = try await subscriber.route().1
            #expect(tabletGone != nil, "routes: \(afterLoss)")
            print("gateway SIP: UDP registration visible in GET /v1/routes after \(phoneLatency) s")

            let clusterLine = try await gateway.waitForLine(containing: "private PostgreSQL in ")
            let directory = clusterLine.components(separatedBy: "private PostgreSQL in ").last?
                .components(separatedBy: " ").first ?? ""
            #expect(try await gateway.terminate() == 0)
            #expect(gateway.stdout.contains("gateway: stopped"))
            #expect(!directory.isEmpty && !FileManager.default.fileExists(atPath: directory), "the private cluster is removed")
        }
    }

    @Test(
        "Issue 5 item 8 / RFC 5626 §5.3: a forwarded call from the MSC rings baresip registered through the gateway; its answer is the ANM, the MSC's REL its BYE",
        .enabled(if: EdgePeer.baresip != nil, "baresip is not installed"), .timeLimit(.minutes(8)))
    func forwardedCallRingsTheRegisteredDevice() async throws {
        try await MachineLoadGate.heavy {
            let setup = try await MSCAndGateway.start()
            let (msc, events, port) = (setup.msc, setup.events, setup.port)
            let subscriber = Subscriber(http: setup.http, number: "+447700900654", sink: setup.sink)
            try await subscriber.create()
            let sip = try await subscriber.login(device: "softphone")
            #expect(sip["domain"] == "reroute.test")
            let baresip = try BaresipDevice.start(
                user: sip["username"] ?? "", password: sip["password"] ?? "", edgePort: port, transport: "udp",
                domain: sip["domain"] ?? "", seconds: 90)
            defer { baresip.kill() }
            let registered = try await subscriber.waitForRoute(within: 20) { available, _ in available }
            #expect(registered != nil, "baresip never registered: \(baresip.text)")

            // The MSC places a call forwarded from the subscriber's number to the C number.
            let seen = events.all.count
            let cic = try await setup.placeForwardedCall(from: subscriber.number)
            let answered = try await events.wait(from: seen) {
                if case .callProgress(cic, .answered) = $0 { true } else { false }
            }
            #expect(answered, "no ANM; gateway log: \(setup.gateway.stdout.suffix(1500)) baresip: \(baresip.text.suffix(800))")
            msc.release(cic: cic, cause: .normalCallClearing)
            #expect(try await events.wait(from: seen) { if case .callReleased(cic, _) = $0 { true } else { false } })
            // baresip saw the call established and then closed by our BYE.
            let end = Date().addingTimeInterval(10)
            while !baresip.text.contains("closed"), Date() < end { try await Task.sleep(for: .milliseconds(50)) }
            #expect(baresip.text.contains("established"), "\(baresip.text.suffix(800))")
            #expect(baresip.text.contains("closed"), "\(baresip.text.suffix(800))")
            #expect(try await msc.busyCircuits().get().isEmpty)
            #expect(try await setup.stop() == 0)
        }
    }

    /// sipp's answer to a MESSAGE outside its REGISTER call (RFC 3428 §7: 200 OK).
    static let messageResponder = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="message">
          <recv request="MESSAGE" />
          <send>
            <![CDATA[
              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0

            ]]>
          </send>
        </scenario>
        """

    @Test(
        "Issue 7 item 2 / RFC 3428 §4: the gateway runs the alert outbox — a call nobody answered gives the SMS (sink) and a MESSAGE to the device registered through the gateway, down its flow",
        .timeLimit(.minutes(8)))
    func missedCallAlertsReachTheDevice() async throws {
        try await MachineLoadGate.heavy {
            let sink = FileManager.default.temporaryDirectory.appendingPathComponent("gw-sms-\(UUID().uuidString).jsonl")
            defer { try? FileManager.default.removeItem(at: sink) }
            let (gateway, port) = try await Self.startWithoutConfiguration(sink: sink)
            let http = LiveHTTP(base: "http://127.0.0.1:\(try await gateway.port())")
            let subscriber = Subscriber(http: http, number: "+447700900987", sink: sink)
            try await subscriber.create()
            let sip = try await subscriber.login(device: "phone-1")
            let phonePort = Int(LoopbackPorts.freeUDPPort())
            let phone = try Self.startRegistering(
                sip, port: port, transport: "udp", contactPort: phonePort, expires: 300, stay: 60_000,
                outOfCall: Self.messageResponder)
            defer { phone.kill() }
            #expect(try await subscriber.waitForRoute { available, _ in available } != nil, "\(phone.text)")
            let smsBefore = (try? String(contentsOf: sink, encoding: .utf8))?.split(separator: "\n").count ?? 0

            // What the gateway reports for a forwarded call that rang out (the routing server's own route).
            let reported = try await http.send(
                "POST", "/v1/gateway/unanswered-calls",
                json: """
                    {"call_ref": "gw-test-1", "at": "2026-11-30T09:15:00Z", "caller": "+442079460000",
                     "presentation": "allowed", "called": "\(subscriber.number)", "reason": "no_answer", "duration_ms": 25000}
                    """,
                headers: ["X-Service-Token": Self.serviceToken])
            #expect((200..<300).contains(reported.status), "\(reported.text)")

            // The MESSAGE reaches sipp on the port it registered from; sipp answers 200 (the alert is delivered).
            let end = Date().addingTimeInterval(15)
            while !phone.file("messages.log").contains("MESSAGE sip:"), Date() < end {
                try await Task.sleep(for: .milliseconds(50))
            }
            let trace = phone.file("messages.log")
            #expect(trace.contains("MESSAGE sip:"), "no MESSAGE: \(gateway.stdout.suffix(1500))")
            #expect(trace.contains("+442079460000"), "the alert names the caller: \(trace.suffix(1500))")
            // The SMS alert to the number that was called, through the same outbox.
            let smsEnd = Date().addingTimeInterval(15)
            var lines: [Substring] = []
            while Date() < smsEnd {
                lines = ((try? String(contentsOf: sink, encoding: .utf8)) ?? "").split(separator: "\n")
                if lines.count > smsBefore { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let sms = lines.dropFirst(smsBefore).first.map(String.init) ?? ""
            #expect(sms.contains(subscriber.number) && sms.contains("+442079460000"), "SMS: \(sms)")
            #expect(try await gateway.terminate() == 0)
        }
    }

    @Test(
        "Issue 5 item 8: --icrs-url — the gateway's registrar checks digests against the remote routing server's logins (GET /v1/gateway/sip-accounts) and writes registrations back (POST .../events): visible in its GET /v1/routes",
        .timeLimit(.minutes(8)))
    func registrarAgainstARemoteRoutingServer() async throws {
        try await MachineLoadGate.heavy {
            let binary = try #require(ToolRunner.rerouteBinary)
            let sink = FileManager.default.temporaryDirectory.appendingPathComponent("icrs-sms-\(UUID().uuidString).jsonl")
            defer { try? FileManager.default.removeItem(at: sink) }
            let icrsConfig = try GatewayCommandTests.write("[icrs]\nsip-domain = reroute.test\n")
            defer { try? FileManager.default.removeItem(atPath: icrsConfig) }
            let icrs = try ICRSProcess(binary: binary, arguments: [
                "--config", icrsConfig, "--http", "127.0.0.1:0", "--service-token", Self.serviceToken, "--sms-sink",
                sink.path,
            ])
            let base = "http://127.0.0.1:\(try await icrs.port())"
            let gateway = try ICRSProcess(
                binary: binary,
                arguments: [
                    "--sip", "127.0.0.1:0", "--sip-domain", "reroute.test", "--icrs-url", base, "--service-token",
                    Self.serviceToken, "--run-for", "150",
                ],
                command: "gateway")
            let port = try await Self.sipPort(gateway)
            let subscriber = Subscriber(http: LiveHTTP(base: base), number: "+447700900456", sink: sink)
            try await subscriber.create()
            let phone = try await subscriber.login(device: "phone-1")
            #expect(phone["domain"] == "reroute.test")
            // A wrong password is refused by the gateway (the HA1 came from the routing server, not the password).
            var wrong = phone
            wrong["password"] = "not-the-password"
            #expect(try await Self.register(wrong, port: port, transport: "udp", contactPort: Int(LoopbackPorts.freeUDPPort()), expires: 300) != 0)
            let phonePort = Int(LoopbackPorts.freeUDPPort())
            #expect(try await Self.register(phone, port: port, transport: "udp", contactPort: phonePort, expires: 300) == 0)
            let seen = try await subscriber.waitForRoute { available, contacts in
                available && contacts.contains { ($0["uri"] as? String)?.contains(":\(phonePort)") == true }
            }
            let latency = try #require(seen, "the registration never reached the remote routing server: \(gateway.stdout)")
            // Printed below, not asserted (see the test above): 1.9 s once on a loaded CI run, ≈ 0.1 s alone.
            #expect(try await Self.register(phone, port: port, transport: "udp", contactPort: phonePort, expires: 0) == 0)
            #expect(try await subscriber.waitForRoute { available, _ in !available } != nil)
            print("gateway SIP over --icrs-url: registration visible in GET /v1/routes after \(latency) s")
            #expect(try await gateway.terminate() == 0)
            #expect(try await icrs.terminate() == 0)
        }
    }

    @Test(
        "Issue 5 item 3: push wake-up in reroute gateway — a device logged in with a push token but not registered is in GET /v1/routes as wake; a forwarded call pushes it, it registers, is rung and answers: ANM",
        .timeLimit(.minutes(8)))
    func pushWakesASleepingDeviceIntoTheCall() async throws {
        try await MachineLoadGate.heavy {
            let pushService = try await LocalHTTPServer(script: [.respond(status: 200, body: "{}")])
            let setup = try await MSCAndGateway.start(sip: """
                push-url = http://127.0.0.1:\(pushService.port)/push
                push-wait = 20
                """)
            let (msc, events, port, http) = (setup.msc, setup.events, setup.port, setup.http)
            let subscriber = Subscriber(http: http, number: "+447700900888", sink: setup.sink)
            try await subscriber.create()
            // The app logs in with its push token (RFC 8599) and goes to sleep: no registration.
            let session = try await http.send("POST", "/v1/sessions", json: """
                {"number": "\(subscriber.number)", "password": "correct horse",
                 "device": {"id": "phone-1", "name": "P", "vendor": "X", "os": "Android 15",
                            "push_token": {"provider": "fcm", "prid": "wake-me-7", "param": "reroute"}}}
                """)
            let sip = try #require(session.json["sip"] as? [String: String], "\(session.text)")
            let route = try await http.send(
                "GET", "/v1/routes/\(subscriber.path)", headers: ["X-Service-Token": Self.serviceToken])
            #expect(route.json["available"] as? Bool == true, "\(route.text)")
            #expect(route.json["wake"] as? [String] == ["phone-1"], "\(route.text)")
            #expect((route.json["contacts"] as? [Any])?.isEmpty == true)

            let seen = events.all.count
            let cic = try await setup.placeForwardedCall(from: subscriber.number)
            // The push service hears of the call; only then does the device wake and register.
            let pushEnd = ContinuousClock.now + .seconds(15)
            while pushService.received.isEmpty, ContinuousClock.now < pushEnd { try await Task.sleep(for: .milliseconds(20)) }
            let push = try #require(pushService.received.first, "no push: \(setup.gateway.stdout.suffix(1500))")
            #expect(push.body.contains("\"pn_prid\":\"wake-me-7\""), "\(push.body)")
            let phone = try Self.startRegistering(
                sip, port: port, transport: "udp", contactPort: Int(LoopbackPorts.freeUDPPort()), expires: 300,
                stay: 30_000, outOfCall: EdgeScenarios.answering(ringMilliseconds: 200))
            defer { phone.kill() }
            let answered = try await events.wait(from: seen) {
                if case .callProgress(cic, .answered) = $0 { true } else { false }
            }
            #expect(answered, "no ANM: \(setup.gateway.stdout.suffix(2000)) \(phone.file("messages.log").suffix(2000))")
            msc.release(cic: cic, cause: .normalCallClearing)
            #expect(try await events.wait(from: seen) { if case .callReleased(cic, _) = $0 { true } else { false } })
            let stderr = setup.gateway.stderr
            #expect(try await setup.stop() == 0, "stderr: \(stderr.suffix(2000))")
            try await pushService.close()
        }
    }
}
