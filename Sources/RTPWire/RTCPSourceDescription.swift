import NIOCore

/// Source description, RTCP packet type 202 (RFC 3550 §6.5).
///
/// ```
/// |V=2|P|    SC   |  PT=SDES=202  |             length            |
/// |                          SSRC/CSRC_1                          |
/// |                           SDES items                          |
/// |                              ...                              |
/// ```
/// Each chunk's item list ends with one to four null octets that bring the chunk to a 32-bit boundary.
public struct RTCPSourceDescription: Hashable, Sendable {
    public static let packetType = RTCPPacketType.sourceDescription

    /// An SDES item type (RFC 3550 §6.5, §12.2), open so unknown types round-trip.
    public struct ItemType: RawRepresentable, Hashable, Sendable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let cname = ItemType(rawValue: 1)
        public static let name = ItemType(rawValue: 2)
        public static let email = ItemType(rawValue: 3)
        public static let phone = ItemType(rawValue: 4)
        public static let location = ItemType(rawValue: 5)
        public static let tool = ItemType(rawValue: 6)
        public static let note = ItemType(rawValue: 7)
        public static let privateExtension = ItemType(rawValue: 8)
    }

    public struct Item: Hashable, Sendable {
        public var type: ItemType
        /// UTF-8 text of at most 255 octets (kept as octets: the peer's bytes are not ours to fix).
        public var value: [UInt8]

        public init(type: ItemType, value: [UInt8]) {
            precondition(type.rawValue != 0 && value.count <= 255, "SDES item: type 1–255, at most 255 octets")
            self.type = type
            self.value = value
        }

        public init(type: ItemType, text: String) { self.init(type: type, value: Array(text.utf8)) }

        public var text: String { String(decoding: value, as: UTF8.self) }
    }

    public struct Chunk: Hashable, Sendable {
        public var source: UInt32
        public var items: [Item]

        public init(source: UInt32, items: [Item]) {
            self.source = source
            self.items = items
        }
    }

    /// At most 31 chunks (SC has 5 bits).
    public var chunks: [Chunk]

    public init(chunks: [Chunk]) {
        precondition(chunks.count <= 31, "SC has 5 bits")
        self.chunks = chunks
    }

    var count: UInt8 { UInt8(chunks.count) }

    func encodeBody(into buffer: inout ByteBuffer) {
        for chunk in chunks {
            buffer.writeInteger(chunk.source)
            var length = 0
            for item in chunk.items {
                buffer.writeMultipleIntegers(item.type.rawValue, UInt8(item.value.count))
                buffer.writeBytes(item.value)
                length += 2 + item.value.count
            }
            // "terminated by one or more null octets ... followed by null octets to the next 32-bit boundary"
            buffer.writeRepeatingByte(0, count: 4 - length % 4)
        }
    }

    static func decode(count: UInt8, body: ByteBuffer, packet: ByteBuffer) throws(RTPDecodingError) -> Self {
        var body = body
        var chunks: [Chunk] = []
        for _ in 0..<count {
            guard let source = body.readInteger(as: UInt32.self) else {
                throw RTPDecodingError(.malformedBody("SDES has fewer than \(count) chunks"), bytes: packet)
            }
            var items: [Item] = []
            var length = 0
            while true {
                guard let type = body.readInteger(as: UInt8.self) else {
                    throw RTPDecodingError(.malformedBody("SDES item list not terminated"), bytes: packet)
                }
                length += 1
                if type == 0 { break }
                guard let size = body.readInteger(as: UInt8.self), let value = body.readBytes(length: Int(size)) else {
                    throw RTPDecodingError(.malformedBody("SDES item longer than the packet"), bytes: packet)
                }
                length += 1 + Int(size)
                items.append(Item(type: ItemType(rawValue: type), value: value))
            }
            let padding = (4 - length % 4) % 4
            guard body.readableBytes >= padding else {
                throw RTPDecodingError(.malformedBody("SDES chunk not padded to 32 bits"), bytes: packet)
            }
            body.moveReaderIndex(forwardBy: padding)
            chunks.append(Chunk(source: source, items: items))
        }
        guard body.readableBytes == 0 else {
            throw RTPDecodingError(
                .malformedBody("SDES has \(body.readableBytes) octets after its chunks"),
                bytes: packet)
        }
        return RTCPSourceDescription(chunks: chunks)
    }
}
