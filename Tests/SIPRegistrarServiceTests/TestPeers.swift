import Foundation
import SIPRegistrar
import SIPRegistrarService

/// Records device-state changes in memory, stamped with the registrar's time of each change, and lets a test wait for one, with a deadline (no sleeping for timing).
actor RecordingDeviceStateRecorder: DeviceStateRecorder {
    private(set) var changes: [(Date, SIPDeviceStateChange)] = []
    private var waiters: [(id: UUID, predicate: @Sendable (SIPDeviceStateChange) -> Bool,
        continuation: CheckedContinuation<(Date, SIPDeviceStateChange)?, Never>)] = []

    func record(_ change: SIPDeviceStateChange, at time: Date) {
        let entry = (time, change)
        changes.append(entry)
        let ready = waiters.filter { $0.predicate(change) }
        waiters.removeAll { waiter in ready.contains { $0.id == waiter.id } }
        for waiter in ready { waiter.continuation.resume(returning: entry) }
    }

    /// The first change (already recorded or still to come) matching `predicate`, or nil after `timeout` seconds.
    func wait(for timeout: Double, _ predicate: @escaping @Sendable (SIPDeviceStateChange) -> Bool) async
        -> (Date, SIPDeviceStateChange)?
    {
        if let found = changes.first(where: { predicate($0.1) }) { return found }
        let id = UUID()
        let timer = Task {
            try? await Task.sleep(for: .seconds(timeout))
            await self.expire(id)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            waiters.append((id, predicate, continuation))
        }
    }

    private func expire(_ id: UUID) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: nil)
    }
}

/// Credentials from a fixed table (the routing-server-backed store is tested separately).
struct StaticCredentialStore: SIPCredentialStore {
    var users: [String: SIPDigestCredentials]

    func digestCredentials(username: String) async throws -> SIPDigestCredentials? { users[username] }
}

extension SIPDeviceStateChange {
    var isRegistered: Bool { if case .registered = self { true } else { false } }
    var isRefreshed: Bool { if case .refreshed = self { true } else { false } }
    var isLost: Bool { if case .connectionLost = self { true } else { false } }
    var isUnregistered: Bool { if case .deregistered(_, .unregistered) = self { true } else { false } }
}

/// A real peer process (sipp, baresip) run from its Debian binary, bounded by `timeout(1)`.
final class PeerProcess: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    private var collected = Data()
    private let lock = NSLock()

    static func find(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts `executable arguments…` under `timeout --signal=KILL seconds`, in `directory`.
    init(_ executable: String, _ arguments: [String], seconds: Int, directory: URL) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["--signal=KILL", "\(seconds)", executable] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.lock.lock()
            self.collected.append(data)
            self.lock.unlock()
        }
        try process.run()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: collected, as: UTF8.self)
    }

    /// Sends `signal` to the peer itself (the child of timeout(1)).
    func signalPeer(_ signal: Int32) {
        let pkill = Process()
        pkill.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
        pkill.arguments = ["-\(signal)", "-P", "\(process.processIdentifier)"]
        try? pkill.run()
        pkill.waitUntilExit()
    }

    /// Waits for the exit, bounded: kills the peer after `seconds`.
    func waitForExit(seconds: Double) async -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            signalPeer(SIGKILL)
            process.waitUntilExit()
        }
        output.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }

    static func temporaryDirectory(_ prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}
