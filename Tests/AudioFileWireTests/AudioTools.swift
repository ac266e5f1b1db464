import Foundation
import RerouteTestSupport

/// Runs the reference tools (sox, soxi, opusenc, opusinfo, opusdec, espeak-ng from Debian) in a scratch directory.
struct AudioTools {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("audio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func remove() {
        if let keep = ProcessInfo.processInfo.environment["REROUTE_KEEP_AUDIO"] {
            try? FileManager.default.copyItem(atPath: directory.path, toPath: keep + "/" + directory.lastPathComponent)
        }
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func available(_ tool: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/\(tool)")
    }

    /// Runs `/usr/bin/<tool>` in the scratch directory; returns its exit status and output (stdout, then stderr).
    @discardableResult
    func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let result = try ExternalTool.runBlocking("/usr/bin/\(tool)", arguments, in: directory)
        return (result.status, result.output)
    }

    func read(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path(name)))) }

    func write(_ bytes: [UInt8], to name: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path(name))) }
}

