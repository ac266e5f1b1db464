public import NIOCore

/// One SMPP PDU (SMPP 3.4 §3.2): the header's status and sequence number, and the message.
///
/// Decode in two steps: `frame(from:)` cuts one whole PDU off a TCP byte stream, then `decode(_:unknownCommands:)`
/// decodes that exact slice. `encoded()` writes it back; for a well-formed PDU `encode(decode(bytes)) == bytes`.
public struct SMPPPDU: Hashable, Sendable, CustomStringConvertible {
    public var commandStatus: SMPPCommandStatus
    /// "A sequence number allows a response PDU to be correlated with a request PDU" (§5.1.4): 0x00000001 to
    /// 0x7FFFFFFF.
    public var sequenceNumber: UInt32
    public var message: SMPPMessage

    public init(commandStatus: SMPPCommandStatus = .ok, sequenceNumber: UInt32, message: SMPPMessage) {
        self.commandStatus = commandStatus
        self.sequenceNumber = sequenceNumber
        self.message = message
    }

    public var commandID: SMPPCommandID { message.commandID }

    public var description: String {
        commandStatus == .ok
            ? "\(message) #\(sequenceNumber)" : "\(message) #\(sequenceNumber) \(commandStatus)"
    }
}
