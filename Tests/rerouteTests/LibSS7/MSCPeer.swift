import Foundation
import RerouteTestSupport

/// `msc-peer.c` (Asterisk's libss7 playing the MSC), compiled at test time and run on one end of a
/// ``SeqPacketLink``. libss7 is GPLv2: it is linked only into this throw-away test program, never into Reroute.
enum MSCPeer {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// What one run printed, and how it ended.
    struct Run {
        var status: Int32
        var lines: [String]
        var standardError: String

        /// The `SUMMARY` line's `key=value` pairs.
        var summary: [String: Int] {
            guard let line = lines.last(where: { $0.hasPrefix("SUMMARY ") }) else { return [:] }
            var fields: [String: Int] = [:]
            for field in line.split(separator: " ").dropFirst() {
                let parts = field.split(separator: "=", maxSplits: 1)
                if parts.count == 2, let value = Int(parts[1]) { fields[String(parts[0])] = value }
            }
            return fields
        }

        /// The lines that report a failure of the exchange.
        var failures: [String] { lines.filter { $0.hasPrefix("FAILURE ") } }

        /// Each call's events in order, split per circuit: a call starts at `IAM_SENT`/`IAM_RECEIVED` and ends at
        /// `OUTGOING_COMPLETE`/`INCOMING_COMPLETE` (or at the next IAM on the circuit).
        var calls: [[String]] {
            var open: [Int: [String]] = [:]
            var done: [[String]] = []
            for line in lines {
                let words = line.split(separator: " ")
                guard let event = words.first, let cicField = words.dropFirst().first(where: { $0.hasPrefix("cic=") }),
                    let cic = Int(cicField.dropFirst(4)), !event.hasPrefix("GR")
                else { continue }
                if event.hasPrefix("IAM_"), let unfinished = open.removeValue(forKey: cic) { done.append(unfinished) }
                open[cic, default: []].append(String(event))
                if event.hasSuffix("_COMPLETE"), let finished = open.removeValue(forKey: cic) { done.append(finished) }
            }
            return done + open.values
        }
    }

    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("msc-peer.c")
    static let compiler: String? = ToolRunner.which("gcc") ?? ToolRunner.which("cc") ?? ToolRunner.which("clang")
    static let isAvailable = FileManager.default.fileExists(atPath: "/usr/include/libss7.h") && compiler != nil

    /// The program, built once per test process into a temporary directory.
    static let binary: Result<String, Failure> = {
        guard let compiler else { return .failure(Failure(description: "no C compiler (gcc, cc or clang)")) }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("reroute-libss7-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let output = directory.appendingPathComponent("msc-peer").path
            let result = try ToolRunner.run(compiler, ["-O1", "-Wall", "-o", output, source.path, "-lss7"])
            guard result.status == 0 else {
                return .failure(Failure(description: "\(compiler) failed on msc-peer.c: \(result.stderr)"))
            }
            return .success(output)
        } catch {
            return .failure(Failure(description: "cannot compile msc-peer.c: \(error)"))
        }
    }()

    /// A running peer; `wait()` collects its output.
    final class Running {
        private let process = Foundation.Process()
        private let output = Pipe()
        private let errorURL: URL

        /// Starts the peer with `arguments`, its standard input being the link, bounded by `timeout` (`timeout(1)`
        /// kills it a few seconds after its own deadline should it hang).
        init(arguments: [String], link: SeqPacketLink, timeout seconds: Int) throws {
            let binary = try MSCPeer.binary.get()
            // REROUTE_LIBSS7_TRACE=1 puts libss7's MTP2/MTP3/ISUP trace in the failure report.
            let tracing = ProcessInfo.processInfo.environment["REROUTE_LIBSS7_TRACE"] != nil
            let arguments = arguments + (tracing ? ["--verbose"] : [])
            errorURL = FileManager.default.temporaryDirectory
                .appendingPathComponent("msc-peer-\(UUID().uuidString).err")
            _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
            if let timeout = ToolRunner.which("timeout") {
                process.executableURL = URL(fileURLWithPath: timeout)
                process.arguments = ["-k", "5", "\(seconds + 5)", binary] + arguments + ["--timeout", "\(seconds)"]
            } else {
                process.executableURL = URL(fileURLWithPath: binary)
                process.arguments = arguments + ["--timeout", "\(seconds)"]
            }
            process.standardInput = FileHandle(fileDescriptor: link.remoteDescriptor, closeOnDealloc: false)
            process.standardOutput = output
            process.standardError = try FileHandle(forWritingTo: errorURL)
            try process.run()
            link.closeRemoteEnd()
        }

        /// Reads the output to its end (the peer's exit) and returns it.
        func wait() -> Run {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let errors = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
            let tracing = ProcessInfo.processInfo.environment["REROUTE_LIBSS7_TRACE"] != nil
            if !tracing { try? FileManager.default.removeItem(at: errorURL) }
            return Run(
                status: process.terminationStatus,
                lines: String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init),
                standardError: tracing ? "\(errors.suffix(1000))\n(whole trace: \(errorURL.path))" : errors)
        }
    }
}
