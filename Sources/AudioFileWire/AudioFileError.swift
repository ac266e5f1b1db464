/// A WAV or Ogg file that cannot be read. `byteOffset` counts from the first byte of the input and names where the
/// offending structure starts, so a tool can say "greeting.wav: ... at byte 36".
public struct AudioFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        /// Not `RIFF....WAVE` (RIFF header, Microsoft Multimedia Standards Update 1994).
        case notWAV
        /// A chunk header or body runs past the end of the input.
        case truncated(needed: Int, available: Int)
        /// No `fmt ` chunk before the `data` chunk, or no `data` chunk at all.
        case missingChunk(String)
        /// A format tag other than PCM (1), A-law (6), µ-law (7) or an extensible wrapper of one of them.
        case unsupportedFormat(tag: UInt16, bitsPerSample: UInt16)
        /// Channel count, sample rate or block alignment out of range or inconsistent with each other.
        case invalidFormat(String)
        /// Not an Ogg page: the capture pattern `OggS` is missing (RFC 3533 §6).
        case notOgg
        /// An Ogg page with a stream structure version other than 0 (RFC 3533 §6).
        case unsupportedOggVersion(UInt8)
        /// The page's CRC does not match its bytes (RFC 3533 §6, CRC-32 poly 0x04C11DB7).
        case badChecksum(expected: UInt32, computed: UInt32)
        /// Page sequence numbers skip (RFC 3533 §6: a gap means lost pages).
        case pageGap(expected: UInt32, found: UInt32)
        /// A packet continues onto a page that is not flagged as a continuation, or vice versa (RFC 3533 §6).
        case continuationMismatch
        /// The Opus identification or comment header is malformed (RFC 7845 §5.1, §5.2).
        case invalidOpusHeader(String)
    }

    public var byteOffset: Int
    public var reason: Reason

    public init(byteOffset: Int, reason: Reason) {
        self.byteOffset = byteOffset
        self.reason = reason
    }

    public var description: String {
        let what: String
        switch reason {
        case .notWAV: what = "not a RIFF/WAVE file"
        case .truncated(let needed, let available): what = "truncated (\(needed) bytes needed, \(available) left)"
        case .missingChunk(let name): what = "no \"\(name)\" chunk"
        case .unsupportedFormat(let tag, let bits):
            what = "unsupported format tag \(tag) with \(bits) bits per sample (PCM 16, A-law, µ-law only)"
        case .invalidFormat(let detail): what = "invalid format: \(detail)"
        case .notOgg: what = "not an Ogg page (no OggS capture pattern)"
        case .unsupportedOggVersion(let version): what = "Ogg stream structure version \(version), not 0"
        case .badChecksum(let expected, let computed):
            what = "Ogg page checksum 0x\(String(expected, radix: 16)) "
                + "but the bytes give 0x\(String(computed, radix: 16))"
        case .pageGap(let expected, let found): what = "Ogg page \(found) where \(expected) was expected"
        case .continuationMismatch: what = "Ogg packet continuation flag does not match the lacing"
        case .invalidOpusHeader(let detail): what = "invalid Opus header: \(detail)"
        }
        return "\(what) at byte \(byteOffset)"
    }
}
