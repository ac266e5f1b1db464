import Foundation
import SMSFileSink
import Testing

@Suite("SMS file sink (issue 4 §3: one JSON object per line per message)")
struct SMSFileSinkTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sms-sink-\(UUID().uuidString).jsonl").path
    }

    static func lines(_ path: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: String])
        }
    }

    @Test("The documented line: to, from, text, time (ISO 8601 UTC)")
    func oneLine() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fixed = Date(timeIntervalSince1970: 1_767_225_600.25)  // 2026-01-01T00:00:00.250Z
        let sink = try SMSFileSink(path: path, now: { fixed })
        let id = try await sink.send(to: "+447700900123", from: "Reroute", text: "Your code is 123456")
        #expect(id == "file-1")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            text
                == "{\"to\": \"+447700900123\", \"from\": \"Reroute\", \"text\": \"Your code is 123456\", "
                + "\"time\": \"2026-01-01T00:00:00.250Z\"}\n")
    }

    @Test("RFC 8259 §7: quotes, backslashes, control characters and non-ASCII text survive a JSON parser")
    func escaping() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try SMSFileSink(path: path)
        let nasty = "say \"hi\"\\ \n\t\u{01} Код 🙂"
        try await sink.send(to: "+15551234567", from: "+15557654321", text: nasty)
        let rows = try Self.lines(path)
        #expect(rows.count == 1)
        #expect(rows[0]["text"] == nasty)
        let time = try #require(rows[0]["time"])
        #expect(time.hasSuffix("Z"))
        #expect(
            try Date(time, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)) <= Date())
    }

    @Test("Concurrent senders (two sinks on one file, 200 messages): every line whole, none lost")
    func concurrent() async throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try SMSFileSink(path: path)
        let second = try SMSFileSink(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                let sink = index % 2 == 0 ? first : second
                group.addTask {
                    try await sink.send(
                        to: "+4477009\(String(format: "%05d", index))", from: "Reroute",
                        text: String(repeating: "x", count: index) + " \(index)")
                }
            }
            try await group.waitForAll()
        }
        let rows = try Self.lines(path)
        #expect(rows.count == 200)
        let numbers = Set(rows.compactMap { $0["text"]?.split(separator: " ").last.flatMap { Int($0) } })
        #expect(numbers == Set(0..<200))
    }

    @Test("A path that cannot be opened: one clear error naming it")
    func unopenable() {
        do {
            _ = try SMSFileSink(path: "/nonexistent-dir/sms.jsonl")
            Issue.record("opened")
        } catch {
            #expect(error.description == "/nonexistent-dir/sms.jsonl: No such file or directory")
        }
    }
}
