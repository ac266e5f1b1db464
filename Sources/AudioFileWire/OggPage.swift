/// One Ogg page (RFC 3533 §6):
/// ```
///  0                   1                   2                   3
/// | capture_pattern "OggS"                                        |
/// | version (0)   | header_type   | granule_position (64, LE) ...
/// ... granule_position            | bitstream_serial_number (LE)  |
/// | page_sequence_number (LE)     | CRC_checksum (LE)             |
/// | page_segments | segment_table (page_segments bytes) | body ...
/// ```
/// The CRC is CRC-32 with generator 0x04C11DB7, initial value 0, no reflection and no final XOR, computed over the
/// whole page with the checksum field set to zero.
public struct OggPage: Hashable, Sendable {
    /// `header_type` flags (RFC 3533 §6).
    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// The first packet on the page continues one from the previous page.
        public static let continued = Flags(rawValue: 0x01)
        /// Beginning of stream: the first page of a logical bitstream.
        public static let beginningOfStream = Flags(rawValue: 0x02)
        /// End of stream: the last page.
        public static let endOfStream = Flags(rawValue: 0x04)
    }

    public static let headerLength = 27

    public var flags: Flags
    /// Codec-defined position of the last packet completed on this page; -1 when none completes here.
    public var granulePosition: Int64
    public var serialNumber: UInt32
    public var sequenceNumber: UInt32
    /// Lacing values: each packet is a run of 255s ended by a value below 255 (a final 255 continues on the next page).
    public var segmentTable: [UInt8]
    public var body: [UInt8]

    public init(
        flags: Flags, granulePosition: Int64, serialNumber: UInt32, sequenceNumber: UInt32, segmentTable: [UInt8],
        body: [UInt8]
    ) {
        self.flags = flags
        self.granulePosition = granulePosition
        self.serialNumber = serialNumber
        self.sequenceNumber = sequenceNumber
        self.segmentTable = segmentTable
        self.body = body
    }

    /// The page's bytes with its CRC filled in.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = Array("OggS".utf8) + [0, flags.rawValue]
        bytes.appendLE(UInt64(bitPattern: granulePosition))
        bytes.appendLE(serialNumber)
        bytes.appendLE(sequenceNumber)
        bytes.appendLE(UInt32(0))
        bytes.append(UInt8(segmentTable.count))
        bytes += segmentTable
        bytes += body
        let crc = OggCRC.checksum(bytes)
        for index in 0..<4 { bytes[22 + index] = UInt8(truncatingIfNeeded: crc >> UInt32(8 * index)) }
        return bytes
    }

    /// Reads one page starting at `offset` in `bytes`; returns nil when the input ends inside the page. The CRC is
    /// checked.
    public static func decode(_ bytes: [UInt8], at offset: Int) throws(AudioFileError)
        -> (page: OggPage, length: Int)?
    {
        guard bytes.count - offset >= headerLength else { return nil }
        guard Array(bytes[offset..<offset + 4]) == Array("OggS".utf8) else {
            throw AudioFileError(byteOffset: offset, reason: .notOgg)
        }
        guard bytes[offset + 4] == 0 else {
            throw AudioFileError(byteOffset: offset + 4, reason: .unsupportedOggVersion(bytes[offset + 4]))
        }
        var reader = LittleEndianReader(bytes: Array(bytes[offset..<offset + headerLength]))
        reader.offset = 5
        let flags = Flags(rawValue: try reader.bytes(1).first ?? 0)
        let granule = Int64(bitPattern: try reader.uint64())
        let serial = try reader.uint32()
        let sequence = try reader.uint32()
        let checksum = try reader.uint32()
        let segments = Int(bytes[offset + 26])
        guard bytes.count - offset >= headerLength + segments else { return nil }
        let table = Array(bytes[offset + headerLength..<offset + headerLength + segments])
        let bodyLength = table.reduce(0) { $0 + Int($1) }
        let length = headerLength + segments + bodyLength
        guard bytes.count - offset >= length else { return nil }
        var copy = Array(bytes[offset..<offset + length])
        for index in 22..<26 { copy[index] = 0 }
        let computed = OggCRC.checksum(copy)
        guard computed == checksum else {
            throw AudioFileError(byteOffset: offset + 22, reason: .badChecksum(expected: checksum, computed: computed))
        }
        let page = OggPage(
            flags: flags, granulePosition: granule, serialNumber: serial, sequenceNumber: sequence,
            segmentTable: table, body: Array(copy[(headerLength + segments)...]))
        return (page, length)
    }
}

/// The Ogg CRC-32 (RFC 3533 §6): polynomial 0x04C11DB7, MSB first, initial 0, no final XOR.
public enum OggCRC {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index) << 24
        for _ in 0..<8 { value = value & 0x8000_0000 != 0 ? (value << 1) ^ 0x04C1_1DB7 : value << 1 }
        return value
    }

    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0
        for byte in bytes { crc = (crc << 8) ^ table[Int((crc >> 24) ^ UInt32(byte))] }
        return crc
    }
}
