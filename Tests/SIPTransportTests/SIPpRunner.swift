import Foundation

/// Runs sipp (Debian `sip-tester`), the SIP test tool nobody here wrote, as the peer of the transport tests.
enum SIPpRunner {
    static let executable: String? = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/sipp" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Result {
        var status: Int32
        var output: String
    }

    /// An OPTIONS client: sends `calls` OPTIONS requests and expects a 200 to each (RFC 3261 §11).
    static let optionsScenario = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="options">
          <send retrans="500">
            <![CDATA[
              OPTIONS sip:ping@[remote_ip]:[remote_port] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
              To: <sip:ping@[remote_ip]:[remote_port]>
              Call-ID: [call_id]
              CSeq: 1 OPTIONS
              Max-Forwards: 70
              Content-Length: [len]

            ]]>
          </send>
          <recv response="200" />
        </scenario>
        """

    /// A server answering OPTIONS with 200 (for the transport's outgoing side).
    static let optionsServerScenario = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="options-uas">
          <recv request="OPTIONS" />
          <send>
            <![CDATA[
              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: [len]

            ]]>
          </send>
        </scenario>
        """

    /// Runs sipp with `scenario` against `target`, bounded by `-m` and a global timeout.
    static func run(scenario: String, transport: String, arguments: [String]) throws -> Result {
        guard let executable else { return Result(status: -1, output: "sipp not installed") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sipp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("scenario.xml")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.currentDirectoryURL = directory
        process.arguments = ["-sf", file.path, "-t", transport, "-nostdin", "-timeout", "20s", "-timeout_error"]
            + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
