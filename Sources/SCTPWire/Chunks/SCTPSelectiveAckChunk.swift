import NIOCore

/// Selective Acknowledgement, SACK (RFC 9260 §3.3.4).
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 3    |  Chunk Flags  |         Chunk Length          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Cumulative TSN Ack                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Advertised Receiver Window Credit (a_rwnd)           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
/// /                              ...                              /
/// |                        Duplicate TSN 1                        |
/// /                              ...                              /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPSelectiveAckChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.selectiveAck

    /// A Gap Ack Block: offsets from the Cumulative TSN Ack (RFC 9260 §3.3.4).
    public struct GapAckBlock: Hashable, Sendable {
        public var start: UInt16
        public var end: UInt16

        public init(start: UInt16, end: UInt16) {
            self.start = start
            self.end = end
        }
    }

    public var flags: UInt8
    public var cumulativeTSNAck: UInt32
    public var advertisedReceiverWindowCredit: UInt32
    public var gapAckBlocks: [GapAckBlock]
    public var duplicateTSNs: [UInt32]

    public init(
        flags: UInt8 = 0, cumulativeTSNAck: UInt32, advertisedReceiverWindowCredit: UInt32,
        gapAckBlocks: [GapAckBlock] = [], duplicateTSNs: [UInt32] = []
    ) {
        self.flags = flags
        self.cumulativeTSNAck = cumulativeTSNAck
        self.advertisedReceiverWindowCredit = advertisedReceiverWindowCredit
        self.gapAckBlocks = gapAckBlocks
        self.duplicateTSNs = duplicateTSNs
    }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        let (ack, window, gapCount, dupCount) = try value.readFixed(
            { $0.readMultipleIntegers(as: (UInt32, UInt32, UInt16, UInt16).self) }, minimum: 12)
        // The counts are bounded by 16 bits, so this cannot overflow; the value must hold exactly that much.
        let expected = Int(gapCount) * 4 + Int(dupCount) * 4
        guard value.readableBytes == expected else {
            throw SCTPDecodingError(.chunkValueLengthInvalid(actual: value.readableBytes + 12))
        }
        var gaps: [GapAckBlock] = []
        gaps.reserveCapacity(Int(gapCount))
        for _ in 0..<gapCount {
            guard let (start, end) = value.readMultipleIntegers(as: (UInt16, UInt16).self) else { break }
            gaps.append(GapAckBlock(start: start, end: end))
        }
        var dups: [UInt32] = []
        dups.reserveCapacity(Int(dupCount))
        for _ in 0..<dupCount {
            guard let tsn = value.readInteger(as: UInt32.self) else { break }
            dups.append(tsn)
        }
        self.init(
            flags: flags, cumulativeTSNAck: ack, advertisedReceiverWindowCredit: window, gapAckBlocks: gaps,
            duplicateTSNs: dups)
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(
            cumulativeTSNAck, advertisedReceiverWindowCredit, UInt16(truncatingIfNeeded: gapAckBlocks.count),
            UInt16(truncatingIfNeeded: duplicateTSNs.count))
        for block in gapAckBlocks { buffer.writeMultipleIntegers(block.start, block.end) }
        for tsn in duplicateTSNs { buffer.writeInteger(tsn) }
    }
}
