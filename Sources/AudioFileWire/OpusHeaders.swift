/// The Ogg Opus identification header (RFC 7845 §5.1), channel mapping family 0 (mono or stereo).
public struct OpusHead: Hashable, Sendable {
    public var channels: Int
    /// Samples at 48 kHz to drop from the start of the decoded stream (the encoder's look-ahead).
    public var preSkip: Int
    /// The original input rate, informational only.
    public var inputSampleRate: Int
    /// Q7.8 dB gain to apply on output.
    public var outputGain: Int16

    public init(channels: Int = 1, preSkip: Int = 312, inputSampleRate: Int = 8_000, outputGain: Int16 = 0) {
        self.channels = channels
        self.preSkip = preSkip
        self.inputSampleRate = inputSampleRate
        self.outputGain = outputGain
    }

    public func encoded() -> [UInt8] {
        var bytes = Array("OpusHead".utf8) + [1, UInt8(channels)]
        bytes.appendLE(UInt16(preSkip))
        bytes.appendLE(UInt32(inputSampleRate))
        bytes.appendLE(UInt16(bitPattern: outputGain))
        bytes.append(0)
        return bytes
    }

    public init(decoding packet: [UInt8]) throws(AudioFileError) {
        guard packet.count >= 19, Array(packet[0..<8]) == Array("OpusHead".utf8) else {
            throw AudioFileError(byteOffset: 0, reason: .invalidOpusHeader("no OpusHead magic"))
        }
        // §5.1: a version with major part 0 is compatible; 16 and above is not.
        guard packet[8] & 0xF0 == 0 else {
            throw AudioFileError(byteOffset: 8, reason: .invalidOpusHeader("version \(packet[8])"))
        }
        var reader = LittleEndianReader(bytes: packet)
        reader.offset = 9
        channels = Int(try reader.bytes(1).first ?? 0)
        preSkip = Int(try reader.uint16())
        inputSampleRate = Int(try reader.uint32())
        outputGain = Int16(bitPattern: try reader.uint16())
        let family = try reader.bytes(1).first ?? 0
        guard channels >= 1, family != 0 || channels <= 2 else {
            throw AudioFileError(
                byteOffset: 9, reason: .invalidOpusHeader("\(channels) channels with family \(family)"))
        }
    }
}

/// The Ogg Opus comment header (RFC 7845 §5.2): vendor string and `NAME=value` comments (Vorbis comment format).
public struct OpusTags: Hashable, Sendable {
    public var vendor: String
    public var comments: [String]

    public init(vendor: String = "Reroute", comments: [String] = []) {
        self.vendor = vendor
        self.comments = comments
    }

    public func encoded() -> [UInt8] {
        var bytes = Array("OpusTags".utf8)
        bytes.appendLE(UInt32(vendor.utf8.count))
        bytes += Array(vendor.utf8)
        bytes.appendLE(UInt32(comments.count))
        for comment in comments {
            bytes.appendLE(UInt32(comment.utf8.count))
            bytes += Array(comment.utf8)
        }
        return bytes
    }

    public init(decoding packet: [UInt8]) throws(AudioFileError) {
        guard packet.count >= 16, Array(packet[0..<8]) == Array("OpusTags".utf8) else {
            throw AudioFileError(byteOffset: 0, reason: .invalidOpusHeader("no OpusTags magic"))
        }
        var reader = LittleEndianReader(bytes: packet)
        reader.offset = 8
        let vendorLength = Int(try reader.uint32())
        vendor = String(decoding: try reader.bytes(vendorLength), as: UTF8.self)
        let count = Int(try reader.uint32())
        guard count <= reader.remaining / 4 else {
            throw AudioFileError(byteOffset: reader.offset, reason: .invalidOpusHeader("\(count) comments"))
        }
        var comments: [String] = []
        for _ in 0..<count {
            let length = Int(try reader.uint32())
            comments.append(String(decoding: try reader.bytes(length), as: UTF8.self))
        }
        self.comments = comments
    }
}

/// Writes an Ogg Opus file (RFC 7845 §3): OpusHead alone on the first page, OpusTags on its own page(s), then the
/// audio packets with granule positions counted in 48 kHz samples (pre-skip included, §4).
public struct OggOpusWriter: Sendable {
    private var stream: OggStreamWriter
    private var samples: Int64

    /// Starts a file; the returned pages are its headers.
    public static func start(serialNumber: UInt32, head: OpusHead, tags: OpusTags) -> (OggOpusWriter, [OggPage]) {
        var stream = OggStreamWriter(serialNumber: serialNumber)
        var pages = stream.append(head.encoded(), granulePosition: 0, flush: true)
        pages += stream.append(tags.encoded(), granulePosition: 0, flush: true)
        return (OggOpusWriter(stream: stream, samples: Int64(head.preSkip)), pages)
    }

    private init(stream: OggStreamWriter, samples: Int64) {
        self.stream = stream
        self.samples = samples
    }

    /// Adds one Opus packet holding `samples48k` samples at 48 kHz (960 for 20 ms); returns pages to write.
    public mutating func append(_ packet: [UInt8], samples48k: Int) -> [OggPage] {
        samples += Int64(samples48k)
        return stream.append(packet, granulePosition: samples)
    }

    /// Closes the file: the last page carries the end-of-stream flag (an empty one if nothing is pending).
    public mutating func finish() -> [OggPage] {
        let pending = stream.flush()
        if var last = pending.last {
            last.flags.insert(.endOfStream)
            return pending.dropLast() + [last]
        }
        return stream.append([], granulePosition: samples, endOfStream: true)
    }
}
