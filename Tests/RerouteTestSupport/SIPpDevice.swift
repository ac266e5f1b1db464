public import Foundation

/// A sipp (Debian `sip-tester`) UAS standing in for one registered device, on a loopback port.
public final class SIPpDevice: @unchecked Sendable {
    public static let executable: String? = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/sipp" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    public let port: Int
    public let process = Process()
    public let directory: URL
    public let log: URL

    /// Starts sipp with `scenario` (`-m 1`: one call, then exit; `-timeout`: never runs unbounded).
    public init(scenario: String, port: Int) throws {
        self.port = port
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sipp-fork-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("scenario.xml")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        log = directory.appendingPathComponent("out.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: Self.executable ?? "/usr/bin/sipp")
        process.currentDirectoryURL = directory
        process.arguments = [
            "-sf", file.path, "-i", "127.0.0.1", "-p", "\(port)", "-t", "u1", "-m", "1", "-nostdin",
            "-timeout", "20s", "-timeout_error", "-trace_err", "-error_file",
            directory.appendingPathComponent("err.log").path,
        ]
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits (bounded) for sipp to end and returns its exit status; kills it at the deadline.
    public func finish(within seconds: Double = 25) async -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return -1
        }
        return process.terminationStatus
    }

    /// sipp's own account of what went wrong, for failure messages.
    public var errors: String {
        let text = (try? String(contentsOf: directory.appendingPathComponent("err.log"), encoding: .utf8)) ?? ""
        return String(text.suffix(1500))
    }

    /// sipp's standard output (its statistics screen at the end), for failure messages.
    public var output: String {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return String(text.suffix(1500))
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: directory)
    }
}
