import NIOCore

/// I-FORWARD-TSN (RFC 8260 §2.3.1): FORWARD-TSN for I-DATA, naming messages by MID.
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 194  |  Flags = 0x00 |      Length = Variable        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       New Cumulative TSN                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |       Stream Identifier       |          Reserved           |U|
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       Message Identifier                      |
/// \                              ...                              \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPIForwardTSNChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.iForwardTSN

    /// One skipped message.
    public struct Entry: Hashable, Sendable {
        public var streamIdentifier: UInt16
        /// The reserved bits and the U bit (lowest bit), kept as received.
        public var reservedAndUnordered: UInt16
        public var messageIdentifier: UInt32

        public init(streamIdentifier: UInt16, reservedAndUnordered: UInt16, messageIdentifier: UInt32) {
            self.streamIdentifier = streamIdentifier
            self.reservedAndUnordered = reservedAndUnordered
            self.messageIdentifier = messageIdentifier
        }

        /// U bit: the skipped message was unordered.
        public var isUnordered: Bool { reservedAndUnordered & 1 != 0 }
    }

    public var flags: UInt8
    public var newCumulativeTSN: UInt32
    public var entries: [Entry]

    public init(flags: UInt8 = 0, newCumulativeTSN: UInt32, entries: [Entry] = []) {
        self.flags = flags
        self.newCumulativeTSN = newCumulativeTSN
        self.entries = entries
    }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        let tsn = try value.readFixed({ $0.readInteger(as: UInt32.self) }, minimum: 4)
        guard value.readableBytes % 8 == 0 else {
            throw SCTPDecodingError(.chunkValueLengthInvalid(actual: value.readableBytes + 4))
        }
        var entries: [Entry] = []
        entries.reserveCapacity(value.readableBytes / 8)
        while let (stream, bits, mid) = value.readMultipleIntegers(as: (UInt16, UInt16, UInt32).self) {
            entries.append(Entry(streamIdentifier: stream, reservedAndUnordered: bits, messageIdentifier: mid))
        }
        self.init(flags: flags, newCumulativeTSN: tsn, entries: entries)
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeInteger(newCumulativeTSN)
        for entry in entries {
            buffer.writeMultipleIntegers(entry.streamIdentifier, entry.reservedAndUnordered, entry.messageIdentifier)
        }
    }
}
