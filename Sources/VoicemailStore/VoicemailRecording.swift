import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A recording in progress: audio appended with one `write(2)` per call, so everything appended survives the
/// process dying (the page cache keeps it; ``VoicemailDirectory/recover(_:)`` finishes the file).
public final class VoicemailRecording: Sendable {
    public let id: String
    let path: String
    private let state: Mutex<(descriptor: Int32, dataBytes: Int)>
    let headerBytes: Int

    init(id: String, path: String, descriptor: Int32, headerBytes: Int) {
        self.id = id
        self.path = path
        self.headerBytes = headerBytes
        self.state = Mutex((descriptor, 0))
    }

    /// Audio bytes recorded so far.
    public var dataBytes: Int { state.withLock { $0.dataBytes } }

    /// Appends encoded samples (A-law, µ-law or little-endian PCM, as declared at `begin`).
    public func append(_ bytes: [UInt8]) throws(VoicemailStoreError) {
        let result: Result<Void, VoicemailStoreError> = state.withLock { state in
            guard state.descriptor >= 0 else { return .failure(VoicemailStoreError("recording \(id) is closed")) }
            do throws(VoicemailStoreError) {
                try VoicemailDirectory.writeAll(state.descriptor, bytes, path: path)
                state.dataBytes += bytes.count
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// Keeps only the first `dataBytes` audio bytes (`ftruncate(2)` after the header); no-op when fewer were recorded.
    public func truncate(dataBytes: Int) throws(VoicemailStoreError) {
        let result: Result<Void, VoicemailStoreError> = state.withLock { state in
            guard state.descriptor >= 0 else { return .failure(VoicemailStoreError("recording \(id) is closed")) }
            let keep = max(0, dataBytes)
            guard keep < state.dataBytes else { return .success(()) }
            guard ftruncate(state.descriptor, off_t(headerBytes + keep)) == 0 else {
                return .failure(VoicemailStoreError("recording \(id): ftruncate failed (errno \(errno))"))
            }
            // Later appends go after the kept audio (the descriptor's offset is not moved by ftruncate).
            guard lseek(state.descriptor, off_t(headerBytes + keep), SEEK_SET) >= 0 else {
                return .failure(VoicemailStoreError("recording \(id): lseek failed (errno \(errno))"))
            }
            state.dataBytes = keep
            return .success(())
        }
        try result.get()
    }

    /// Closes the file (idempotent).
    func close() throws(VoicemailStoreError) {
        state.withLock { state in
            if state.descriptor >= 0 {
                _ = systemClose(state.descriptor)
                state.descriptor = -1
            }
        }
    }

    deinit {
        state.withLock { state in
            if state.descriptor >= 0 { _ = systemClose(state.descriptor) }
        }
    }
}

/// `close(2)` (the name is taken by the method above).
private func systemClose(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(descriptor)
    #else
    Darwin.close(descriptor)
    #endif
}
