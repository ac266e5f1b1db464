public import Foundation
import NIOConcurrencyHelpers

/// A real peer process (sipp, baresip) from its Debian binary, bounded by `timeout(1)`, its output collected.
public final class EdgePeer: @unchecked Sendable {
    public let process = Process()
    public let directory: URL
    private let output = Pipe()
    private let collected = NIOLockedValueBox(Data())

    public static func find(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public static let sipp = find("sipp")
    public static let baresip = find("baresip")

    public init(_ executable: String, _ arguments: [String], seconds: Int, directory: URL) throws {
        self.directory = directory
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["--signal=KILL", "\(seconds)", executable] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let collected = self.collected
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            collected.withLockedValue { $0.append(data) }
        }
        try process.run()
    }

    public var text: String { String(decoding: collected.withLockedValue { $0 }, as: UTF8.self) }

    /// The file `name` in the peer's directory (sipp's message trace), "" when absent.
    public func file(_ name: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    /// Waits (bounded) for the exit; kills the peer at the deadline.
    public func waitForExit(seconds: Double) async -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill() }
        output.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }

    /// SIGKILL to the peer itself (the child of timeout(1)), then to timeout(1).
    public func kill() {
        let pkill = Process()
        pkill.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
        pkill.arguments = ["-KILL", "-P", "\(process.processIdentifier)"]
        try? pkill.run()
        pkill.waitUntilExit()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    public static func temporaryDirectory(_ prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    deinit {
        if process.isRunning { kill() }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A headless baresip 1.0 registering over `transport` with digest through the edge's address and answering every
/// call at once (`answermode=auto`).
public enum BaresipDevice {
    public static func start(
        user: String, password: String, edgePort: Int, transport: String, domain: String = "reroute.test",
        seconds: Int = 60
    ) throws -> EdgePeer {
        let directory = try EdgePeer.temporaryDirectory("baresip-edge")
        let port = Int(LoopbackPorts.freeTCPPort())
        let config = """
            module_path /usr/lib/baresip/modules
            sip_listen 127.0.0.1:\(port)
            module account.so
            module menu.so
            module g711.so
            audio_player aubridge,nil
            audio_source aubridge,nil

            """
        try config.write(to: directory.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        let account = "<sip:\(user)@\(domain);transport=\(transport)>;auth_pass=\(password);"
            + "outbound=\"sip:127.0.0.1:\(edgePort);transport=\(transport)\";regint=300;answermode=auto\n"
        try account.write(to: directory.appendingPathComponent("accounts"), atomically: true, encoding: .utf8)
        // Line-buffered stdout (stdbuf), so its call log reaches the test while it runs.
        return try EdgePeer(
            "/usr/bin/stdbuf", ["-oL", "-eL", EdgePeer.baresip!, "-f", directory.path], seconds: seconds,
            directory: directory)
    }
}

