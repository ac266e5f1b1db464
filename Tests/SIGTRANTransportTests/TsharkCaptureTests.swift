import Foundation
import NIOConcurrencyHelpers
import NIOPosix
import NIOCore
import SIGTRANTransport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// An independent check of what usrsctp puts on the wire: tshark captures the RFC 6951 UDP port on `lo` and
/// dissects the SCTP inside (`-d udp.port==N,sctp`) down to M3UA.
@Suite("tshark sees M3UA in SCTP over UDP", .timeLimit(.minutes(1)))
struct TsharkCaptureTests {
    typealias F = TransportFixtures

    static let canCapture = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/tshark")

    // M3UA messages built from RFC 4666 §3.5.1 (ASPUP), §3.5.4 (ASPUP ACK) and §3.3.1 (DATA: OPC 1, DPC 2, SI 5,
    // NI 2, MP 0, SLS 0, four bytes of user data; SI 13 is spare, so tshark stops at M3UA).
    static let aspUp = ByteBuffer(bytes: [0x01, 0x00, 0x03, 0x01, 0x00, 0x00, 0x00, 0x08])
    static let aspUpAck = ByteBuffer(bytes: [0x01, 0x00, 0x03, 0x04, 0x00, 0x00, 0x00, 0x08])
    static let data = ByteBuffer(bytes: [
        0x01, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x1C, 0x02, 0x10, 0x00, 0x14, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x02, 0x0D, 0x02, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04,
    ])

    @Test(
        "RFC 6951 + RFC 4666: tshark dissects ASPUP, ASPUP ACK and DATA with PPID 3 from the UDP port",
        .enabled(if: canCapture, "capturing on lo needs root and /usr/bin/tshark")
    )
    func tsharkDissectsM3UA() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sigtran-\(getpid()).pcapng")
        defer { try? FileManager.default.removeItem(at: file) }
        let capture = try TsharkCapture(port: F.udpPort, file: file.path)
        try await wait(capture.started, "tshark to start capturing", timeout: .seconds(15))
        try await capture.synchronise(port: F.udpPort)

        let pair = try await F.connectPair(.sctpUDP)
        pair.client.send(message: Self.aspUp, stream: 0, ppid: 3)
        try await pair.serverEvents.waitForMessages(1)
        pair.server.send(message: Self.aspUpAck, stream: 0, ppid: 3)
        pair.client.send(message: Self.data, stream: 1, ppid: 3)
        try await pair.clientEvents.waitForMessages(1)
        try await pair.serverEvents.waitForMessages(2)
        // tshark prints each packet as it writes it (-P): once it printed the last one, the file holds them all.
        do {
            try await wait(capture.printed(["ASPUP_ACK", "DATA"]), "tshark to see the messages", timeout: .seconds(15))
        } catch {
            Issue.record("tshark printed: \(capture.text)")
            throw error
        }
        try await pair.close()
        try await capture.stop()

        let fields = try TsharkCapture.run([
            "-r", file.path, "-d", "udp.port==\(F.udpPort),sctp", "-Y", "m3ua", "-T", "fields",
            "-e", "sctp.data_payload_proto_id", "-e", "m3ua.message_class", "-e", "m3ua.message_type",
        ])
        // One row per packet; bundled chunks give comma-separated values. Keep (ppid, class, type) triples.
        var seen: [[String]] = []
        for row in fields.split(separator: "\n") {
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.split(separator: ",").map(String.init)
            }
            guard columns.count == 3 else { continue }
            for index in 0..<min(columns[1].count, columns[2].count) {
                let ppid = index < columns[0].count ? columns[0][index] : "?"
                seen.append([ppid, columns[1][index], columns[2][index]])
            }
        }
        #expect(seen.contains(["3", "3", "1"]), "ASPUP missing from \(fields)")
        #expect(seen.contains(["3", "3", "4"]), "ASPUP ACK missing from \(fields)")
        #expect(seen.contains(["3", "1", "1"]), "DATA missing from \(fields)")
    }
}

/// A bounded background `tshark -i lo` capture of one UDP port.
///
/// Spawned with `posix_spawn` and an empty signal mask: the test runner blocks most signals, and a child started
/// by Foundation's `Process` inherits that mask and could not be stopped with SIGINT.
final class TsharkCapture: Sendable {
    private let pid: pid_t
    private let output: EventRecorder
    let started: EventLoopFuture<Void>
    private let exited: EventLoopFuture<Void>

    init(port: UInt16, file: String) throws {
        let arguments = [
            "/usr/bin/tshark", "-i", "lo", "-f", "udp port \(port)", "-a", "duration:40", "-w", file, "-P", "-l",
            "-d", "udp.port==\(port),sctp",
        ]
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw TimedOut(what: "pipe()") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        // Nothing else of this process may leak into tshark: an inherited listening socket would outlive its close.
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd"))?.compactMap { Int32($0) }
        for fd in open ?? [] where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArguments = arguments.map { strdup($0) } + [nil]
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, arguments[0], &actions, &attributes, &cArguments, environ)
        cArguments.forEach { free($0) }
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
        close(pipeEnds[1])
        guard rc == 0 else {
            close(pipeEnds[0])
            throw TimedOut(what: "posix_spawn(tshark): \(rc)")
        }
        self.pid = pid
        let loop = TransportFixtures.loop
        let startedPromise = loop.makePromise(of: Void.self)
        let output = EventRecorder(eventLoop: loop)
        self.output = output
        let readEnd = pipeEnds[0]
        // Reads tshark's stderr to the end on a pool thread; "Capturing on" means the capture runs.
        NIOThreadPool.singleton.submit { _ in
            var text = ""
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(readEnd, &buffer, buffer.count)
                if count <= 0 { break }
                text += String(decoding: buffer[0..<count], as: UTF8.self)
                if text.contains("Capturing on") { startedPromise.succeed() }
                output.record(.message(ByteBuffer(string: text), stream: 0, ppid: 0))
            }
            close(readEnd)
            startedPromise.fail(TimedOut(what: "tshark to start: \(text)"))
        }
        self.started = startedPromise.futureResult
        let child = pid
        self.exited = NIOThreadPool.singleton.runIfActive(eventLoop: loop) {
            var status: Int32 = 0
            _ = waitpid(child, &status, 0)
        }
    }

    /// Everything tshark printed so far.
    var text: String {
        guard case .message(let text, _, _) = output.events.last else { return "" }
        return String(buffer: text)
    }

    /// Succeeds once tshark's output (stdout and stderr) contains every one of `words`.
    func printed(_ words: [String]) -> EventLoopFuture<Void> {
        let promise = TransportFixtures.loop.makePromise(of: Void.self)
        promise.completeWithTask {
            try await self.output.wait(for: "tshark output \(words)", timeout: .seconds(15)) { events in
                guard case .message(let text, _, _) = events.last else { return false }
                let string = String(buffer: text)
                return words.allSatisfy { string.contains($0) }
            }
        }
        return promise.futureResult
    }

    /// "Capturing on" can come before dumpcap really captures: sends a 4-byte UDP probe to `port` every 100 ms (too
    /// short for SCTP: usrsctp drops it) until tshark prints a packet.
    func synchronise(port: UInt16) async throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        let target = try SocketAddress(ipAddress: "127.0.0.1", port: Int(port))
        let probe = TransportFixtures.loop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(100)) { _ in
            _ = target.withSockAddr { address, length in sendto(fd, "sync", 4, 0, address, socklen_t(length)) }
        }
        var failure: (any Error)?
        do {
            try await wait(printed(["→"]), "tshark to print the probe", timeout: .seconds(15))
        } catch {
            failure = error
        }
        let cancelled = TransportFixtures.loop.makePromise(of: Void.self)
        probe.cancel(promise: cancelled)
        try await wait(cancelled.futureResult, "the probe timer to stop")
        if let failure { throw failure }
    }

    /// Stops the capture with SIGINT (tshark stops dumpcap, which flushes the file) and waits, bounded, for exit.
    func stop() async throws {
        kill(pid, SIGINT)
        try await wait(exited, "tshark to exit", timeout: .seconds(10))
    }

    /// Runs tshark to completion and returns its standard output.
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tshark")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
