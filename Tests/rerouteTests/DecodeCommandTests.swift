import Foundation
import RerouteTestSupport
import Testing

/// The `reroute decode` command line: exit status, the one-line error naming file and byte offset, and the table.
@Suite("reroute decode command line", .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"))
struct DecodeCommandTests {
    static func decode(_ arguments: [String]) throws -> ToolRunner.Result {
        try ToolRunner.run(try #require(ToolRunner.rerouteBinary), ["decode"] + arguments)
    }

    static func temporaryFile(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reroute-test-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        return url
    }

    @Test("A file that is not a capture: one line naming the file and byte offset 0, exit status 2")
    func notACapture() throws {
        let url = try Self.temporaryFile(Array("GET / HTTP/1.1\r\n\r\nthis is no capture".utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try Self.decode(["--json", url.path])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(url.path) == true)
        #expect(lines.first?.contains("byte offset 0") == true)
    }

    @Test("A truncated capture: the messages before the cut are printed, then one line with the offset, exit 2")
    func truncated() throws {
        let whole = try Data(contentsOf: Fixtures.directory.appendingPathComponent("m3ua_isup.cap"))
        // Cut inside a record: 5000 bytes end in frame 51's record header (offset 4992).
        let url = try Self.temporaryFile(Array(whole.prefix(5000)))
        defer { try? FileManager.default.removeItem(at: url) }
        let result = try Self.decode(["--json", url.path])
        #expect(result.status == 2)
        let records = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
        #expect(records.count == 11)  // ASPUP ×2, ASPUP_ACK ×2, NTFY, ASPAC ×2, ASPAC_ACK ×2, NTFY ×2
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("byte offset 4992") == true)
        #expect(lines.first?.contains(url.path) == true)
    }

    @Test("A missing file: one line with the reason, exit 2")
    func missing() throws {
        let result = try Self.decode(["/nonexistent/reroute/capture.pcap"])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("/nonexistent/reroute/capture.pcap"))
    }

    @Test("Every cut of a capture ends in exit 0 or 2 with at most one error line, never a crash")
    func everyCut() throws {
        let whole = Array(try Data(contentsOf: Fixtures.directory.appendingPathComponent("isup.pcap")))
        for length in stride(from: 0, through: whole.count, by: 7) {
            let url = try Self.temporaryFile(Array(whole.prefix(length)))
            defer { try? FileManager.default.removeItem(at: url) }
            let result = try Self.decode(["--json", url.path])
            #expect(result.status == 0 || result.status == 2, "cut at \(length): status \(result.status)")
            #expect(result.stderr.split(separator: "\n").count <= 1)
        }
    }

    @Test("Table output: one aligned line per message with OPC→DPC, name, CIC and the numbers")
    func table() throws {
        let result = try Self.decode([Fixtures.directory.appendingPathComponent("isup.pcap").path])
        #expect(result.status == 0)
        let lines = String(decoding: result.stdout, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 7)  // header + IAM ACM CPG ANM REL RLC
        let iam = String(try #require(lines.dropFirst().first))
        #expect(iam.contains("3684→15392"))
        #expect(iam.contains("IAM"))
        #expect(iam.contains("called=9084200112"))
        #expect(iam.contains("calling=4996810319"))
        // Aligned: each message name starts under the MESSAGE heading.
        func column(_ line: Substring, _ text: String) -> Int? {
            line.range(of: text).map { line.unicodeScalars.distance(from: line.startIndex, to: $0.lowerBound) }
        }
        let heading = try #require(column(lines[0], "MESSAGE"))
        for (line, name) in zip(lines.dropFirst(), ["IAM", "ACM", "CPG", "ANM", "REL", "RLC"]) {
            #expect(column(line, " \(name) ").map { $0 + 1 } == heading, "\(line)")
        }
    }
}
