import Foundation
import RerouteTestSupport

/// Runs external programs for the end-to-end tests: the built `reroute` binary and tshark.
enum ToolRunner {
    typealias Result = ExternalTool.Result

    /// The `reroute` binary built beside this test bundle (or `REROUTE_BIN`).
    static let rerouteBinary: String? = {
        if let path = ProcessInfo.processInfo.environment["REROUTE_BIN"],
            FileManager.default.isExecutableFile(atPath: path)
        {
            return path
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("reroute").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return nil
    }()

    /// tshark from the PATH, if installed.
    static let tshark: String? = which("tshark")

    static func which(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `executable` with `arguments` (see `ExternalTool.runBlocking`): for short runs (seconds); long peer
    /// runs go through `OffPool`.
    static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        try ExternalTool.runBlocking(executable, arguments)
    }
}
