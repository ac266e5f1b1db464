import ArgumentParser
import Foundation
import NIOCore
import PCAPWire
import SignallingCapture

/// Reads a capture file and runs every frame through the signalling decoder.
///
/// A file that cannot be opened, is not a capture, or is truncated ends with one line naming the file and the
/// byte offset, and exit status 2; the messages found before the damage are still delivered.
struct CaptureSource {
    let path: String
    private var reader: CaptureReader
    private var decoder = SignallingDecoder()
    private(set) var frames = 0

    /// Opens `path` and checks that it is a capture.
    init(path: String) throws(ExitCode) {
        self.path = path
        let bytes: ByteBuffer
        do {
            bytes = try Self.readFile(path)
        } catch {
            printError("reroute: \(path): cannot read the file: \(error.reason)")
            throw ExitCode(2)
        }
        do {
            reader = try CaptureReader(bytes)
        } catch {
            printError("reroute: \(path): \(error)")
            throw ExitCode(2)
        }
    }

    /// Decodes every remaining frame, handing each record to `body`.
    mutating func forEachRecord(_ body: (SignallingRecord) -> Void) throws(ExitCode) {
        while true {
            let frame: CapturedFrame?
            do {
                frame = try reader.next()
            } catch {
                printError("reroute: \(path): \(error) (after frame \(frames))")
                throw ExitCode(2)
            }
            guard let frame else { return }
            frames += 1
            for record in decoder.decode(frame) { body(record) }
        }
    }

    struct ReadError: Error {
        var reason: String
    }

    /// The whole file read straight into one buffer, with the operating system's reason when it cannot be read.
    static func readFile(_ path: String) throws(ReadError) -> ByteBuffer {
        var status = stat()
        guard stat(path, &status) == 0 else { throw ReadError(reason: String(cString: strerror(errno))) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw ReadError(reason: "not a regular file") }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ReadError(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var buffer = ByteBufferAllocator().buffer(capacity: max(Int(status.st_size), 1))
        while true {
            if buffer.writableBytes == 0 { buffer.reserveCapacity(minimumWritableBytes: 1 << 16) }
            var failure: Int32 = 0
            let count = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 1) { target in
                let result = read(descriptor, target.baseAddress, target.count)
                if result < 0 { failure = errno }
                return max(result, 0)
            }
            if failure == EINTR { continue }
            if failure != 0 { throw ReadError(reason: String(cString: strerror(failure))) }
            if count == 0 { return buffer }
        }
    }
}
