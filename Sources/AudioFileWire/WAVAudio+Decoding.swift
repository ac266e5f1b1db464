extension WAVAudio {
    /// Reads a WAVE file. Chunks other than `fmt ` and `data` are skipped; WAVE_FORMAT_EXTENSIBLE is read through its
    /// sub-format. A `data` size of 0 or 0xFFFFFFFF, or one past the end of the input, as a recorder that never
    /// finished leaves it, is read as "to the end of the input" — a voicemail whose writer died is not lost.
    public init(decoding input: some Collection<UInt8>) throws(AudioFileError) {
        let bytes = Array(input)
        var reader = LittleEndianReader(bytes: bytes)
        guard bytes.count >= 12, Array(bytes[0..<4]) == Array("RIFF".utf8), Array(bytes[8..<12]) == Array("WAVE".utf8)
        else { throw AudioFileError(byteOffset: 0, reason: .notWAV) }
        reader.offset = 12
        var format: (encoding: Encoding, channels: Int, sampleRate: Int, blockAlign: Int)?
        while reader.remaining >= 8 {
            let chunkStart = reader.offset
            let identifier = String(decoding: try reader.bytes(4), as: UTF8.self)
            let declared = Int(try reader.uint32())
            switch identifier {
            case "fmt ":
                guard declared >= 16, declared <= reader.remaining else {
                    throw AudioFileError(
                        byteOffset: chunkStart, reason: .truncated(needed: declared, available: reader.remaining))
                }
                format = try Self.format(bytes, at: reader.offset, length: declared, chunkStart: chunkStart)
                reader.offset += declared + declared % 2
            case "data":
                guard let format else { throw AudioFileError(byteOffset: chunkStart, reason: .missingChunk("fmt ")) }
                let length = declared == 0 || declared == 0xFFFF_FFFF || declared > reader.remaining
                    ? reader.remaining : declared
                let whole = length - length % format.blockAlign
                self.init(
                    encoding: format.encoding, sampleRate: format.sampleRate, channels: format.channels,
                    data: Array(bytes[reader.offset..<reader.offset + whole]))
                return
            default:
                guard declared <= reader.remaining else {
                    throw AudioFileError(
                        byteOffset: chunkStart, reason: .truncated(needed: declared, available: reader.remaining))
                }
                reader.offset += min(declared + declared % 2, reader.remaining)
            }
        }
        throw AudioFileError(byteOffset: reader.offset, reason: .missingChunk(format == nil ? "fmt " : "data"))
    }

    private static func format(_ bytes: [UInt8], at offset: Int, length: Int, chunkStart: Int) throws(AudioFileError)
        -> (encoding: Encoding, channels: Int, sampleRate: Int, blockAlign: Int)
    {
        var reader = LittleEndianReader(bytes: Array(bytes[offset..<offset + length]))
        var tag = try reader.uint16()
        let channels = Int(try reader.uint16())
        let sampleRate = Int(try reader.uint32())
        _ = try reader.uint32()  // byte rate: derived, not trusted
        let blockAlign = Int(try reader.uint16())
        let bits = try reader.uint16()
        if tag == 0xFFFE {
            // WAVE_FORMAT_EXTENSIBLE: cbSize 22, valid bits, channel mask, then the sub-format GUID whose first two
            // bytes are the real format tag.
            guard length >= 40 else {
                throw AudioFileError(
                    byteOffset: chunkStart, reason: .invalidFormat("extensible fmt chunk of \(length)"))
            }
            reader.offset = 24
            tag = try reader.uint16()
        }
        let encoding: Encoding
        switch (tag, bits) {
        case (1, 16): encoding = .pcm16
        case (6, 8): encoding = .aLaw
        case (7, 8): encoding = .muLaw
        default: throw AudioFileError(byteOffset: chunkStart, reason: .unsupportedFormat(tag: tag, bitsPerSample: bits))
        }
        guard (1...8).contains(channels), (1_000...384_000).contains(sampleRate),
            blockAlign == channels * encoding.bitsPerSample / 8
        else {
            throw AudioFileError(
                byteOffset: chunkStart,
                reason: .invalidFormat("\(channels) channels, \(sampleRate) Hz, block align \(blockAlign)"))
        }
        return (encoding, channels, sampleRate, blockAlign)
    }
}

/// Little-endian reads from a byte array with bounds checks.
struct LittleEndianReader {
    let bytes: [UInt8]
    var offset = 0

    var remaining: Int { bytes.count - offset }

    mutating func bytes(_ count: Int) throws(AudioFileError) -> ArraySlice<UInt8> {
        guard count <= remaining else {
            throw AudioFileError(byteOffset: offset, reason: .truncated(needed: count, available: remaining))
        }
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    mutating func uint16() throws(AudioFileError) -> UInt16 {
        let slice = try bytes(2)
        return UInt16(slice[slice.startIndex]) | UInt16(slice[slice.startIndex + 1]) << 8
    }

    mutating func uint32() throws(AudioFileError) -> UInt32 {
        let slice = try bytes(4)
        return slice.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func uint64() throws(AudioFileError) -> UInt64 {
        let slice = try bytes(8)
        return slice.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}
