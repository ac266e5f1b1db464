import NIOCore
import WireSupport

/// Reader state for a pcapng file (draft-ietf-opsawg-pcapng).
///
/// Every block has the same frame (§3.1):
/// ```
///  0                   1                   2                   3
/// +---------------------------------------------------------------+
/// |                          Block Type                           |
/// +---------------------------------------------------------------+
/// |                      Block Total Length                       |
/// +---------------------------------------------------------------+
/// /                          Block Body                           /
/// +---------------------------------------------------------------+
/// |                      Block Total Length                       |
/// +---------------------------------------------------------------+
/// ```
/// A Section Header Block starts each section and fixes its byte order; Interface Description Blocks
/// number the section's interfaces from 0; packet blocks refer to them. Unknown blocks are skipped by length.
struct PCAPNGFile: Sendable {
    static let sectionHeaderType: UInt32 = 0x0A0D_0D0A
    static let interfaceDescriptionType: UInt32 = 0x0000_0001
    static let obsoletePacketType: UInt32 = 0x0000_0002
    static let simplePacketType: UInt32 = 0x0000_0003
    static let enhancedPacketType: UInt32 = 0x0000_0006
    static let byteOrderMagic: UInt32 = 0x1A2B_3C4D

    /// One interface of the current section.
    struct Interface: Sendable {
        var linkType: LinkType
        var snapLength: UInt32
        var resolution: PCAPNGTimestampResolution
        var offsetSeconds: Int64
    }

    var byteOrder: Endianness
    var interfaces: [Interface] = []

    /// Reads blocks until a packet block yields a frame; `nil` at a clean end of file.
    mutating func readFrame(
        _ buffer: inout ByteBuffer, base: Int, number: Int
    ) throws(CaptureFormatError) -> CapturedFrame? {
        while buffer.readableBytes > 0 {
            let start = buffer.readerIndex
            let offset = start - base
            guard buffer.readableBytes >= 8 else {
                throw CaptureFormatError(byteOffset: offset, reason: .truncatedBlockHeader(available: buffer.readableBytes))
            }
            let rawType = buffer.getInteger(at: start, endianness: byteOrder, as: UInt32.self) ?? 0
            if rawType == Self.sectionHeaderType {
                // A new section may change the byte order; its SHB tells.
                byteOrder = try Self.sectionByteOrder(buffer, offset: offset)
            }
            let (type, body) = try Self.readBlock(&buffer, byteOrder: byteOrder, offset: offset)
            switch type {
            case Self.sectionHeaderType:
                guard body.readableBytes >= 16 else {
                    throw CaptureFormatError(byteOffset: offset, reason: .invalidBlockLength(body.readableBytes + 12))
                }
                interfaces = []
            case Self.interfaceDescriptionType:
                interfaces.append(try readInterface(body, offset: offset))
            case Self.enhancedPacketType:
                return try readEnhancedPacket(body, offset: offset, number: number)
            case Self.simplePacketType:
                return try readSimplePacket(body, offset: offset, number: number)
            case Self.obsoletePacketType:
                return try readObsoletePacket(body, offset: offset, number: number)
            default:
                continue  // §3.1: unknown blocks are skipped using the Block Total Length.
            }
        }
        return nil
    }

    /// The byte order of the SHB at `offset`, from its Byte-Order Magic (§4.1).
    static func sectionByteOrder(_ buffer: ByteBuffer, offset: Int) throws(CaptureFormatError) -> Endianness {
        let start = buffer.readerIndex
        guard let magic = buffer.getInteger(at: start + 8, endianness: .big, as: UInt32.self) else {
            throw CaptureFormatError(byteOffset: offset, reason: .truncatedBlock(blockLength: 28, available: buffer.readableBytes))
        }
        switch magic {
        case byteOrderMagic: return .big
        case byteOrderMagic.byteSwapped: return .little
        default: throw CaptureFormatError(byteOffset: offset + 8, reason: .badByteOrderMagic(magic))
        }
    }

    /// Reads one whole block and returns its type and its body (without the two length fields).
    static func readBlock(
        _ buffer: inout ByteBuffer, byteOrder: Endianness, offset: Int
    ) throws(CaptureFormatError) -> (UInt32, ByteBuffer) {
        let start = buffer.readerIndex
        let type = buffer.getInteger(at: start, endianness: byteOrder, as: UInt32.self) ?? 0
        let length = Int(buffer.getInteger(at: start + 4, endianness: byteOrder, as: UInt32.self) ?? 0)
        // §3.1: the Block Total Length is a multiple of 4 and counts the 12 bytes of type and both lengths.
        guard length >= 12, length % 4 == 0 else {
            throw CaptureFormatError(byteOffset: offset + 4, reason: .invalidBlockLength(length))
        }
        guard length <= buffer.readableBytes else {
            throw CaptureFormatError(
                byteOffset: offset, reason: .truncatedBlock(blockLength: length, available: buffer.readableBytes))
        }
        let trailing = Int(buffer.getInteger(at: start + length - 4, endianness: byteOrder, as: UInt32.self) ?? 0)
        guard trailing == length else {
            throw CaptureFormatError(
                byteOffset: offset + length - 4, reason: .blockLengthMismatch(leading: length, trailing: trailing))
        }
        let body = buffer.getSlice(at: start + 8, length: length - 12) ?? ByteBuffer()
        buffer.moveReaderIndex(forwardBy: length)
        return (type, body)
    }

    /// Interface Description Block (§4.2): LinkType, Reserved, SnapLen, options (if_tsresol 9, if_tsoffset 14).
    func readInterface(_ body: ByteBuffer, offset: Int) throws(CaptureFormatError) -> Interface {
        var body = body
        guard let link = body.readInteger(endianness: byteOrder, as: UInt16.self),
            body.readInteger(endianness: byteOrder, as: UInt16.self) != nil,
            let snap = body.readInteger(endianness: byteOrder, as: UInt32.self)
        else {
            throw CaptureFormatError(byteOffset: offset + 4, reason: .invalidBlockLength(body.readableBytes + 12))
        }
        var interface = Interface(
            linkType: LinkType(link), snapLength: snap, resolution: .microseconds, offsetSeconds: 0)
        let optionsOffset = offset + 16
        try PCAPNGOptions.forEach(in: body, byteOrder: byteOrder, offset: optionsOffset) {
            (code, value, valueOffset) throws(CaptureFormatError) in
            switch code {
            case 9:
                guard let byte = value.getInteger(at: value.readerIndex, as: UInt8.self) else { return }
                guard let resolution = PCAPNGTimestampResolution(optionValue: byte) else {
                    throw CaptureFormatError(byteOffset: valueOffset, reason: .unsupportedTimestampResolution(byte))
                }
                interface.resolution = resolution
            case 14:
                if let seconds = value.getInteger(at: value.readerIndex, endianness: byteOrder, as: Int64.self) {
                    interface.offsetSeconds = seconds
                }
            default:
                break
            }
        }
        return interface
    }

    func interface(_ id: Int, offset: Int) throws(CaptureFormatError) -> Interface {
        guard id >= 0, id < interfaces.count else {
            throw CaptureFormatError(byteOffset: offset, reason: .unknownInterface(id))
        }
        return interfaces[id]
    }

    /// Enhanced Packet Block (§4.3): Interface ID, Timestamp (High), Timestamp (Low), Captured Packet Length,
    /// Original Packet Length, Packet Data padded to 32 bits, options.
    func readEnhancedPacket(_ body: ByteBuffer, offset: Int, number: Int) throws(CaptureFormatError) -> CapturedFrame {
        var body = body
        guard
            let (id, high, low, captured, original) = body.readMultipleIntegers(
                endianness: byteOrder, as: (UInt32, UInt32, UInt32, UInt32, UInt32).self)
        else {
            throw CaptureFormatError(byteOffset: offset + 4, reason: .invalidBlockLength(body.readableBytes + 12))
        }
        return try timestampedPacket(
            interfaceID: Int(id), high: high, low: low, captured: captured, original: original, data: &body,
            offset: offset, number: number)
    }

    /// Simple Packet Block (§4.4): Original Packet Length, Packet Data. It belongs to interface 0; the captured
    /// length is the smaller of the original length, the interface's SnapLen and the bytes the block holds.
    func readSimplePacket(_ body: ByteBuffer, offset: Int, number: Int) throws(CaptureFormatError) -> CapturedFrame {
        var body = body
        guard let original = body.readInteger(endianness: byteOrder, as: UInt32.self) else {
            throw CaptureFormatError(byteOffset: offset + 4, reason: .invalidBlockLength(body.readableBytes + 12))
        }
        let interface = try interface(0, offset: offset)
        var captured = min(Int(original), body.readableBytes)
        if interface.snapLength > 0 { captured = min(captured, Int(interface.snapLength)) }
        let data = body.readSlice(length: captured) ?? ByteBuffer()
        return CapturedFrame(
            number: number, timestamp: CaptureTimestamp(seconds: 0, nanoseconds: 0), linkType: interface.linkType,
            interfaceID: 0, originalLength: Int(original), data: data)
    }

    /// Obsolete Packet Block (Appendix A): Interface ID (16 bits), Drops Count (16 bits), Timestamp (High),
    /// Timestamp (Low), Captured Len, Packet Len, Packet Data, options.
    func readObsoletePacket(_ body: ByteBuffer, offset: Int, number: Int) throws(CaptureFormatError) -> CapturedFrame {
        var body = body
        guard
            let (id, _, high, low, captured, original) = body.readMultipleIntegers(
                endianness: byteOrder, as: (UInt16, UInt16, UInt32, UInt32, UInt32, UInt32).self)
        else {
            throw CaptureFormatError(byteOffset: offset + 4, reason: .invalidBlockLength(body.readableBytes + 12))
        }
        return try timestampedPacket(
            interfaceID: Int(id), high: high, low: low, captured: captured, original: original, data: &body,
            offset: offset, number: number)
    }

    /// The part EPB and OPB share once their headers are read: the interface, the packet data (captured length
    /// checked against the block), and the timestamp in the interface's resolution.
    private func timestampedPacket(
        interfaceID id: Int, high: UInt32, low: UInt32, captured: UInt32, original: UInt32, data body: inout ByteBuffer,
        offset: Int, number: Int
    ) throws(CaptureFormatError) -> CapturedFrame {
        let interface = try interface(id, offset: offset + 8)
        guard let data = body.readExactSlice(length: Int(captured)) else {
            throw CaptureFormatError(
                byteOffset: offset + 20,
                reason: .capturedLengthExceedsBlock(capturedLength: Int(captured), available: body.readableBytes))
        }
        let units = UInt64(high) << 32 | UInt64(low)
        return CapturedFrame(
            number: number, timestamp: interface.resolution.timestamp(units: units, offsetSeconds: interface.offsetSeconds),
            linkType: interface.linkType, interfaceID: id, originalLength: Int(original), data: data)
    }
}
