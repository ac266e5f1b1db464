public import AudioFileWire

/// How a stored voicemail is encoded: the file's extension and the media type the client API answers with.
public enum VoicemailAudioFormat: String, Hashable, Sendable, CaseIterable {
    /// RIFF/WAVE (A-law, µ-law or 16-bit PCM), `audio/wav` (RFC 2361).
    case wav
    /// Ogg Opus (RFC 7845), `audio/ogg` (RFC 5334).
    case ogg

    public var mediaType: String {
        switch self {
        case .wav: "audio/wav"
        case .ogg: "audio/ogg"
        }
    }

    /// The format and length (milliseconds) of a complete file, checked by decoding it; `nil` when the bytes are
    /// neither a WAVE file nor an Ogg Opus stream.
    public static func inspect(_ bytes: [UInt8]) -> (format: VoicemailAudioFormat, milliseconds: Int)? {
        if let wav = try? WAVAudio(decoding: bytes) {
            return (.wav, Int((wav.duration * 1000).rounded()))
        }
        if let ogg = try? OggStreamReader(bytes), let head = ogg.packets.first,
            head.bytes.starts(with: Array("OpusHead".utf8))
        {
            // RFC 7845 §4: the last granule position minus the pre-skip, at 48 kHz, is the playback length.
            let granule = ogg.pages.last?.granulePosition ?? 0
            let preSkip = head.bytes.count >= 12 ? Int(head.bytes[10]) | Int(head.bytes[11]) << 8 : 0
            return (.ogg, max(0, Int(granule) - preSkip) / 48)
        }
        return nil
    }
}

/// A finished audio file in the store.
public struct StoredVoicemailAudio: Hashable, Sendable {
    /// File name inside the store's `audio/` directory (`<uuid>.wav` / `<uuid>.ogg`).
    public var fileName: String
    public var format: VoicemailAudioFormat
    public var bytes: Int
    public var milliseconds: Int

    public init(fileName: String, format: VoicemailAudioFormat, bytes: Int, milliseconds: Int) {
        self.fileName = fileName
        self.format = format
        self.bytes = bytes
        self.milliseconds = milliseconds
    }
}

/// A spool entry found by ``VoicemailDirectory/pendingEntries()``: its sidecar metadata was written at `begin` and
/// is removed only after the database row is committed.
public struct PendingVoicemail: Hashable, Sendable {
    public var id: String
    /// The metadata written at `begin` (the caller's JSON).
    public var metadata: [UInt8]
    /// `true` when the audio was already moved to `audio/` (the process died between the rename and the commit).
    public var audioFinished: Bool

    public init(id: String, metadata: [UInt8], audioFinished: Bool) {
        self.id = id
        self.metadata = metadata
        self.audioFinished = audioFinished
    }
}

/// Failures of the voicemail file store.
public struct VoicemailStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
