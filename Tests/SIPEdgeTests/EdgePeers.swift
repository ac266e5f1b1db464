import Foundation
import NIOConcurrencyHelpers
import RerouteTestSupport
import SIPCallService
import SIPRegistrar
import SIPRegistrarService

/// A real peer process (sipp, baresip) from its Debian binary, bounded by `timeout(1)`, its output collected.
final class EdgePeer: @unchecked Sendable {
    let process = Process()
    let directory: URL
    private let output = Pipe()
    private let collected = NIOLockedValueBox(Data())

    static func find(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let sipp = find("sipp")
    static let baresip = find("baresip")

    init(_ executable: String, _ arguments: [String], seconds: Int, directory: URL) throws {
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

    var text: String { String(decoding: collected.withLockedValue { $0 }, as: UTF8.self) }

    /// The file `name` in the peer's directory (sipp's message trace), "" when absent.
    func file(_ name: String) -> String {
        (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    /// Waits (bounded) for the exit; kills the peer at the deadline.
    func waitForExit(seconds: Double) async -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill() }
        output.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }

    /// SIGKILL to the peer itself (the child of timeout(1)), then to timeout(1).
    func kill() {
        let pkill = Process()
        pkill.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
        pkill.arguments = ["-KILL", "-P", "\(process.processIdentifier)"]
        try? pkill.run()
        pkill.waitUntilExit()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    deinit {
        if process.isRunning { kill() }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A sipp device: registers over UDP with MD5 digest (`-au`/`-ap`), stays registered for `seconds`, and plays
/// `outOfCall` for every request outside its REGISTER call (`-oocsf`: INVITE, MESSAGE); `-aa` answers OPTIONS probes.
/// Every message it sees is traced to `messages.log`.
enum SIPpEdgeDevice {
    static func start(
        user: String, password: String, edgePort: Int, outOfCall: String, seconds: Int
    ) throws -> EdgePeer {
        let directory = try EdgePeer.temporaryDirectory("sipp-edge")
        let main = directory.appendingPathComponent("register.xml")
        try EdgeScenarios.registerAndStay(milliseconds: seconds * 1000).write(
            to: main, atomically: true, encoding: .utf8)
        let ooc = directory.appendingPathComponent("ooc.xml")
        try outOfCall.write(to: ooc, atomically: true, encoding: .utf8)
        let local = Int(LoopbackPorts.freeUDPPort())
        return try EdgePeer(
            EdgePeer.sipp!,
            [
                "127.0.0.1:\(edgePort)", "-sf", main.path, "-oocsf", ooc.path, "-t", "u1", "-i", "127.0.0.1", "-p",
                "\(local)", "-m", "1", "-s", user, "-au", user, "-ap", password, "-aa", "-nostdin", "-timeout",
                "\(seconds + 10)s", "-trace_msg", "-message_file",
                directory.appendingPathComponent("messages.log").path,
                "-trace_err", "-error_file", directory.appendingPathComponent("errors.log").path,
            ],
            seconds: seconds + 15, directory: directory)
    }
}

/// A headless baresip 1.0 registering over `transport` with digest through the edge's address and answering every
/// call at once (`answermode=auto`).
enum BaresipDevice {
    static func start(user: String, password: String, edgePort: Int, transport: String, seconds: Int = 60)
        throws -> EdgePeer
    {
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
        let account = "<sip:\(user)@reroute.test;transport=\(transport)>;auth_pass=\(password);"
            + "outbound=\"sip:127.0.0.1:\(edgePort);transport=\(transport)\";regint=300;answermode=auto\n"
        try account.write(to: directory.appendingPathComponent("accounts"), atomically: true, encoding: .utf8)
        // Line-buffered stdout (stdbuf), so its call log reaches the test while it runs.
        return try EdgePeer(
            "/usr/bin/stdbuf", ["-oL", "-eL", EdgePeer.baresip!, "-f", directory.path], seconds: seconds,
            directory: directory)
    }
}

/// Device-state changes in memory, waited for with a deadline.
final class EdgeRecorder: DeviceStateRecorder {
    let changes = NIOLockedValueBox<[SIPDeviceStateChange]>([])

    func record(_ change: SIPDeviceStateChange, at time: Date) async { changes.withLockedValue { $0.append(change) } }

    func registered(_ aor: String, within seconds: Double = 15) async -> SIPBinding? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let found = changes.withLockedValue { changes in
                changes.lazy.compactMap { change -> SIPBinding? in
                    if case .registered(let binding) = change, binding.aor == aor { return binding }
                    return nil
                }.first
            }
            if let found { return found }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}

/// Credentials from a fixed table: every user's device belongs to `account`.
struct EdgeCredentials: SIPCredentialStore {
    var users: [String: String]
    var account: String

    func digestCredentials(username: String) async throws -> SIPDigestCredentials? {
        guard let password = users[username] else { return nil }
        return SIPDigestCredentials(
            username: username, password: password, realm: "reroute.test", accountID: account,
            deviceID: "dev-\(username)")
    }
}

/// A call's events, waited for with a deadline.
final class EventLog: Sendable {
    let events = NIOLockedValueBox<[SIPCallEvent]>([])

    func record(_ event: SIPCallEvent) { events.withLockedValue { $0.append(event) } }

    func wait(seconds: Double = 20, _ predicate: @escaping @Sendable (SIPCallEvent) -> Bool) async -> SIPCallEvent? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let event = events.withLockedValue({ $0.first(where: predicate) }) { return event }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    var all: [SIPCallEvent] { events.withLockedValue { $0 } }
}

extension SIPCallEvent {
    var isAnswered: Bool { if case .answered = self { true } else { false } }
    var isFailed: Bool { if case .failed = self { true } else { false } }
    var isEnd: Bool {
        switch self {
        case .failed, .released: true
        default: false
        }
    }
}
