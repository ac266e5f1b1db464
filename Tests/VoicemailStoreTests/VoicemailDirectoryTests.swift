import AudioFileWire
import Foundation
import RerouteTestSupport
import Testing
import VoicemailStore

/// The voicemail spool: what `begin`/`append`/`finish` leave on disk, and what `recover` makes of what a dead
/// process leaves (issue 7 item 2: "nothing is lost if the process dies after the caller hangs up").
@Suite struct VoicemailDirectoryTests {
    /// A fresh store in a temporary directory, removed afterwards.
    func withStore<T>(_ body: (VoicemailDirectory, String) throws -> T) throws -> T {
        let root = NSTemporaryDirectory() + "vm-\(getpid())-\(UUID().uuidString.lowercased())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        return try body(try VoicemailDirectory(root: root), root)
    }

    static let id = "0b7c4c1e-5f0e-4a43-9d6b-2f6a4b1d9e01"
    static let alaw: [UInt8] = (0..<8000).map { UInt8(truncatingIfNeeded: $0 &* 37 ^ 0xD5) }

    @Test func issue7Item2RecordingIsFinishedAsAWAVWithPatchedSizesAndTheSidecarStaysUntilComplete() throws {
        try withStore { store, root in
            let recording = try store.begin(
                id: Self.id, metadata: Array("{\"call\":1}".utf8), encoding: .aLaw, sampleRate: 8000)
            // RIFF header on disk before any audio, with a data size of 0 (what a crash right now would leave).
            let header = try #require(FileManager.default.contents(atPath: root + "/spool/\(Self.id).wav"))
            #expect(header.count == 46)
            #expect(Array(header[42..<46]) == [0, 0, 0, 0])
            try recording.append(Array(Self.alaw[0..<3000]))
            try recording.append(Array(Self.alaw[3000...]))
            let stored = try store.finish(recording)
            #expect(stored == StoredVoicemailAudio(
                fileName: "\(Self.id).wav", format: .wav, bytes: 46 + 8000, milliseconds: 1000))
            let bytes = try store.read(fileName: stored.fileName)
            // RIFF size = file size - 8; data chunk size = the audio appended.
            #expect(Array(bytes[4..<8]) == [UInt8(truncatingIfNeeded: bytes.count - 8), UInt8((bytes.count - 8) >> 8), 0, 0])
            let wav = try WAVAudio(decoding: bytes)
            #expect(wav.data == Self.alaw)
            #expect(wav.encoding == .aLaw)
            #expect(!FileManager.default.fileExists(atPath: root + "/spool/\(Self.id).wav"))
            #expect(store.pendingEntries().map(\.id) == [Self.id])
            #expect(store.pendingEntries().first?.audioFinished == true)
            store.complete(id: Self.id)
            #expect(store.pendingEntries().isEmpty)
        }
    }

    /// Issue 7 item 2: the silence that ended a message is cut before the file is finished (keptLength); audio
    /// appended after the cut follows the kept part; asking to keep more than was recorded changes nothing.
    @Test func issue7Item2TrailingSilenceIsCutAndTheWAVSizesFollow() throws {
        try withStore { store, _ in
            let recording = try store.begin(id: Self.id, metadata: [0x7B, 0x7D], encoding: .aLaw, sampleRate: 8000)
            try recording.append(Self.alaw)
            try recording.truncate(dataBytes: 20_000)
            #expect(recording.dataBytes == 8000)
            try recording.truncate(dataBytes: 6000)
            #expect(recording.dataBytes == 6000)
            try recording.append(Array(Self.alaw[6000..<6400]))
            let stored = try store.finish(recording)
            #expect(stored.milliseconds == 800)
            let wav = try WAVAudio(decoding: try store.read(fileName: stored.fileName))
            #expect(wav.data == Array(Self.alaw[0..<6400]))
        }
    }

    @Test func issue7Item2ASpoolWrittenByHandAsACrashLeavesItIsRecoveredWithWholeSamples() throws {
        try withStore { store, root in
            // Exactly what a recorder killed mid-write leaves: sidecar, header with data size 0, samples of 16-bit
            // PCM and half a sample at the end.
            let samples: [Int16] = (0..<1600).map { Int16(truncatingIfNeeded: $0 * 91) }
            let pcm = WAVAudio(pcm16: samples, sampleRate: 16000).data
            let header = WAVAudio.header(encoding: .pcm16, sampleRate: 16000, channels: 1, dataBytes: 0)
            try Data("{\"call\":2}".utf8).write(to: URL(fileURLWithPath: root + "/spool/\(Self.id).json"))
            try Data(header + pcm + [0x7F]).write(to: URL(fileURLWithPath: root + "/spool/\(Self.id).wav"))
            let entries = store.pendingEntries()
            #expect(entries == [PendingVoicemail(id: Self.id, metadata: Array("{\"call\":2}".utf8), audioFinished: false)])
            let stored = try store.recover(try #require(entries.first))
            #expect(stored.milliseconds == 100)
            #expect(stored.bytes == 44 + 3200)
            let wav = try WAVAudio(decoding: try store.read(fileName: stored.fileName))
            #expect(wav.pcm16Samples == samples)
            // Recovering again (a crash before the row was stored) describes the same file.
            let again = try store.recover(try #require(store.pendingEntries().first))
            #expect(again == stored)
        }
    }

    @Test func issue7Item2ARecordingNeverFinishedIsRecoveredWithEverythingAppended() throws {
        try withStore { store, _ in
            do {
                let recording = try store.begin(id: Self.id, metadata: [0x7B, 0x7D], encoding: .muLaw, sampleRate: 8000)
                try recording.append(Self.alaw)
                // The recording is dropped without finish: the process "died".
                _ = recording
            }
            let entry = try #require(store.pendingEntries().first)
            let stored = try store.recover(entry)
            #expect(try WAVAudio(decoding: try store.read(fileName: stored.fileName)).data == Self.alaw)
        }
    }

    @Test func issue7Item2AHeaderCutShortIsNotAVoicemail() throws {
        try withStore { store, root in
            try Data([0x7B, 0x7D]).write(to: URL(fileURLWithPath: root + "/spool/\(Self.id).json"))
            try Data(Array("RIFF\0\0\0\0WAVEfm".utf8)).write(to: URL(fileURLWithPath: root + "/spool/\(Self.id).wav"))
            #expect(throws: VoicemailStoreError.self) { try store.recover(try #require(store.pendingEntries().first)) }
        }
    }

    @Test func uploadedOggOpusIsStoredAsOggWithItsRFC7845Length() throws {
        try withStore { store, _ in
            var (writer, pages) = OggOpusWriter.start(serialNumber: 7, head: OpusHead(), tags: OpusTags())
            // 50 packets of 20 ms (960 samples at 48 kHz): the last granule is pre-skip + 48,000, and RFC 7845 §4
            // makes the playback length granule − pre-skip = 1 s.
            for _ in 0..<50 { pages += writer.append([0xF8, 0xFF, 0xFE], samples48k: 960) }
            pages += writer.finish()
            let bytes = pages.flatMap { $0.encoded() }
            let stored = try store.store(id: Self.id, metadata: [0x7B, 0x7D], audio: bytes)
            #expect(stored.format == .ogg)
            #expect(stored.fileName == "\(Self.id).ogg")
            #expect(stored.milliseconds == 1000)
            #expect(try store.read(fileName: stored.fileName) == bytes)
            #expect(throws: VoicemailStoreError.self) {
                try store.store(id: "1b7c4c1e-5f0e-4a43-9d6b-2f6a4b1d9e01", metadata: [], audio: Array("not audio".utf8))
            }
        }
    }

    @Test func idsAndFileNamesThatCouldLeaveTheStoreAreRefused() throws {
        try withStore { store, _ in
            #expect(throws: VoicemailStoreError.self) {
                _ = try store.begin(id: "../../etc/x", metadata: [], encoding: .aLaw, sampleRate: 8000)
            }
            #expect(throws: VoicemailStoreError.self) { _ = try store.read(fileName: "../spool/x.json") }
            #expect(throws: VoicemailStoreError.self) { try store.delete(fileName: "a/b.wav") }
            // Deleting what is not there is not an error (idempotent delete).
            try store.delete(fileName: "\(Self.id).wav")
        }
    }

    @Test func hostileSpoolFilesNeverCrashRecovery() throws {
        var rng = SeededGenerator(seed: 0x766D)
        let good = WAVAudio.header(encoding: .aLaw, sampleRate: 8000, channels: 1, dataBytes: 0) + Array(Self.alaw[0..<400])
        try withStore { store, root in
            for _ in 0..<300 {
                let mutated = Mutator.mutate(good, using: &rng)
                try Data([0x7B, 0x7D]).write(to: URL(fileURLWithPath: root + "/spool/\(Self.id).json"))
                try Data(mutated).write(to: URL(fileURLWithPath: root + "/spool/\(Self.id).wav"))
                guard let entry = store.pendingEntries().first else { continue }
                if let stored = try? store.recover(entry) {
                    // Whatever recovers is a readable WAVE file of whole samples.
                    let wav = try WAVAudio(decoding: try store.read(fileName: stored.fileName))
                    #expect(wav.data.count % wav.blockAlign == 0)
                    try store.delete(fileName: stored.fileName)
                }
                store.complete(id: Self.id)
                try? FileManager.default.removeItem(atPath: root + "/spool/\(Self.id).wav")
            }
        }
    }
}
