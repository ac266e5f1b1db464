public import AudioFileWire
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The voicemail file store: one directory with `spool/` (recordings in progress, each with a `.json` sidecar) and
/// `audio/` (finished files). Crash safety (issue 7 item 2, "nothing is lost if the process dies after the caller
/// hangs up"):
///
/// ```
/// begin   spool/<id>.json (metadata) + spool/<id>.wav (header, data size 0), both fsync'd, directory fsync'd
/// append  write(2) straight to the file: what was written survives the process dying
/// finish  RIFF and data sizes patched, fsync, rename → audio/<id>.wav, directory fsync
///         (the caller then inserts the row and calls `complete(id:)`, which removes the sidecar)
/// recover every sidecar left: its spool file is finished as above (sizes from the file length), or its audio is
///         already in audio/; the caller registers it and calls `complete(id:)`
/// ```
///
/// The row insert is idempotent (keyed by the call's id), so a crash between the commit and the sidecar's removal
/// registers nothing twice.
public struct VoicemailDirectory: Sendable {
    public let root: String
    var spool: String { root + "/spool" }
    var audio: String { root + "/audio" }

    /// Opens (and creates) the store under `root`.
    public init(root: String) throws(VoicemailStoreError) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        for directory in [self.root, spool, audio] {
            if mkdir(directory, 0o750) != 0 && errno != EEXIST {
                throw VoicemailStoreError("cannot create \(directory): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Starts a recording: the sidecar and the WAV header are on disk (fsync'd) before this returns.
    public func begin(
        id: String, metadata: [UInt8], encoding: WAVAudio.Encoding, sampleRate: Int, channels: Int = 1
    ) throws(VoicemailStoreError) -> VoicemailRecording {
        try Self.checkID(id)
        try writeFile(spool + "/\(id).json", metadata)
        let path = spool + "/\(id).wav"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw Self.failure("create", path) }
        let header = WAVAudio.header(encoding: encoding, sampleRate: sampleRate, channels: channels, dataBytes: 0)
        do throws(VoicemailStoreError) {
            try Self.writeAll(fd, header, path: path)
            guard fsync(fd) == 0 else { throw Self.failure("fsync", path) }
            try syncDirectory(spool)
        } catch {
            close(fd)
            throw error
        }
        return VoicemailRecording(id: id, path: path, descriptor: fd, headerBytes: header.count)
    }

    /// Ends a recording: sizes patched, fsync, moved to `audio/`. The caller then stores the row and calls
    /// ``complete(id:)``.
    public func finish(_ recording: VoicemailRecording) throws(VoicemailStoreError) -> StoredVoicemailAudio {
        try recording.close()
        return try finishSpooled(id: recording.id)
    }

    /// Stores a complete file received whole (the HTTP upload): written to the spool with its sidecar, fsync'd and
    /// renamed, exactly like a recording. The bytes must be a WAVE file or an Ogg Opus stream.
    public func store(id: String, metadata: [UInt8], audio bytes: [UInt8]) throws(VoicemailStoreError)
        -> StoredVoicemailAudio
    {
        try Self.checkID(id)
        guard let (format, milliseconds) = VoicemailAudioFormat.inspect(bytes) else {
            throw VoicemailStoreError("the audio is neither a WAVE file nor an Ogg Opus stream")
        }
        try writeFile(spool + "/\(id).json", metadata)
        let spooled = spool + "/\(id).\(format.rawValue)"
        try writeFile(spooled, bytes)
        let name = "\(id).\(format.rawValue)"
        try moveToAudio(spooled, name: name)
        return StoredVoicemailAudio(fileName: name, format: format, bytes: bytes.count, milliseconds: milliseconds)
    }

    /// The row is committed: the sidecar goes.
    public func complete(id: String) {
        unlink(spool + "/\(id).json")
    }

    /// Every spool entry whose sidecar is still there: recordings whose process died, and finished files whose
    /// row may not be stored. Entries are sorted by id.
    public func pendingEntries() -> [PendingVoicemail] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: spool) else { return [] }
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            let id = String(name.dropLast(5))
            guard (try? Self.checkID(id)) != nil, let metadata = FileManager.default.contents(atPath: spool + "/" + name)
            else { return nil }
            let finished = VoicemailAudioFormat.allCases.contains { access(audio + "/\(id).\($0.rawValue)", F_OK) == 0 }
            return PendingVoicemail(id: id, metadata: Array(metadata), audioFinished: finished)
        }
    }

    /// Finishes what a dead process left: the spool file's sizes are patched from its length and it is moved to
    /// `audio/`; when it was already moved, the finished file is described.
    public func recover(_ entry: PendingVoicemail) throws(VoicemailStoreError) -> StoredVoicemailAudio {
        if entry.audioFinished {
            for format in VoicemailAudioFormat.allCases {
                let name = "\(entry.id).\(format.rawValue)"
                guard let data = FileManager.default.contents(atPath: audio + "/" + name) else { continue }
                let bytes = Array(data)
                let milliseconds = VoicemailAudioFormat.inspect(bytes)?.milliseconds ?? 0
                return StoredVoicemailAudio(fileName: name, format: format, bytes: bytes.count, milliseconds: milliseconds)
            }
        }
        if access(spool + "/\(entry.id).ogg", F_OK) == 0 {
            let name = "\(entry.id).ogg"
            guard let data = FileManager.default.contents(atPath: spool + "/" + name),
                let (_, milliseconds) = VoicemailAudioFormat.inspect(Array(data))
            else { throw VoicemailStoreError("spool file \(name) is not a complete Ogg Opus stream") }
            try moveToAudio(spool + "/" + name, name: name)
            return StoredVoicemailAudio(fileName: name, format: .ogg, bytes: data.count, milliseconds: milliseconds)
        }
        return try finishSpooled(id: entry.id)
    }

    /// The whole of a finished file.
    public func read(fileName: String) throws(VoicemailStoreError) -> [UInt8] {
        try Self.checkFileName(fileName)
        guard let data = FileManager.default.contents(atPath: audio + "/" + fileName) else {
            throw VoicemailStoreError("no audio file \(fileName)")
        }
        return Array(data)
    }

    /// Removes a finished file; a missing one is not an error (delete is idempotent).
    public func delete(fileName: String) throws(VoicemailStoreError) {
        try Self.checkFileName(fileName)
        if unlink(audio + "/" + fileName) != 0 && errno != ENOENT { throw Self.failure("unlink", fileName) }
    }

    // MARK: Steps

    /// Patches the RIFF and `data` sizes of `spool/<id>.wav` from its length, fsyncs and moves it.
    func finishSpooled(id: String) throws(VoicemailStoreError) -> StoredVoicemailAudio {
        let path = spool + "/\(id).wav"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VoicemailStoreError("spool file \(id).wav is missing")
        }
        var bytes = Array(data)
        // The header as begin wrote it; a file cut inside its header holds no audio and is not a voicemail.
        guard let wav = try? WAVAudio(decoding: bytes), bytes.count >= 44 else {
            throw VoicemailStoreError("spool file \(id).wav has no readable WAVE header")
        }
        let header = WAVAudio.header(
            encoding: wav.encoding, sampleRate: wav.sampleRate, channels: wav.channels, dataBytes: wav.data.count)
        bytes = header + wav.data + (wav.data.count % 2 == 1 ? [0] : [])
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("open", path) }
        defer { close(fd) }
        // Rewrite the header in place and cut any partial sample frame (RIFF §"data": whole blocks only).
        guard pwrite(fd, header, header.count, 0) == header.count else { throw Self.failure("pwrite", path) }
        if wav.data.count % 2 == 1 {
            guard pwrite(fd, [0], 1, off_t(header.count + wav.data.count)) == 1 else { throw Self.failure("pad", path) }
        }
        guard ftruncate(fd, off_t(bytes.count)) == 0 else { throw Self.failure("truncate", path) }
        guard fsync(fd) == 0 else { throw Self.failure("fsync", path) }
        let name = "\(id).wav"
        try moveToAudio(path, name: name)
        return StoredVoicemailAudio(
            fileName: name, format: .wav, bytes: bytes.count, milliseconds: Int((wav.duration * 1000).rounded()))
    }

    func moveToAudio(_ path: String, name: String) throws(VoicemailStoreError) {
        guard rename(path, audio + "/" + name) == 0 else { throw Self.failure("rename", path) }
        try syncDirectory(audio)
        try syncDirectory(spool)
    }

    func writeFile(_ path: String, _ bytes: [UInt8]) throws(VoicemailStoreError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw Self.failure("create", path) }
        defer { close(fd) }
        try Self.writeAll(fd, bytes, path: path)
        guard fsync(fd) == 0 else { throw Self.failure("fsync", path) }
    }

    func syncDirectory(_ path: String) throws(VoicemailStoreError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw Self.failure("open", path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw Self.failure("fsync", path) }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(VoicemailStoreError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                write(fd, raw.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure("write", path)
            }
            offset += written
        }
    }

    static func failure(_ operation: String, _ path: String) -> VoicemailStoreError {
        VoicemailStoreError("\(operation) \(path): \(String(cString: strerror(errno)))")
    }

    /// Ids are made by the service (lower-case UUIDs); anything else could name a path outside the store.
    static func checkID(_ id: String) throws(VoicemailStoreError) {
        guard (1...64).contains(id.utf8.count),
            id.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D })
        else { throw VoicemailStoreError("bad voicemail id \"\(id)\"") }
    }

    static func checkFileName(_ name: String) throws(VoicemailStoreError) {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, VoicemailAudioFormat(rawValue: String(parts[1])) != nil else {
            throw VoicemailStoreError("bad voicemail file name \"\(name)\"")
        }
        try checkID(String(parts[0]))
    }
}
