public import NIOCore

/// Payload Data, DATA (RFC 9260 §3.3.1).
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 0    |  Res  |I|U|B|E|            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                              TSN                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Stream Identifier S      |   Stream Sequence Number n    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  Payload Protocol Identifier                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                 User Data (seq n of Stream S)                 \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct SCTPDataChunk: SCTPChunkPayload {
    public static let chunkType = SCTPChunkType.data

    /// The whole flags octet, reserved bits included, so it re-encodes as received.
    public var flags: UInt8
    public var tsn: UInt32
    public var streamIdentifier: UInt16
    public var streamSequenceNumber: UInt16
    public var payloadProtocolIdentifier: UInt32
    public var userData: ByteBuffer

    public init(
        flags: UInt8 = 0x03, tsn: UInt32, streamIdentifier: UInt16, streamSequenceNumber: UInt16,
        payloadProtocolIdentifier: UInt32, userData: ByteBuffer
    ) {
        self.flags = flags
        self.tsn = tsn
        self.streamIdentifier = streamIdentifier
        self.streamSequenceNumber = streamSequenceNumber
        self.payloadProtocolIdentifier = payloadProtocolIdentifier
        self.userData = userData
    }

    /// E bit: the last fragment of a user message.
    public var isEnding: Bool {
        get { flags & 0x01 != 0 }
        set { flags = newValue ? flags | 0x01 : flags & ~0x01 }
    }
    /// B bit: the first fragment of a user message.
    public var isBeginning: Bool {
        get { flags & 0x02 != 0 }
        set { flags = newValue ? flags | 0x02 : flags & ~0x02 }
    }
    /// U bit: unordered delivery; the SSN is then meaningless.
    public var isUnordered: Bool {
        get { flags & 0x04 != 0 }
        set { flags = newValue ? flags | 0x04 : flags & ~0x04 }
    }
    /// I bit (RFC 7053): the receiver should SACK without delay.
    public var isImmediate: Bool {
        get { flags & 0x08 != 0 }
        set { flags = newValue ? flags | 0x08 : flags & ~0x08 }
    }

    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError) {
        let (tsn, stream, ssn, ppid) = try value.readFixed(
            { $0.readMultipleIntegers(as: (UInt32, UInt16, UInt16, UInt32).self) }, minimum: 12)
        self.init(
            flags: flags, tsn: tsn, streamIdentifier: stream, streamSequenceNumber: ssn,
            payloadProtocolIdentifier: ppid, userData: value.readSlice(length: value.readableBytes) ?? ByteBuffer())
    }

    func encodeValue(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(tsn, streamIdentifier, streamSequenceNumber, payloadProtocolIdentifier)
        buffer.writeImmutableBuffer(userData)
    }
}
