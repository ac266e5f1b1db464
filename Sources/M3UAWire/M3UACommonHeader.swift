public import NIOCore

/// The 8-byte common header that starts every M3UA message (RFC 4666 §3.1).
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    Version    |   Reserved    | Message Class | Message Type  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                        Message Length                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct M3UACommonHeader: Hashable, Sendable {
    /// The size of the common header.
    public static let length = 8
    /// "Version: 8 bits ... 1 Release 1.0" (RFC 4666 §3.1.1).
    public static let currentVersion: UInt8 = 1

    public var version: UInt8
    /// "Reserved: 8 bits. The Reserved field SHOULD be set to all '0's and ignored by the receiver." (§3.1.3)
    public var reserved: UInt8
    public var messageClass: M3UAMessageClass
    public var messageType: UInt8
    /// "The Message Length defines the length of the message in octets, including the Common Header." (§3.1.4)
    public var messageLength: UInt32

    @inlinable
    public init(
        version: UInt8 = M3UACommonHeader.currentVersion, reserved: UInt8 = 0, messageClass: M3UAMessageClass,
        messageType: UInt8, messageLength: UInt32
    ) {
        self.version = version
        self.reserved = reserved
        self.messageClass = messageClass
        self.messageType = messageType
        self.messageLength = messageLength
    }

    /// Peeks at the header at the reader index without moving it; `nil` when fewer than 8 bytes are readable.
    public static func peek(_ buffer: ByteBuffer) -> M3UACommonHeader? {
        guard
            let (version, reserved, messageClass, messageType, length) = buffer.getMultipleIntegers(
                at: buffer.readerIndex, as: (UInt8, UInt8, UInt8, UInt8, UInt32).self)
        else { return nil }
        return M3UACommonHeader(
            version: version, reserved: reserved, messageClass: M3UAMessageClass(messageClass),
            messageType: messageType, messageLength: length)
    }

    /// Writes the header.
    @discardableResult
    public func write(into buffer: inout ByteBuffer) -> Int {
        buffer.writeMultipleIntegers(version, reserved, messageClass.rawValue, messageType, messageLength)
    }
}
