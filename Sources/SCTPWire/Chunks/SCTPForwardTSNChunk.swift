import NIOCore

/// Forward Cumulative TSN, FORWARD-TSN (RFC 3758 §3.2).
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      New Cumulative TSN                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Stream-1              |       Stream Sequence-1       |
/// \                              ...                              /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPForwardTSNChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.forwardTSN

    /// One skipped stream and the largest SSN skipped on it.
    public struct Entry: Hashable, Sendable {
        public var streamIdentifier: UInt16
        public var streamSequenceNumber: UInt16

        public init(streamIdentifier: UInt16, streamSequenceNumber: UInt16) {
            self.streamIdentifier = streamIdentifier
            self.streamSequenceNumber = streamSequenceNumber
        }
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
        guard value.readableBytes % 4 == 0 else {
            throw SCTPDecodingError(.chunkValueLengthInvalid(actual: value.readableBytes + 4))
        }
        var entries: [Entry] = []
        entries.reserveCapacity(value.readableBytes / 4)
        while let (stream, ssn) = value.readMultipleIntegers(as: (UInt16, UInt16).self) {
            entries.append(Entry(streamIdentifier: stream, streamSequenceNumber: ssn))
        }
        self.init(flags: flags, newCumulativeTSN: tsn, entries: entries)
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeInteger(newCumulativeTSN)
        for entry in entries { buffer.writeMultipleIntegers(entry.streamIdentifier, entry.streamSequenceNumber) }
    }
}
