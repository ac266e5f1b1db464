import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#endif

/// One event the test SMSC (scripts/smpp-test-peer.py, built on PyPI's smpp34) printed.
public struct PeerEvent: Decodable, Sendable {
    public var event: String
    public var session: String?
    public var system_id: String?
    public var source: String?
    public var source_ton: Int?
    public var destination: String?
    public var dest_ton: Int?
    public var data_coding: Int?
    public var esm_class: Int?
    public var registered_delivery: Int?
    public var text_hex: String?
    public var message_id: String?
    public var status: Int?
    public var message: String?

    /// The submitted short message's octets.
    public var textBytes: [UInt8] {
        guard let hex = text_hex else { return [] }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}

public struct PeerError: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

/// An SMSC on 127.0.0.1 that nobody here wrote: the smpp34 SMPP 3.4 server (PyPI), driven by a small script.
/// scripts/setup.sh installs it into a venv (`REROUTE_SMPP_VENV`, default ~/.cache/reroute/smpp-venv).
public final class SMPPTestPeer: @unchecked Sendable {
    public let port: Int
    private let lock = NIOLock()
    private var events: [PeerEvent] = []
    private var cursor = 0
    private var partial = Data()
    private var process: Process?
    private var input: FileHandle?

    public static var python: String {
        let environment = ProcessInfo.processInfo.environment
        let cache = environment["XDG_CACHE_HOME"] ?? (NSHomeDirectory() + "/.cache")
        let venv = environment["REROUTE_SMPP_VENV"] ?? cache + "/reroute/smpp-venv"
        return venv + "/bin/python"
    }

    public static var script: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("scripts/smpp-test-peer.py").path
    }

    public init(port: Int = SMPPTestPeer.freeTCPPort()) {
        self.port = port
    }

    /// Starts the SMSC and waits until it listens.
    public func start() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            throw PeerError(
                description: "no SMPP test peer at \(Self.python): run `source scripts/setup.sh; reroute_setup`")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [Self.script, "--port", String(port)]
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            self?.consume(data)
        }
        try process.run()
        lock.withLock {
            self.process = process
            self.input = input.fileHandleForWriting
        }
        _ = try await next("listening")
    }

    /// Ends the SMSC at once (SIGKILL): its TCP connections are reset, as when an SMSC crashes.
    public func kill() {
        let process = lock.withLock { self.process }
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Sends one command line to the script.
    public func command(_ object: [String: any Sendable]) throws {
        let data = try JSONSerialization.data(withJSONObject: object) + Data("\n".utf8)
        let input = lock.withLock { self.input }
        input?.write(data)
    }

    /// The next event named `name` not returned before, waiting at most `timeout`.
    public func next(_ name: String, timeout: Duration = .seconds(60)) async throws -> PeerEvent {
        let deadline = ContinuousClock.now + timeout
        while true {
            let found: PeerEvent? = lock.withLock {
                guard let index = events[cursor...].firstIndex(where: { $0.event == name }) else { return nil }
                cursor = index + 1
                return events[index]
            }
            if let found { return found }
            // Checked once more after the deadline: a test process busy elsewhere may wake this task late.
            guard ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw PeerError(
            description: "the SMSC printed no \(name) within \(timeout); saw \(lock.withLock { events.map(\.event) })")
    }

    private func consume(_ data: Data) {
        lock.withLock {
            partial.append(data)
            while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
                let line = partial[partial.startIndex..<newline]
                partial = Data(partial[partial.index(after: newline)...])
                if let event = try? JSONDecoder().decode(PeerEvent.self, from: Data(line)) { events.append(event) }
            }
        }
    }

    deinit { kill() }

    /// A TCP port the kernel says is free right now on 127.0.0.1.
    public static func freeTCPPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Collects what an AsyncStream yields so a test can wait for one element with a bounded timeout.
public final class StreamRecorder<Element: Sendable>: @unchecked Sendable {
    private let lock = NIOLock()
    private var elements: [Element] = []
    private var cursor = 0
    private var task: Task<Void, Never>?

    public init(_ stream: AsyncStream<Element>) {
        task = Task { [weak self] in
            for await element in stream {
                guard let self else { return }
                self.lock.withLock { self.elements.append(element) }
            }
        }
    }

    deinit { task?.cancel() }

    /// The next element (after the last one returned) matching `predicate`, waiting at most `timeout`.
    public func next(
        timeout: Duration = .seconds(30), where predicate: @escaping (Element) -> Bool = { _ in true }
    ) async throws -> Element {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let found: Element? = lock.withLock {
                guard let index = elements[cursor...].firstIndex(where: predicate) else { return nil }
                cursor = index + 1
                return elements[index]
            }
            if let found { return found }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw PeerError(description: "nothing matching within \(timeout); saw \(lock.withLock { elements })")
    }
}
