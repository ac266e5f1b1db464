import ArgumentParser
import Foundation
import SignallingCapture

/// `reroute demo`: decodes the bundled captures, shows Reroute's answers to the MSC capture, runs a live M3UA link
/// with calls on loopback, then the forwarded-call story end to end (routing server on a private PostgreSQL,
/// registrar, SIP fork to sipp devices); exits 1 when a call of the story did not behave as expected.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Decode the bundled captures, run calls over a live M3UA link, then forwarded calls end to end."
    )

    @Option(help: "Folder of captures to decode.")
    var captures: String = "pcap-fixtures"

    @Option(help: "Calls to place over the live loopback link (0: skip it).")
    var calls: Int = 200

    @Flag(help: "Skip the forwarded-call story (it starts a private PostgreSQL and sipp devices).")
    var noCalls = false

    @Option(help: "Where the story writes each call's ladder.")
    var out: String = "demo-output"

    func run() throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: captures)
                .filter { !$0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
        } catch {
            printError("reroute demo: \(captures): cannot list the folder")
            throw ExitCode(2)
        }
        var output = OutputStream()
        defer { output.flush() }
        output.write(line: "Reroute demo: SS7 signalling in \(names.count) captures from \(captures)/")
        output.write(line: "")
        output.write(line: SignallingTable.pad("CAPTURE", 36) + SignallingTable.pad("FRAMES", 8)
            + SignallingTable.pad("MSGS", 6) + "MESSAGES")
        var showcase: [(String, [SignallingRecord])] = []
        var quiet: [String] = []
        for name in names {
            var records: [SignallingRecord] = []
            let frames: Int
            do {
                var source = try CaptureSource(path: captures + "/" + name)
                try source.forEachRecord { records.append($0) }
                frames = source.frames
            } catch {
                continue  // CaptureSource already printed the one-line reason.
            }
            guard !records.isEmpty else {
                quiet.append(name)
                continue
            }
            output.write(line: SignallingTable.pad(name, 36) + SignallingTable.pad(String(frames), 8)
                + SignallingTable.pad(String(records.count), 6) + Self.counts(records))
            if records.contains(where: { $0.userPart?.name == "IAM" }) { showcase.append((name, records)) }
        }
        if !quiet.isEmpty {
            output.write(line: "(\(quiet.count) more captures carry no SS7 signalling: \(quiet.joined(separator: ", ")))")
        }
        let table = SignallingTable()
        for (name, records) in showcase {
            guard let iam = records.first(where: { $0.userPart?.name == "IAM" }), let cic = iam.userPart?.cic else { continue }
            output.write(line: "")
            output.write(line: "First call in \(name) (CIC \(cic)):")
            output.write(line: SignallingTable.header)
            for record in records where record.userPart?.cic == cic && record.frame >= iam.frame {
                output.write(line: table.line(for: record))
                if record.userPart?.name == "RLC" { break }
            }
        }
        if let (name, records) = showcase.max(by: { $0.1.count < $1.1.count }) {
            Self.showReplay(name: name, records: records, output: &output)
        }
        output.flush()
        if calls > 0 { Self.showLiveLink(calls: calls, output: &output) }
        if !noCalls {
            let ok = Self.showCalls(out: URL(fileURLWithPath: out), output: &output)
            output.flush()
            if !ok {
                printError("reroute demo: a forwarded call did not behave as expected (see the summary above)")
                throw ExitCode(1)
            }
        }
    }

    /// "IAM×94 ACM×94 …" in order of first appearance.
    static func counts(_ records: [SignallingRecord]) -> String {
        var order: [String] = []
        var counts: [String: Int] = [:]
        for record in records {
            let name = record.error == nil ? record.messageName : "undecodable"
            if counts[name] == nil { order.append(name) }
            counts[name, default: 0] += 1
        }
        return order.map { "\($0)×\(counts[$0] ?? 0)" }.joined(separator: " ")
    }
}
