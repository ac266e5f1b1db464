public import Foundation

/// Runs a program to completion for a test (tshark, sox, opus-tools, openssl, the `reroute` binary): standard output
/// through a pipe read to the end, standard error through a temporary file, so neither pipe can fill and block the
/// child; no standard input.
public enum ExternalTool {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: String

        /// Standard output as text, then standard error.
        public var output: String { String(decoding: stdout, as: UTF8.self) + stderr }
    }

    /// Blocks the calling thread until the program exits; async tests call `run(_:_:in:)`, which does this off the
    /// cooperative pool.
    public static func runBlocking(
        _ executable: String, _ arguments: [String], in directory: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
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
