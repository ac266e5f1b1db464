import Foundation
import NIOConcurrencyHelpers
import RerouteTestSupport
import SIPCallService
import SIPRegistrar
import SIPRegistrarService

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
