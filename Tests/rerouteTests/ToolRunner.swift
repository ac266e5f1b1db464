import Foundation

/// Runs external programs for the end-to-end tests: the built `reroute` binary and tshark.
enum ToolRunner {
    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

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

    /// Runs `executable` with `arguments`; standard error goes through a temporary file so that a large standard
    /// output can be read to the end without either pipe blocking the child.
    static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("reroute-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let errHandle = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errHandle.close()
        let errText = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, stdout: outData, stderr: errText)
    }
}
