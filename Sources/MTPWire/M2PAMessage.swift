public import NIOCore

/// An M2PA message (RFC 4165 §2): the common header, the M2PA header, then User Data or Link Status.
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    Version    |     Spare     | Message Class | Message Type  |  common header (§2.1)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                        Message Length                         |  whole message, headers included
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     unused    |                      BSN                      |  M2PA header (§2.2)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     unused    |                      FSN                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                       Message Data                            \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// Message class 11 (M2PA) with type 1 (User Data) or 2 (Link Status) is decoded; any other class or type is
/// kept raw and re-encoded as received.
public struct M2PAMessage: Hashable, Sendable {
    /// The body, which also fixes the message class and type.
    public enum Body: Hashable, Sendable {
        /// User Data carrying an MTP3 message (RFC 4165 §2.3.1).
        case userData(M2PAUserData)
        /// User Data with no data at all: an acknowledgement carrying only BSN/FSN (RFC 4165 §4.2).
        case emptyUserData
        /// Link Status (RFC 4165 §2.3.2).
        case linkStatus(M2PALinkStatus)
        /// Any other class or type, with its message data as received.
        case unknown(messageClass: UInt8, messageType: UInt8, data: ByteBuffer)
    }

    /// RFC 4165 §2.1.3: the M2PA message class.
    public static let messageClassM2PA: UInt8 = 11
    /// RFC 4165 §2.1.4.
    public static let messageTypeUserData: UInt8 = 1
    public static let messageTypeLinkStatus: UInt8 = 2
    /// The common header plus the M2PA header.
    public static let headerLength = 16

    /// RFC 4165 §2.1.2: "SHOULD be set to all zeros by the sender and ignored by the receiver"; kept.
    public var spare: UInt8
    /// The octets in front of BSN and FSN (§2.2: "unused"), kept as received.
    public var unusedBeforeBSN: UInt8
    public var unusedBeforeFSN: UInt8
    /// Backward sequence number, 24 bits (§2.2.1).
    public var backwardSequenceNumber: UInt32
    /// Forward sequence number, 24 bits (§2.2.2).
    public var forwardSequenceNumber: UInt32
    public var body: Body

    public init(
        backwardSequenceNumber: UInt32, forwardSequenceNumber: UInt32, body: Body, spare: UInt8 = 0,
        unusedBeforeBSN: UInt8 = 0, unusedBeforeFSN: UInt8 = 0
    ) {
        self.spare = spare
        self.unusedBeforeBSN = unusedBeforeBSN
        self.unusedBeforeFSN = unusedBeforeFSN
        self.backwardSequenceNumber = backwardSequenceNumber & 0xFF_FFFF
        self.forwardSequenceNumber = forwardSequenceNumber & 0xFF_FFFF
        self.body = body
    }

    /// RFC 4165 §2.1.1: version 1 is the only one.
    public var version: UInt8 { 1 }

    public var messageClass: UInt8 {
        if case .unknown(let messageClass, _, _) = body { messageClass } else { Self.messageClassM2PA }
    }

    public var messageType: UInt8 {
        switch body {
        case .userData, .emptyUserData: Self.messageTypeUserData
        case .linkStatus: Self.messageTypeLinkStatus
        case .unknown(_, let messageType, _): messageType
        }
    }

    /// The MTP3 message of a User Data message.
    public var mtp3: MTP3Message? {
        if case .userData(let data) = body { data.message } else { nil }
    }

    /// Decodes all readable bytes of `bytes` as one M2PA message (one SCTP user message, PPID 5).
    public static func decode(_ bytes: ByteBuffer, pointCodeFormat: PointCodeFormat = .itu)
        throws(MTPDecodingError) -> M2PAMessage
    {
        var buffer = bytes
        guard
            let (version, spare, messageClass, messageType, length, bsnWord, fsnWord) = buffer.readMultipleIntegers(
                as: (UInt8, UInt8, UInt8, UInt8, UInt32, UInt32, UInt32).self)
        else {
            throw MTPDecodingError(
                .truncated(what: "M2PA header", needed: headerLength, available: bytes.readableBytes))
        }
        guard version == 1 else { throw MTPDecodingError(.unsupportedVersion(version)) }
        // RFC 4165 §2.1.5: "The Message Length defines the length of the message in octets, including the
        // Common Header."
        guard length >= UInt32(headerLength), length == UInt32(bytes.readableBytes) else {
            throw MTPDecodingError(.messageLengthInvalid(field: length, available: bytes.readableBytes))
        }
        let data = buffer.readSlice(length: buffer.readableBytes) ?? ByteBuffer()
        let body: Body
        switch (messageClass, messageType) {
        case (messageClassM2PA, messageTypeUserData):
            if data.readableBytes == 0 {
                body = .emptyUserData
            } else {
                body = .userData(try M2PAUserData.decode(data, pointCodeFormat: pointCodeFormat))
            }
        case (messageClassM2PA, messageTypeLinkStatus):
            body = .linkStatus(try M2PALinkStatus.decode(data))
        default:
            body = .unknown(messageClass: messageClass, messageType: messageType, data: data)
        }
        return M2PAMessage(
            backwardSequenceNumber: bsnWord & 0xFF_FFFF, forwardSequenceNumber: fsnWord & 0xFF_FFFF, body: body,
            spare: spare, unusedBeforeBSN: UInt8(truncatingIfNeeded: bsnWord >> 24),
            unusedBeforeFSN: UInt8(truncatingIfNeeded: fsnWord >> 24))
    }

    /// Writes the message with its length computed; returns the bytes written.
    @discardableResult
    public func encode(into buffer: inout ByteBuffer) -> Int {
        let start = buffer.writerIndex
        buffer.writeMultipleIntegers(
            version, spare, messageClass, messageType, UInt32(0),
            UInt32(unusedBeforeBSN) << 24 | (backwardSequenceNumber & 0xFF_FFFF),
            UInt32(unusedBeforeFSN) << 24 | (forwardSequenceNumber & 0xFF_FFFF))
        switch body {
        case .userData(let data): data.encode(into: &buffer)
        case .emptyUserData: break
        case .linkStatus(let status): status.encode(into: &buffer)
        case .unknown(_, _, let data): buffer.writeImmutableBuffer(data)
        }
        let written = buffer.writerIndex - start
        buffer.setInteger(UInt32(truncatingIfNeeded: written), at: start + 4)
        return written
    }
}
