public import NIOCore

/// An Ethernet II header with any number of IEEE 802.1Q / 802.1ad VLAN tags.
///
/// ```
/// +-------------------+-------------------+---------+---------+-----+-----------+
/// | destination (6)   | source (6)        | TPID(2) | TCI (2) | ... | EtherType |
/// +-------------------+-------------------+---------+---------+-----+-----------+
///                                          \___ 0..n VLAN tags ___/
/// TCI: PCP (3 bits) | DEI (1 bit) | VID (12 bits)
/// ```
/// The 4-byte frame check sequence is rarely captured; when present it stays in the payload and the IP total
/// length trims it.
public struct EthernetHeader: Hashable, Sendable {
    /// One VLAN tag: its TPID (0x8100, 0x88A8 or 0x9100) and Tag Control Information.
    public struct VLANTag: Hashable, Sendable {
        public var tpid: EtherType
        public var tci: UInt16

        public init(tpid: EtherType = .vlan, tci: UInt16) {
            self.tpid = tpid
            self.tci = tci
        }

        /// VLAN identifier, the low 12 bits of the TCI.
        public var vlanID: UInt16 { tci & 0x0FFF }
        /// Priority code point, the top 3 bits.
        public var priority: UInt8 { UInt8(truncatingIfNeeded: tci >> 13) }
    }

    public var destination: [UInt8]
    public var source: [UInt8]
    /// Tags in wire order: the outer (service) tag first.
    public var vlanTags: [VLANTag]
    public var etherType: EtherType

    public static let minimumLength = 14

    public init(
        destination: [UInt8] = [0x02, 0, 0, 0, 0, 2], source: [UInt8] = [0x02, 0, 0, 0, 0, 1],
        vlanTags: [VLANTag] = [], etherType: EtherType
    ) {
        self.destination = destination
        self.source = source
        self.vlanTags = vlanTags
        self.etherType = etherType
    }

    /// Decodes the header and returns it with the bytes after it.
    public static func decode(_ frame: ByteBuffer) throws(PacketDecodingError) -> (EthernetHeader, ByteBuffer) {
        var buffer = frame
        guard let destination = buffer.readBytes(length: 6), let source = buffer.readBytes(length: 6),
            var type = buffer.readInteger(as: UInt16.self)
        else {
            throw PacketDecodingError(.ethernet, .truncated(needed: minimumLength, available: frame.readableBytes))
        }
        var tags: [VLANTag] = []
        // Each tag consumes 4 bytes, so the loop ends with the buffer at the latest.
        while EtherType(type).isVLANTag {
            guard let (tci, inner) = buffer.readMultipleIntegers(as: (UInt16, UInt16).self) else {
                throw PacketDecodingError(
                    .ethernet, .truncated(needed: minimumLength + 4 * (tags.count + 1), available: frame.readableBytes))
            }
            tags.append(VLANTag(tpid: EtherType(type), tci: tci))
            type = inner
        }
        return (EthernetHeader(destination: destination, source: source, vlanTags: tags, etherType: EtherType(type)), buffer)
    }

    /// The EtherType after any VLAN tags and the bytes after it, without building the header (no allocation):
    /// the per-frame fast path of `LinkLayer`.
    static func skip(_ frame: ByteBuffer) throws(PacketDecodingError) -> (EtherType, ByteBuffer) {
        var index = frame.readerIndex + 12
        var depth = 0
        while true {
            guard let type = frame.getInteger(at: index, as: UInt16.self) else {
                throw PacketDecodingError(
                    .ethernet, .truncated(needed: minimumLength + 4 * depth, available: frame.readableBytes))
            }
            index += 2
            guard EtherType(type).isVLANTag else {
                let payload = frame.getSlice(at: index, length: frame.writerIndex - index) ?? ByteBuffer()
                return (EtherType(type), payload)
            }
            index += 2  // TCI; the next two bytes are the inner TPID or EtherType.
            depth += 1
        }
    }

    /// Writes the header (MAC addresses padded or cut to 6 bytes).
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeBytes((destination + [0, 0, 0, 0, 0, 0]).prefix(6))
        buffer.writeBytes((source + [0, 0, 0, 0, 0, 0]).prefix(6))
        for tag in vlanTags {
            buffer.writeMultipleIntegers(tag.tpid.rawValue, tag.tci)
        }
        buffer.writeInteger(etherType.rawValue)
    }
}
