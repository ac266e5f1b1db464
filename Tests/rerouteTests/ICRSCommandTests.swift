import Foundation
import RerouteTestSupport
import Testing

/// `reroute icrs` as a process (issue 4 §7): no configuration → loopback and a private PostgreSQL with the
/// migrations applied; HTTP from outside; SIGTERM stops it cleanly and removes the cluster.
@Suite("reroute icrs: the real binary", .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"))
struct ICRSCommandTests {
    static let serviceToken = "binary-test-service-token-42"

    @Test("no configuration: private PostgreSQL, HTTP on loopback, account to route, clean stop",
        .timeLimit(.minutes(8)))
    func runsAloneOverAPrivatePostgreSQL() async throws {
        try await MachineLoadGate.heavy {
            let binary = try #require(ToolRunner.rerouteBinary)
            let sink = FileManager.default.temporaryDirectory.appendingPathComponent("icrs-sms-\(UUID().uuidString).jsonl")
            defer { try? FileManager.default.removeItem(at: sink) }
            let icrs = try ICRSProcess(binary: binary, arguments: [
                "--http", "127.0.0.1:0", "--service-token", Self.serviceToken, "--sms-sink", sink.path,
            ])
            let clusterLine = try await icrs.waitForLine(containing: "private PostgreSQL in ")
            let directory = try #require(clusterLine.components(separatedBy: "private PostgreSQL in ").last?
                .components(separatedBy: " ").first)
            #expect(FileManager.default.fileExists(atPath: directory))
            let http = LiveHTTP(base: "http://127.0.0.1:\(try await icrs.port())")
            #expect(icrs.stdout.contains("schema migrations applied"))

            let created = try await http.send("POST", "/v1/accounts", json: #"{"number": "+447700900700", "password": "correct horse"}"#)
            #expect(created.status == 201, "\(created.text)")
            let started = try await http.send(
                "POST", "/v1/numbers/%2B447700900700/validations", json: #"{"method": "sms_code"}"#)
            #expect(started.status == 201, "\(started.text)")
            let id = try #require(started.json["validation_id"] as? String)
            // The file sink: one JSON object per line, the code as six consecutive digits in "text".
            let line = try #require(try String(contentsOf: sink, encoding: .utf8).split(separator: "\n").last)
            let sms = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            #expect(sms["to"] == "+447700900700")
            #expect(Set(sms.keys) == ["to", "from", "text", "time"])
            let code = try #require(sixDigitCode(in: sms["text"] ?? ""), "no code in \(line)")
            let confirmed = try await http.send("POST", "/v1/validations/\(id)/confirm", json: #"{"code": "\#(code)"}"#)
            #expect(confirmed.status == 200, "\(confirmed.text)")
            let session = try await http.send("POST", "/v1/sessions", json: """
                {"number": "+447700900700", "password": "correct horse",
                 "device": {"id": "phone-1", "name": "Pixel", "vendor": "Google", "os": "Android 15"}}
                """)
            #expect(session.status == 201, "\(session.text)")
            let token = try #require(session.json["token"] as? String)
            let me = try await http.send("GET", "/v1/me", headers: ["Authorization": "Bearer \(token)"])
            #expect(me.status == 200)
            #expect(me.json["primary"] as? String == "+447700900700")
            let route = try await http.send("GET", "/v1/routes/+447700900700", headers: ["X-Service-Token": Self.serviceToken])
            #expect(route.status == 200)
            #expect(route.json["reason"] as? String == "no_device_available")
            let refused = try await http.send("GET", "/v1/routes/+447700900700", headers: ["Authorization": "Bearer \(token)"])
            #expect(refused.status == 401)

            #expect(try await icrs.terminate() == 0)
            #expect(icrs.stdout.contains("icrs: stopped"))
            #expect(!FileManager.default.fileExists(atPath: directory), "the private cluster is removed")
        }
    }

    @Test("plain HTTP on a non-loopback address is refused with one line", .timeLimit(.minutes(8)))
    func refusesPlainHTTPOffLoopback() throws {
        let binary = try #require(ToolRunner.rerouteBinary)
        let result = try ToolRunner.run(binary, ["icrs", "--http", "0.0.0.0:0"])
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("loopback") == true)
    }

    @Test("a bad configuration value is reported as FILE:LINE", .timeLimit(.minutes(8)))
    func reportsConfigurationErrorsWithTheirLine() throws {
        let binary = try #require(ToolRunner.rerouteBinary)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("icrs-\(UUID().uuidString).conf")
        try "[icrs]\nlisten = 127.0.0.1:8080\nmissed-call-number = 12345\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ToolRunner.run(binary, ["icrs", "--config", file.path])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("reroute icrs: \(file.path):3: [icrs] missed-call-number"), "\(result.stderr)")
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../conf/icrs.conf")
        // The shipped example parses (checked by refusing only its listen address, which is loopback: so it would
        // start; here a bad --http makes it stop right after reading the file).
        let shipped = try ToolRunner.run(binary, ["icrs", "--config", example.path, "--http", "nowhere"])
        #expect(shipped.status == 2)
        #expect(shipped.stderr.contains("--http must be HOST:PORT"), "\(shipped.stderr)")
    }
}
