/// Audio in a RIFF/WAVE file: 16-bit linear PCM, A-law or µ-law (G.711), as voicemail recordings, prompts and test
/// signals use. The sample bytes are kept as they are in the file (little-endian for PCM).
///
/// ```
/// "RIFF" size "WAVE"
///   "fmt " 16|18|40  formatTag channels sampleRate byteRate blockAlign bitsPerSample [cbSize [extensible part]]
///   ... other chunks (LIST, fact, ...) skipped, each padded to an even length ...
///   "data" size  samples
/// ```
public struct WAVAudio: Hashable, Sendable {
    /// The sample coding, with its WAVE format tag.
    public enum Encoding: Hashable, Sendable, CaseIterable {
        case pcm16
        case aLaw
        case muLaw

        public var formatTag: UInt16 {
            switch self {
            case .pcm16: 1
            case .aLaw: 6
            case .muLaw: 7
            }
        }

        public var bitsPerSample: Int {
            switch self {
            case .pcm16: 16
            case .aLaw, .muLaw: 8
            }
        }
    }

    public var encoding: Encoding
    public var sampleRate: Int
    public var channels: Int
    /// The sample bytes, interleaved by channel.
    public var data: [UInt8]

    public init(encoding: Encoding, sampleRate: Int, channels: Int = 1, data: [UInt8]) {
        self.encoding = encoding
        self.sampleRate = sampleRate
        self.channels = channels
        self.data = data
    }

    /// 16-bit linear samples.
    public init(pcm16 samples: [Int16], sampleRate: Int, channels: Int = 1) {
        var data: [UInt8] = []
        data.reserveCapacity(samples.count * 2)
        for sample in samples {
            let bits = UInt16(bitPattern: sample)
            data.append(UInt8(truncatingIfNeeded: bits))
            data.append(UInt8(truncatingIfNeeded: bits >> 8))
        }
        self.init(encoding: .pcm16, sampleRate: sampleRate, channels: channels, data: data)
    }

    /// The samples as 16-bit linear values; nil unless the encoding is `.pcm16`.
    public var pcm16Samples: [Int16]? {
        guard encoding == .pcm16 else { return nil }
        return stride(from: 0, to: data.count - 1, by: 2).map {
            Int16(bitPattern: UInt16(data[$0]) | UInt16(data[$0 + 1]) << 8)
        }
    }

    /// Bytes per sample frame (all channels).
    public var blockAlign: Int { channels * encoding.bitsPerSample / 8 }

    /// Duration in seconds.
    public var duration: Double { Double(data.count / max(blockAlign, 1)) / Double(max(sampleRate, 1)) }

    /// The whole file.
    public func encoded() -> [UInt8] {
        Self.header(encoding: encoding, sampleRate: sampleRate, channels: channels, dataBytes: data.count) + data
            + (data.count % 2 == 1 ? [0] : [])
    }

    /// The 44-byte header (18-byte `fmt ` for A-/µ-law, which carry `cbSize` = 0) of a file whose `data` chunk holds
    /// `dataBytes`: a recorder writes it first with its best guess and rewrites it when the recording ends.
    public static func header(encoding: Encoding, sampleRate: Int, channels: Int, dataBytes: Int) -> [UInt8] {
        let bits = encoding.bitsPerSample
        let blockAlign = channels * bits / 8
        let fmtLength = encoding == .pcm16 ? 16 : 18
        var bytes: [UInt8] = Array("RIFF".utf8)
        let riffLength = 4 + (8 + fmtLength) + (8 + dataBytes + dataBytes % 2)
        bytes.appendLE(UInt32(truncatingIfNeeded: riffLength))
        bytes += Array("WAVEfmt ".utf8)
        bytes.appendLE(UInt32(fmtLength))
        bytes.appendLE(encoding.formatTag)
        bytes.appendLE(UInt16(channels))
        bytes.appendLE(UInt32(sampleRate))
        bytes.appendLE(UInt32(sampleRate * blockAlign))
        bytes.appendLE(UInt16(blockAlign))
        bytes.appendLE(UInt16(bits))
        if fmtLength == 18 { bytes.appendLE(UInt16(0)) }
        bytes += Array("data".utf8)
        bytes.appendLE(UInt32(truncatingIfNeeded: dataBytes))
        return bytes
    }
}

extension [UInt8] {
    mutating func appendLE(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func appendLE(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func appendLE(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}
