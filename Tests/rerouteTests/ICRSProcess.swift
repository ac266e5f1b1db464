import RerouteTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Output collected from a pipe's handler thread.
final class TextBuffer: Sendable {
    private let value = Mutex<String>("")
    func append(_ data: Data) { value.withLock { $0 += String(decoding: data, as: UTF8.self) } }
    var text: String { value.withLock { $0 } }
}

/// A running `reroute icrs`: its output is collected line by line so a test can wait for the "listening" line
/// (an event, with a bound) rather than sleep.
final class ICRSProcess: Sendable {
    let process: Process
    private let output = TextBuffer()
    private let errors = TextBuffer()
    /// Ticks each time output arrives, finishes at end of output.
    private let ticks: AsyncStream<Void>
    private let exited: AsyncStream<Int32>

    /// Starts `reroute icrs ARGUMENTS` (or another `command`) without `DATABASE_URL`, so it makes its private
    /// PostgreSQL.
    init(binary: String, arguments: [String], command: String = "icrs") throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [command] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "DATABASE_URL")
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        self.process = process
        let (ticks, tick) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let (exited, exit) = AsyncStream<Int32>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.ticks = ticks
        self.exited = exited
        // Blocking reads on their own threads (no readabilityHandler: clearing one from inside itself has crashed
        // libdispatch here).
        let reader = out.fileHandleForReading
        Thread.detachNewThread { [output] in
            while true {
                let data = reader.availableData
                if data.isEmpty { break }
                output.append(data)
                tick.yield()
            }
            tick.finish()
        }
        let errorReader = err.fileHandleForReading
        Thread.detachNewThread { [errors] in
            while true {
                let data = errorReader.availableData
                if data.isEmpty { break }
                errors.append(data)
            }
        }
        process.terminationHandler = { process in
            exit.yield(process.terminationStatus)
            exit.finish()
        }
        try process.run()
    }

    var stdout: String { output.text }
    var stderr: String { errors.text }

    /// Waits (at most `seconds`) until a line of standard output contains `marker`; returns that line.
    func waitForLine(containing marker: String, seconds: Int = 90) async throws -> String {
        let found: String? = try await withDeadline(seconds: seconds) { [self] in
            if let line = self.line(containing: marker) { return line }
            for await _ in self.ticks {
                if let line = self.line(containing: marker) { return line }
            }
            return self.line(containing: marker)
        }
        guard let found else {
            throw ICRSProcessError("no line with \"\(marker)\" within \(seconds) s (running: \(process.isRunning))"
                + "\nstdout:\n\(stdout)\nstderr:\n\(stderr)")
        }
        return found
    }

    /// The first complete line with `marker` (``Swift/String/completeLines``).
    private func line(containing marker: String) -> String? {
        stdout.completeLines.first { $0.contains(marker) }.map(String.init)
    }

    /// The port of the "listening on http://HOST:PORT" line.
    func port() async throws -> Int {
        let line = try await waitForLine(containing: "listening on ")
        guard let text = line.split(separator: ":").last, let port = Int(text) else {
            throw ICRSProcessError("cannot read a port in \(line)")
        }
        return port
    }

    /// SIGTERM, then waits (at most `seconds`) for the exit; returns the status.
    func terminate(seconds: Int = 30) async throws -> Int32 {
        if process.isRunning { process.terminate() }
        let pid = process.processIdentifier
        let status: Int32? = try await withDeadline(seconds: seconds) { [exited] in
            // Foundation's termination handler does not always fire here (the child stays a zombie), so the exit is
            // also collected directly with waitpid, bounded by the deadline.
            try await withThrowingTaskGroup(of: Int32?.self) { group in
                group.addTask {
                    for await status in exited { return status }
                    return nil
                }
                group.addTask {
                    var raw: Int32 = 0
                    var reaped = waitpid(pid, &raw, WNOHANG)
                    while reaped == 0 {
                        try await Task.sleep(for: .milliseconds(50))
                        reaped = waitpid(pid, &raw, WNOHANG)
                    }
                    // Reaped by Foundation already: its handler reports the status.
                    guard reaped == pid else {
                        try await Task.sleep(for: .seconds(3600))
                        return nil
                    }
                    // WEXITSTATUS / WTERMSIG spelled out: the C macros are not imported.
                    return (raw & 0x7F) == 0 ? (raw >> 8) & 0xFF : 128 + (raw & 0x7F)
                }
                defer { group.cancelAll() }
                return try await group.next() ?? nil
            }
        }
        guard let status else {
            kill(process.processIdentifier, SIGKILL)
            throw ICRSProcessError("did not stop within \(seconds) s of SIGTERM\nstdout:\n\(stdout)")
        }
        return status
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Runs `body`, giving up (returning `nil`) after `seconds`.
func withDeadline<T: Sendable>(seconds: Int, _ body: @escaping @Sendable () async throws -> T?) async throws -> T? {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        return try await group.next() ?? nil
    }
}

struct ICRSProcessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Minimal JSON over HTTP/1.1 to a live server (URLSession), for tests of the real binary.
struct LiveHTTP {
    let base: String

    struct Answer {
        let status: Int
        let body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func send(
        _ method: String, _ path: String, json: String? = nil, headers: [String: String] = [:], body: Data? = nil
    ) async throws -> Answer {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let body { request.httpBody = body }
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Answer(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: data)
    }
}

/// The first run of exactly six consecutive digits in an SMS text (how the issue says the code appears).
func sixDigitCode(in text: String) -> String? {
    var run = ""
    for character in text + " " {
        if character.isASCII, character.isNumber {
            run.append(character)
        } else {
            if run.count == 6 { return run }
            run = ""
        }
    }
    return nil
}
