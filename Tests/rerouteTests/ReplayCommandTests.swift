import Foundation
import NIOCore
import PCAPWire
import RerouteTestSupport
import Testing

/// `reroute replay` end to end: the written capture is read by tshark with no malformed packet and no warning.
@Suite("reroute replay", .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"))
struct ReplayCommandTests {
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("reroute-replay-\(UUID().uuidString).pcap").path
    }

    @Test(
        "Every fixture with calls: tshark decodes the answers with no malformed packet or warning (Q.764 flows)",
        .enabled(if: ToolRunner.tshark != nil, "needs tshark"),
        arguments: ["m3ua_isup.cap", "isup.cap", "isup.pcap"])
    func tsharkReadsTheAnswers(name: String) throws {
        let out = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let binary = try #require(ToolRunner.rerouteBinary)
        let replay = try ToolRunner.run(
            binary, ["replay", Fixtures.directory.appendingPathComponent(name).path, "--out", out, "--fast", "--quiet"])
        #expect(replay.status == 0, "\(replay.stderr)")
        let tshark = try #require(ToolRunner.tshark)
        let problems = try ToolRunner.run(
            tshark, ["-r", out, "-Y", "_ws.malformed || _ws.expert.severity >= warning", "-T", "fields", "-e", "frame.number"])
        #expect(problems.status == 0)
        #expect(String(decoding: problems.stdout, as: UTF8.self).isEmpty, "frames with problems in \(name)")
        let types = try ToolRunner.run(tshark, ["-r", out, "-T", "fields", "-e", "isup.message_type"])
        let names = String(decoding: types.stdout, as: UTF8.self).split(separator: "\n")
        #expect(names.filter { $0 == "6" }.count == (name == "m3ua_isup.cap" ? 94 : 1))  // one ACM per IAM
    }

    @Test("Bad options: one clear line and a non-zero exit")
    func badOptions() throws {
        let binary = try #require(ToolRunner.rerouteBinary)
        let capture = Fixtures.directory.appendingPathComponent("isup.cap").path
        for arguments in [["--scenario", "reject:300"], ["--cics", "5-1"], ["--point-code", "99999"]] {
            let result = try ToolRunner.run(binary, ["replay", capture, "--out", Self.temporaryPath()] + arguments)
            #expect(result.status != 0)
            #expect(result.stderr.contains(arguments[0]), "\(result.stderr)")
        }
        let notCapture = try ToolRunner.run(binary, ["replay", "/etc/hostname", "--out", Self.temporaryPath()])
        #expect(notCapture.status == 2)
        #expect(notCapture.stderr.split(separator: "\n").count == 1)
    }
}

/// Real time and `--fast` differ only in pacing: the same capture gives the same answers at the same virtual times.
@Suite("reroute replay in real time", .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"))
struct ReplayRealTimeTests {
    @Test("Without --fast the written capture equals the --fast one, byte for byte")
    func realTimeEqualsFast() throws {
        // isup.cap's call squeezed into 0.5 s: frames 0.1 s apart.
        var reader = try CaptureReader(try Fixtures.load("isup.cap"))
        var writer = PCAPWriter(linkType: .ethernet, resolution: .microseconds, byteOrder: .little)
        var index: Int64 = 0
        while var frame = try reader.next() {
            frame.timestamp = CaptureTimestamp(seconds: 1_700_000_000, nanoseconds: UInt32(index * 100_000_000))
            writer.append(frame)
            index += 1
        }
        let input = ReplayCommandTests.temporaryPath()
        try Data(writer.bytes.readableBytesView).write(to: URL(fileURLWithPath: input))
        let fastOut = ReplayCommandTests.temporaryPath()
        let realOut = ReplayCommandTests.temporaryPath()
        defer { for path in [input, fastOut, realOut] { try? FileManager.default.removeItem(atPath: path) } }
        let binary = try #require(ToolRunner.rerouteBinary)
        let common = ["--answer-after", "0.1", "--quiet"]
        let fast = try ToolRunner.run(binary, ["replay", input, "--out", fastOut, "--fast"] + common)
        let real = try ToolRunner.run(binary, ["replay", input, "--out", realOut] + common)
        #expect(fast.status == 0 && real.status == 0, "\(fast.stderr) \(real.stderr)")
        let fastBytes = try Data(contentsOf: URL(fileURLWithPath: fastOut))
        #expect(!fastBytes.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: realOut)) == fastBytes)
    }
}
