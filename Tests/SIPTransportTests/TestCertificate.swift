import Foundation
import RerouteTestSupport

/// A throwaway self-signed certificate for 127.0.0.1 made by the openssl command (Debian `openssl`), in a temporary
/// directory removed by `remove()`.
struct TestCertificate {
    let directory: URL
    var certificatePath: String { directory.appendingPathComponent("cert.pem").path }
    var keyPath: String { directory.appendingPathComponent("key.pem").path }

    static let openssl: String? = ["/usr/bin/openssl", "/bin/openssl"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func make() throws -> TestCertificate {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sip-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificate = TestCertificate(directory: directory)
        let result = try ExternalTool.runBlocking(openssl ?? "/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", certificate.keyPath, "-out", certificate.certificatePath,
        ])
        guard result.status == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "openssl req: \(result.output)"])
        }
        return certificate
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A peer program (openssl s_client, a Python WebSocket client) fed `input` on stdin; collects what it prints until
/// `done` says enough or `deadline` passes, then ends it.
enum PeerProcess {
    static func run(
        _ executable: String, _ arguments: [String], input: Data, deadline: Duration = .seconds(20),
        done: @escaping @Sendable (String) -> Bool
    ) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        let (chunks, continuation) = AsyncStream<Data>.makeStream()
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                continuation.finish()
            } else {
                continuation.yield(data)
            }
        }
        try process.run()
        stdin.fileHandleForWriting.write(input)
        let watchdog = Task {
            try await Task.sleep(for: deadline)
            continuation.finish()
        }
        var output = Data()
        for await chunk in chunks {
            output.append(chunk)
            if done(String(decoding: output, as: UTF8.self)) { break }
        }
        watchdog.cancel()
        if process.isRunning { process.terminate() }
        try? stdin.fileHandleForWriting.close()
        return String(decoding: output, as: UTF8.self)
    }
}
