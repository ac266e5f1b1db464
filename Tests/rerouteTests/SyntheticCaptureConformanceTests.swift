import Foundation
import NIOCore
import RerouteTestSupport
import Testing

/// `reroute decode --json` against tshark on the hand-built captures of `SyntheticCaptures`: the cases the
/// published fixtures lack (IPv6 with VLAN and extension headers, Linux cooked captures, IPv4 fragments, SCTP
/// over UDP, bundling, fragmentation, retransmission, interleaved associations, M2PA, MTP2/MTP3 links, BICC,
/// M3UA management, odd digit counts, codes 11/12, ST, unknown messages and parameters, every file layout).
///
/// Same comparison as `TsharkConformanceTests`: per frame and field, the ordered values must be equal.
@Suite(
    "reroute decode --json agrees with tshark on hand-built captures",
    .enabled(
        if: ToolRunner.tshark != nil && ToolRunner.rerouteBinary != nil,
        "needs tshark and the built reroute binary (scripts/test.sh installs and builds both)"))
struct SyntheticCaptureConformanceTests {
    /// The captures tshark can check, by name (arguments must be `Sendable` and describable).
    static let checkable: [String] = SyntheticCaptures.all().filter { $0.tsharkLimitation == nil }.map(\.name)

    static func capture(named name: String) throws -> SyntheticCapture {
        try #require(SyntheticCaptures.all().first { $0.name == name })
    }

    /// Writes `capture` to a fresh temporary file and returns its path.
    static func write(_ capture: SyntheticCapture) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("reroute-synthetic-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(capture.name)
        try Data(capture.fileBytes.readableBytesView).write(to: url)
        return url
    }

    /// Every field on which reroute and tshark disagree, frame by frame.
    static func disagreements(_ capture: SyntheticCapture) throws -> (found: [String], tsharkFrames: Int) {
        let url = try write(capture)
        defer { try? FileManager.default.removeItem(at: url) }
        let ours = try TsharkConformanceTests.rerouteValues(path: url.path)
        let theirs = try TsharkConformanceTests.tsharkValues(path: url.path, extraOptions: capture.tsharkOptions)
        var found: [String] = []
        for frame in Set(ours.keys).union(theirs.keys).sorted() {
            for (index, field) in TsharkConformanceTests.fields.enumerated() {
                let mine = ours[frame]?[index] ?? []
                let wireshark = theirs[frame]?[index] ?? []
                if mine != wireshark {
                    found.append("frame \(frame) \(field.tshark): reroute \(mine) tshark \(wireshark)")
                }
            }
        }
        return (found, theirs.count)
    }

    @Test("Hand-built capture: zero disagreements with tshark, field by field", arguments: checkable)
    func agreesWithTshark(name: String) throws {
        let result = try Self.disagreements(try Self.capture(named: name))
        #expect(result.found.isEmpty, "\(name): \(result.found.count) disagreements, first: \(result.found.prefix(5))")
        // Not vacuous: tshark found signalling in the capture.
        #expect(result.tsharkFrames > 0, "\(name): tshark dissected no signalling at all")
    }

    /// Q.763 §3.10: a calling party number with no address signal (e.g. "address not available"). tshark shows
    /// "Calling party number: (empty)" and adds no `isup.calling` field; reroute leaves the key out
    /// (docs/decode.md).
    @Test("An empty calling party number: reroute and tshark agree (the key is left out)")
    func emptyCallingNumber() throws {
        let result = try Self.disagreements(SyntheticCaptures.emptyCallingNumber())
        #expect(result.found.isEmpty, "\(result.found)")
    }

    /// tshark has no M3UA-over-TCP dissector (see `SyntheticCaptures.m3uaOverTCP`), so the binary's own output is
    /// checked: every message of every segment, the incomplete one as an error record, and exit status 0.
    @Test("M3UA over TCP (tshark cannot dissect it): reroute reports every framed message and the incomplete one")
    func m3uaOverTCP() throws {
        let capture = SyntheticCaptures.m3uaOverTCP()
        #expect(capture.tsharkLimitation != nil)
        let url = try Self.write(capture)
        defer { try? FileManager.default.removeItem(at: url) }
        let binary = try #require(ToolRunner.rerouteBinary)
        let result = try ToolRunner.run(binary, ["decode", "--json", url.path])
        #expect(result.status == 0, "\(result.stderr)")
        var rows: [String] = []
        for line in result.stdout.split(separator: UInt8(ascii: "\n")) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let frame = (object["frame"] as? NSNumber)?.intValue ?? -1
            let index = (object["index"] as? NSNumber)?.intValue ?? -1
            let m3ua = object["m3ua"] as? [String: Any]
            let isup = object["isup"] as? [String: Any]
            let name = (isup?["name"] as? String) ?? (m3ua?["name"] as? String) ?? "-"
            #expect(object["transport"] as? String == "tcp")
            #expect(object["src"] as? String == "10.1.0.1:40000")
            rows.append("\(frame).\(index) \(name)\(object["error"] == nil ? "" : " error")")
        }
        #expect(
            rows == [
                "1.0 IAM", "1.1 ACM", "1.2 ANM", "2.0 REL", "2.1 RLC", "3.0 BEAT", "3.1 - error", "4.0 ASPUP",
            ])
    }
}
