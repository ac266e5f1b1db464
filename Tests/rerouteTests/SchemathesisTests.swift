import Foundation
import RerouteTestSupport
import Testing

/// schemathesis (property-based API testing from the OpenAPI document) against `docs/openapi.yaml` and the live
/// `reroute icrs` (issue 4 §8): no 5xx, every status, header, content type and body as the document says.
///
/// schemathesis lives in a virtualenv made by `scripts/setup.sh` (`REROUTE_VENV`, default
/// `~/.cache/reroute-venv`). The test is skipped only when there is no python3 at all; a missing schemathesis
/// with python present is a failure, never a silent pass.
@Suite("schemathesis: docs/openapi.yaml against the live server",
    .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"))
struct SchemathesisTests {
    static let venv = ProcessInfo.processInfo.environment["REROUTE_VENV"]
        ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/reroute-venv").path
    static let python = ToolRunner.which("python3")
    static let specification = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../docs/openapi.yaml").standardizedFileURL.path
    static let serviceToken = "schemathesis-service-token-7"

    @Test("no server error and no schema violation",
        .enabled(if: python != nil, "python3 is not installed, so schemathesis cannot run (scripts/setup.sh installs it)"),
        .timeLimit(.minutes(10)))
    func cleanRun() async throws {
        try await MachineLoadGate.heavy {
            let binary = try #require(ToolRunner.rerouteBinary)
            let schemathesis = Self.venv + "/bin/schemathesis"
            try #require(
                FileManager.default.isExecutableFile(atPath: schemathesis),
                "schemathesis is not installed in \(Self.venv): run `source scripts/setup.sh; reroute_setup`")
            let sink = FileManager.default.temporaryDirectory.appendingPathComponent("st-sms-\(UUID().uuidString).jsonl")
            defer { try? FileManager.default.removeItem(at: sink) }
            let icrs = try ICRSProcess(binary: binary, arguments: [
                "--http", "127.0.0.1:0", "--service-token", Self.serviceToken, "--sms-sink", sink.path,
            ])
            let base = "http://127.0.0.1:\(try await icrs.port())"
            let http = LiveHTTP(base: base)

            // A logged-in account and a carrier, so that authenticated routes answer more than 401.
            _ = try await http.send("POST", "/v1/accounts", json: #"{"number": "+447700900800", "password": "correct horse"}"#)
            let started = try await http.send(
                "POST", "/v1/numbers/+447700900800/validations", json: #"{"method": "sms_code"}"#)
            let id = try #require(started.json["validation_id"] as? String, "\(started.text)")
            let line = try #require(try String(contentsOf: sink, encoding: .utf8).split(separator: "\n").last)
            let sms = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            let code = try #require(sixDigitCode(in: sms["text"] ?? ""), "no code in \(line)")
            #expect(try await http.send("POST", "/v1/validations/\(id)/confirm", json: #"{"code": "\#(code)"}"#).status == 200)
            let session = try await http.send("POST", "/v1/sessions", json: """
                {"number": "+447700900800", "password": "correct horse",
                 "device": {"id": "phone-1", "name": "Pixel", "vendor": "Google", "os": "Android 15"}}
                """)
            let token = try #require(session.json["token"] as? String, "\(session.text)")
            let carrier = try await http.send("POST", "/v1/admin/carriers", json: """
                {"country": "GB", "mcc": "234", "mnc": "15", "name": "Test", "technology": "gsm",
                 "c_number": "+447700100100", "prefixes": ["+447700"], "provisioning": {"type": "none"}}
                """, headers: ["X-Service-Token": Self.serviceToken])
            #expect(carrier.status == 201)

            let result = try await Self.run(schemathesis, [
                "--no-color", "run", Self.specification, "--url", base,
                "-H", "Authorization: Bearer \(token)", "-H", "X-Service-Token: \(Self.serviceToken)",
                "--checks", "all", "--exclude-checks", "positive_data_acceptance",
                "--max-examples", "40", "--seed", "4", "--generation-database", "none", "--request-timeout", "20", "--workers", "1",
            ])
            let report = result.output
            #expect(result.status == 0, "schemathesis found problems:\n\(report.suffix(6000))")
            #expect(report.contains("passed"), "\(report.suffix(2000))")
            // The summary (operations, phases, cases) for the log.
            print(report.split(separator: "\n").filter { $0.contains("generated") || $0.contains("Tested:") }
                .joined(separator: "\n"))
            #expect(try await icrs.terminate() == 0)
        }
    }

    /// Runs schemathesis in a scratch directory (it keeps a cache of crashes in `./.schemathesis`), output and
    /// errors to one file read at the end.
    static func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await OffPool.run { try runBlocking(executable, arguments) }
    }

    static func runBlocking(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let log = scratch.appendingPathComponent("output.txt")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = scratch
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}
