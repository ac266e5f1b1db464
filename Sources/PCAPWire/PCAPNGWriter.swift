public import NIOCore
import WireSupport

/// Writes a pcapng file (draft-ietf-opsawg-pcapng) into a `ByteBuffer`: one Section Header Block, one
/// Interface Description Block per interface (with `if_tsresol`), and an Enhanced Packet Block per frame.
///
/// Several sections are made by concatenating the `bytes` of several writers.
public struct PCAPNGWriter: Sendable {
    /// One interface to declare with an IDB (§4.2).
    public struct Interface: Hashable, Sendable {
        public var linkType: LinkType
        public var snapLength: UInt32
        public var resolution: PCAPNGTimestampResolution

        public init(linkType: LinkType, snapLength: UInt32 = 0, resolution: PCAPNGTimestampResolution = .microseconds) {
            self.linkType = linkType
            self.snapLength = snapLength
            self.resolution = resolution
        }
    }

    public let byteOrder: Endianness
    public private(set) var interfaces: [Interface] = []
    /// The file written so far.
    public private(set) var bytes = ByteBuffer()

    /// Writes the Section Header Block and one IDB per interface.
    public init(byteOrder: Endianness = .little, interfaces: [Interface] = []) {
        self.byteOrder = byteOrder
        writeBlock(type: PCAPNGFile.sectionHeaderType) { body, order in
            body.writeInteger(PCAPNGFile.byteOrderMagic, endianness: order)
            body.writeInteger(UInt16(1), endianness: order)  // Major Version
            body.writeInteger(UInt16(0), endianness: order)  // Minor Version
            body.writeInteger(Int64(-1), endianness: order)  // Section Length: not specified
        }
        for interface in interfaces { addInterface(interface) }
    }

    /// Declares an interface with an IDB and returns its interface ID.
    @discardableResult
    public mutating func addInterface(_ interface: Interface) -> Int {
        writeBlock(type: PCAPNGFile.interfaceDescriptionType) { body, order in
            body.writeInteger(interface.linkType.rawValue, endianness: order)
            body.writeInteger(UInt16(0), endianness: order)  // Reserved
            body.writeInteger(interface.snapLength, endianness: order)
            if interface.resolution != .microseconds {
                PCAPNGOptions.write(code: 9, value: [interface.resolution.optionValue], byteOrder: order, into: &body)
                PCAPNGOptions.write(code: PCAPNGOptions.endOfOptions, value: [], byteOrder: order, into: &body)
            }
        }
        interfaces.append(interface)
        return interfaces.count - 1
    }

    /// Appends an Enhanced Packet Block for `frame` on `frame.interfaceID` (which must have been declared;
    /// otherwise interface 0's resolution is used and the reader will reject the block).
    public mutating func append(_ frame: CapturedFrame) {
        let resolution =
            interfaces.indices.contains(frame.interfaceID) ? interfaces[frame.interfaceID].resolution : .microseconds
        let units = resolution.units(of: frame.timestamp)
        writeBlock(type: PCAPNGFile.enhancedPacketType) { body, order in
            body.writeInteger(UInt32(clamping: max(frame.interfaceID, 0)), endianness: order)
            body.writeInteger(UInt32(truncatingIfNeeded: units >> 32), endianness: order)
            body.writeInteger(UInt32(truncatingIfNeeded: units), endianness: order)
            body.writeInteger(UInt32(clamping: frame.data.readableBytes), endianness: order)
            body.writeInteger(UInt32(clamping: max(frame.originalLength, 0)), endianness: order)
            body.writeImmutableBuffer(frame.data)
            body.writeRepeatingByte(0, count: ByteBuffer.paddingToFour(frame.data.readableBytes))
        }
    }

    /// Appends a Simple Packet Block (§4.4), which belongs to interface 0 and carries no timestamp.
    public mutating func appendSimplePacket(_ data: ByteBuffer, originalLength: Int? = nil) {
        writeBlock(type: PCAPNGFile.simplePacketType) { body, order in
            body.writeInteger(UInt32(clamping: originalLength ?? data.readableBytes), endianness: order)
            body.writeImmutableBuffer(data)
            body.writeRepeatingByte(0, count: ByteBuffer.paddingToFour(data.readableBytes))
        }
    }

    /// Appends a block of any type with `body` as its body (padded to 32 bits); for unknown-block tests.
    public mutating func appendBlock(type: UInt32, body: ByteBuffer) {
        writeBlock(type: type) { out, _ in
            out.writeImmutableBuffer(body)
            out.writeRepeatingByte(0, count: ByteBuffer.paddingToFour(body.readableBytes))
        }
    }

    private mutating func writeBlock(type: UInt32, _ fill: (inout ByteBuffer, Endianness) -> Void) {
        var body = ByteBuffer()
        fill(&body, byteOrder)
        let total = UInt32(clamping: body.readableBytes + 12)
        bytes.writeInteger(type, endianness: byteOrder)
        bytes.writeInteger(total, endianness: byteOrder)
        bytes.writeBuffer(&body)
        bytes.writeInteger(total, endianness: byteOrder)
    }
}
