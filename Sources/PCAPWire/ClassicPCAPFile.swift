import NIOCore

/// Reader state for a classic pcap file (draft-ietf-opsawg-pcap §4, §5).
///
/// File header, 24 bytes, in the byte order the magic number reveals:
/// ```
///  0                   1                   2                   3
/// +---------------------------------------------------------------+
/// |                 Magic Number (A1B2C3D4 or A1B23C4D)           |
/// +-------------------------------+-------------------------------+
/// |        Major Version          |         Minor Version         |
/// +-------------------------------+-------------------------------+
/// |                  Reserved1 (thiszone)                         |
/// |                  Reserved2 (sigfigs)                          |
/// |                  SnapLen                                      |
/// +-------------------------------+-------------------------------+
/// | FCS |R|        reserved       |           LinkType            |
/// +---------------------------------------------------------------+
/// ```
/// Each record: Timestamp (seconds), Timestamp (µs or ns), Captured Length, Original Length, then the data.
struct ClassicPCAPFile: Sendable {
    static let fileHeaderLength = 24
    static let recordHeaderLength = 16

    var byteOrder: Endianness
    var resolution: PCAPTimestampResolution
    var linkType: LinkType
    var snapLength: UInt32

    /// Recognises the magic at the reader index; `nil` when it is not a classic pcap magic.
    static func magic(_ value: UInt32) -> (Endianness, PCAPTimestampResolution)? {
        switch value {
        case 0xA1B2_C3D4: (.big, .microseconds)
        case 0xD4C3_B2A1: (.little, .microseconds)
        case 0xA1B2_3C4D: (.big, .nanoseconds)
        case 0x4D3C_B2A1: (.little, .nanoseconds)
        default: nil
        }
    }

    /// Reads the file header; `offset` is the file offset of the reader index.
    static func readHeader(_ buffer: inout ByteBuffer, offset: Int) throws(CaptureFormatError) -> ClassicPCAPFile {
        guard buffer.readableBytes >= fileHeaderLength else {
            throw CaptureFormatError(byteOffset: offset, reason: .truncatedFileHeader(available: buffer.readableBytes))
        }
        let start = buffer.readerIndex
        let raw = buffer.getInteger(at: start, endianness: .big, as: UInt32.self) ?? 0
        guard let (order, resolution) = magic(raw) else {
            throw CaptureFormatError(byteOffset: offset, reason: .badMagic(raw))
        }
        let snap = buffer.getInteger(at: start + 16, endianness: order, as: UInt32.self) ?? 0
        let linkField = buffer.getInteger(at: start + 20, endianness: order, as: UInt32.self) ?? 0
        buffer.moveReaderIndex(forwardBy: fileHeaderLength)
        // The LinkType is the low 16 bits; the upper bits carry FCS information (§4, "LinkType and additional
        // information").
        return ClassicPCAPFile(
            byteOrder: order, resolution: resolution, linkType: LinkType(UInt16(truncatingIfNeeded: linkField)),
            snapLength: snap)
    }

    /// Reads one record; `nil` at a clean end of file.
    func readRecord(
        _ buffer: inout ByteBuffer, offset: Int, number: Int
    ) throws(CaptureFormatError) -> CapturedFrame? {
        guard buffer.readableBytes > 0 else { return nil }
        guard buffer.readableBytes >= Self.recordHeaderLength else {
            throw CaptureFormatError(byteOffset: offset, reason: .truncatedRecordHeader(available: buffer.readableBytes))
        }
        let start = buffer.readerIndex
        let seconds = buffer.getInteger(at: start, endianness: byteOrder, as: UInt32.self) ?? 0
        let fraction = buffer.getInteger(at: start + 4, endianness: byteOrder, as: UInt32.self) ?? 0
        let captured = Int(buffer.getInteger(at: start + 8, endianness: byteOrder, as: UInt32.self) ?? 0)
        let original = Int(buffer.getInteger(at: start + 12, endianness: byteOrder, as: UInt32.self) ?? 0)
        let available = buffer.readableBytes - Self.recordHeaderLength
        guard captured <= available,
            let data = buffer.getSlice(at: start + Self.recordHeaderLength, length: captured)
        else {
            throw CaptureFormatError(
                byteOffset: offset + Self.recordHeaderLength,
                reason: .truncatedRecordBody(capturedLength: captured, available: available))
        }
        buffer.moveReaderIndex(forwardBy: Self.recordHeaderLength + captured)
        let nanos: UInt64 =
            switch resolution {
            case .microseconds: UInt64(fraction) * 1000
            case .nanoseconds: UInt64(fraction)
            }
        let (carry, rest) = nanos.quotientAndRemainder(dividingBy: 1_000_000_000)
        let timestamp = CaptureTimestamp(seconds: Int64(seconds) + Int64(carry), nanoseconds: UInt32(rest))
        return CapturedFrame(
            number: number, timestamp: timestamp, linkType: linkType, interfaceID: 0,
            originalLength: original, data: data)
    }
}
