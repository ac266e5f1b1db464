import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Buffered standard output: records are appended as bytes and written in large blocks.
struct OutputStream {
    private var buffer: [UInt8] = []
    private let handle: FileHandle
    private let blockSize = 1 << 16

    init(handle: FileHandle = .standardOutput) {
        self.handle = handle
        buffer.reserveCapacity(blockSize * 2)
    }

    mutating func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= blockSize { flush() }
    }

    /// Appends through `body`, which writes into the pending block directly.
    mutating func write(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= blockSize { flush() }
    }

    mutating func write(line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= blockSize { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        let descriptor = handle.fileDescriptor
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // A closed pipe (e.g. `| head`): stop writing; the process ends with the run.
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// One line on standard error.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
