public import NIOCore

/// The 16-byte header that starts every SMPP PDU (SMPP 3.4 §3.2).
///
/// ```
/// +----------------+----------------+----------------+-----------------+
/// | command_length |   command_id   | command_status | sequence_number |
/// |    4 octets    |    4 octets    |    4 octets    |    4 octets     |
/// +----------------+----------------+----------------+-----------------+
/// ```
/// "command_length ... defines the total octet length of the SMPP PDU packet including the length field."
public struct SMPPHeader: Hashable, Sendable {
    /// The size of the header.
    public static let length = 16

    public var commandLength: UInt32
    public var commandID: SMPPCommandID
    public var commandStatus: SMPPCommandStatus
    public var sequenceNumber: UInt32

    @inlinable
    public init(
        commandLength: UInt32, commandID: SMPPCommandID, commandStatus: SMPPCommandStatus, sequenceNumber: UInt32
    ) {
        self.commandLength = commandLength
        self.commandID = commandID
        self.commandStatus = commandStatus
        self.sequenceNumber = sequenceNumber
    }

    /// Peeks at the header at the reader index without moving it; `nil` when fewer than 16 bytes are readable.
    public static func peek(_ buffer: ByteBuffer) -> SMPPHeader? {
        guard
            let (length, id, status, sequence) = buffer.getMultipleIntegers(
                at: buffer.readerIndex, as: (UInt32, UInt32, UInt32, UInt32).self)
        else { return nil }
        return SMPPHeader(
            commandLength: length, commandID: SMPPCommandID(id), commandStatus: SMPPCommandStatus(status),
            sequenceNumber: sequence)
    }

    /// Writes the header.
    @discardableResult
    public func write(into buffer: inout ByteBuffer) -> Int {
        buffer.writeMultipleIntegers(commandLength, commandID.rawValue, commandStatus.rawValue, sequenceNumber)
    }
}
