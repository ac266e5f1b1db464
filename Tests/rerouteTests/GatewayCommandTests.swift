import Foundation
import RerouteTestSupport
import Testing

/// Two `reroute gateway` processes on loopback: one plays the MSC (SG with a [load] of calls), the other is the
/// gateway (ASP answering every call). RFC 4666 §4.3 link up, Q.764 §2.9.3.2 GRS, then Q.764 §2.1 calls.
@Suite("reroute gateway: two processes", .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"))
struct GatewayCommandTests {
    static func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reroute-\(UUID().uuidString).conf")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static func config(role: String, transport: String, port: Int, udp: (Int, Int), extra: String) -> String {
        """
        [sigtran]
        role = \(role)
        transport = \(transport)
        local-addresses = 127.0.0.1
        local-port = \(role == "sg" ? port : 0)
        remote-addresses = 127.0.0.1
        remote-port = \(port)
        udp-port = \(udp.0)
        remote-udp-port = \(udp.1)
        routing-context = 3
        [isup]
        point-code = \(role == "sg" ? "0-000-1" : "0-000-2")
        peer-point-code = \(role == "sg" ? "0-000-2" : "0-000-1")
        circuits = 1-15,17-31
        \(extra)
        """
    }

    @Test(
        "1,000 calls between two processes, none lost (TCP and SCTP over UDP)", .timeLimit(.minutes(8)),
        arguments: ["tcp", "sctp-udp"])
    func thousandCallsBetweenProcesses(transport: String) async throws {
        try await MachineLoadGate.heavy {
            let binary = try #require(ToolRunner.rerouteBinary)
            let port = transport == "tcp" ? 29_521 : 29_522
            let udpA = Int(LoopbackPorts.freeUDPPort())
            let udpB = Int(LoopbackPorts.freeUDPPort())
            let msc = try Self.write(Self.config(
                role: "sg", transport: transport, port: port, udp: (udpA, udpB),
                extra: "[load]\ncalls = 1000\nparallel = 10\n"))
            let gateway = try Self.write(Self.config(
                role: "asp", transport: transport, port: port, udp: (udpB, udpA), extra: "[calls]\nanswer-after = 0\n"))
            defer {
                try? FileManager.default.removeItem(atPath: msc)
                try? FileManager.default.removeItem(atPath: gateway)
            }
            let gatewayProcess = Process()
            gatewayProcess.executableURL = URL(fileURLWithPath: binary)
            gatewayProcess.arguments = ["gateway", "--config", gateway, "--run-for", "60"]
            gatewayProcess.standardOutput = FileHandle.nullDevice
            gatewayProcess.standardError = FileHandle.nullDevice
            try gatewayProcess.run()
            defer {
                if gatewayProcess.isRunning { gatewayProcess.terminate() }
                gatewayProcess.waitUntilExit()
            }
            let result = try ToolRunner.run(binary, ["gateway", "--config", msc, "--run-for", "60"])
            let output = String(decoding: result.stdout, as: UTF8.self)
            #expect(result.status == 0, "\(output.suffix(800)) \(result.stderr)")
            #expect(output.contains("load: 1000 calls completed"), "\(output.suffix(800))")
            #expect(output.contains("0 failures"))
            // SIGTERM: the gateway releases its calls and closes the association cleanly.
            gatewayProcess.terminate()
            gatewayProcess.waitUntilExit()
            #expect(gatewayProcess.terminationStatus == 0)
        }
    }

    @Test("A bad configuration: one line naming file, line and problem; exit status 2")
    func badConfiguration() throws {
        let binary = try #require(ToolRunner.rerouteBinary)
        let path = try Self.write("[sigtran]\ntransport = carrier-pigeon\n[isup]\npoint-code = 1\npeer-point-code = 2\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try ToolRunner.run(binary, ["gateway", "--config", path])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("\(path):2:") == true, "\(result.stderr)")
        #expect(lines.first?.contains("transport") == true)
    }

    @Test("Issue 5 item 8: flags that cannot go together, or a bad address, give one line and exit status 2",
        arguments: [
            (["--sip", "127.0.0.1"], "--sip must be HOST:PORT"),
            (["--icrs-url", "http://127.0.0.1:8080", "--http", "127.0.0.1:0"], "--http is for the routing server in this process"),
            (["--icrs-url", "ftp://icrs"], "--icrs-url must be an http:// or https:// URL"),
            (["--icrs-url", "http://127.0.0.1:8080"], "needs --service-token"),
            (["--http", "0.0.0.0:8080"], "loopback"),
            (["--service-token", "short"], "at least 16 characters"),
        ])
    func badFlags(arguments: [String], message: String) throws {
        let binary = try #require(ToolRunner.rerouteBinary)
        let result = try ToolRunner.run(binary, ["gateway"] + arguments)
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        #expect(lines.first?.contains(message) == true, "\(result.stderr)")
    }

    @Test("A bad [routing] section: one line naming file, line and key; exit status 2")
    func badRoutingSection() throws {
        let binary = try #require(ToolRunner.rerouteBinary)
        let path = try Self.write(
            "[isup]\npoint-code = 1\npeer-point-code = 2\n[routing]\nmode = http\ncountry-code = 44\n"
                + "url = ftp://icrs\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try ToolRunner.run(binary, ["gateway", "--config", path])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("\(path):7: [routing] url") == true, "\(result.stderr)")
    }
}
