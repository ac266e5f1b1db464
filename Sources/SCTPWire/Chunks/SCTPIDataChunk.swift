public import NIOCore

/// I-DATA (RFC 8260 §2.1): DATA with a 32-bit Message Identifier and a Fragment Sequence Number so
/// messages of one stream can be interleaved.
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 64   |  Res  |I|U|B|E|       Length = Variable       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                              TSN                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |        Stream Identifier      |           Reserved            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Message Identifier                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    Payload Protocol Identifier / Fragment Sequence Number     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                           User Data                           \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPIDataChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.iData

    public var flags: UInt8
    public var tsn: UInt32
    public var streamIdentifier: UInt16
    /// Kept as received (RFC 8260: "MUST be set to 0 by the sender and ignored by the receiver").
    public var reserved: UInt16
    public var messageIdentifier: UInt32
    /// The PPID when the B bit is set, else the Fragment Sequence Number (RFC 8260 §2.1).
    public var ppidOrFSN: UInt32
    public var userData: ByteBuffer

    public init(
        flags: UInt8 = 0x03, tsn: UInt32, streamIdentifier: UInt16, reserved: UInt16 = 0, messageIdentifier: UInt32,
        ppidOrFSN: UInt32, userData: ByteBuffer
    ) {
        self.flags = flags
        self.tsn = tsn
        self.streamIdentifier = streamIdentifier
        self.reserved = reserved
        self.messageIdentifier = messageIdentifier
        self.ppidOrFSN = ppidOrFSN
        self.userData = userData
    }

    public var isEnding: Bool { flags & 0x01 != 0 }
    public var isBeginning: Bool { flags & 0x02 != 0 }
    public var isUnordered: Bool { flags & 0x04 != 0 }
    public var isImmediate: Bool { flags & 0x08 != 0 }

    /// The Payload Protocol Identifier, carried only by the first fragment.
    public var payloadProtocolIdentifier: UInt32? { isBeginning ? ppidOrFSN : nil }

    /// The Fragment Sequence Number: implicitly 0 for the first fragment (RFC 8260 §2.1).
    public var fragmentSequenceNumber: UInt32 { isBeginning ? 0 : ppidOrFSN }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        let (tsn, stream, reserved, mid, ppidOrFSN) = try value.readFixed(
            { $0.readMultipleIntegers(as: (UInt32, UInt16, UInt16, UInt32, UInt32).self) }, minimum: 16)
        self.init(
            flags: flags, tsn: tsn, streamIdentifier: stream, reserved: reserved, messageIdentifier: mid,
            ppidOrFSN: ppidOrFSN, userData: value.readSlice(length: value.readableBytes) ?? ByteBuffer())
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(tsn, streamIdentifier, reserved, messageIdentifier, ppidOrFSN)
        buffer.writeImmutableBuffer(userData)
    }
}
