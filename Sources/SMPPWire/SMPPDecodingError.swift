public import NIOCore

/// Why an SMPP PDU could not be decoded, with what is needed to answer the peer (SMPP 3.4 §2.9, §4.3, §5.1.3).
///
/// The answer is `reply()`: a generic_nack for a bad command_length (ESME_RINVCMDLEN) or an unknown command_id
/// (ESME_RINVCMDID) — the two cases §4.3 gives generic_nack for — otherwise the request's own response carrying
/// the error status. A generic_nack is never answered, nor a response unless its command_length is wrong.
public struct SMPPDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: Error, Hashable, Sendable {
        /// command_length below the header size or above the framing limit: the stream cannot be re-synchronised.
        case badCommandLength(declared: UInt32)
        /// command_length differs from the number of bytes handed to `decode`.
        case lengthMismatch(declared: UInt32, actual: Int)
        /// A command_id this codec does not implement (with `unknownCommands: .reject`).
        case unsupportedCommand(SMPPCommandID)
        /// The body ends inside a mandatory field.
        case truncatedBody(field: SMPPField)
        /// A header-only PDU (unbind, enquire_link, generic_nack, …) carries a body.
        case unexpectedBody(length: Int)
        /// No NUL within the field's maximum size.
        case unterminatedString(field: SMPPField)
        /// sm_length runs past the end of the PDU.
        case shortMessageOverrun(declared: Int)
        /// The optional part is not a whole number of TLVs.
        case badOptionalParameterStream
    }

    /// How many bytes of the offending PDU are kept for logs.
    public static let diagnosticLimit = 64

    public var reason: Reason
    /// The SMPP error code the answer carries (§5.1.3).
    public var commandStatus: SMPPCommandStatus
    /// The offending PDU's header, when 16 bytes were there to read.
    public var header: SMPPHeader?
    /// The first `diagnosticLimit` bytes of the offending PDU.
    public var offendingBytes: ByteBuffer
    public var file: String
    public var line: Int

    public init(_ reason: Reason, pdu: ByteBuffer, file: String = #fileID, line: Int = #line) {
        self.reason = reason
        self.commandStatus = Self.status(for: reason)
        self.header = SMPPHeader.peek(pdu)
        self.offendingBytes =
            pdu.getSlice(at: pdu.readerIndex, length: min(pdu.readableBytes, Self.diagnosticLimit)) ?? ByteBuffer()
        self.file = file
        self.line = line
    }

    static func status(for reason: Reason) -> SMPPCommandStatus {
        switch reason {
        case .badCommandLength, .lengthMismatch, .truncatedBody, .unexpectedBody: .invalidCommandLength
        case .unsupportedCommand: .invalidCommandID
        case .unterminatedString(let field): field.status
        case .shortMessageOverrun: .invalidMessageLength
        case .badOptionalParameterStream: .invalidOptionalParameterStream
        }
    }

    /// Whether the byte stream is lost (the connection should be closed after the reply).
    public var isFatal: Bool {
        switch reason {
        case .badCommandLength: true
        case .lengthMismatch, .unsupportedCommand, .truncatedBody, .unexpectedBody, .unterminatedString,
            .shortMessageOverrun, .badOptionalParameterStream:
            false
        }
    }

    /// The PDU that answers the offending one, or `nil` when none must be sent (a response, or a generic_nack).
    public func reply() -> SMPPPDU? {
        let commandID = header?.commandID
        let sequence = header?.sequenceNumber ?? 0
        if commandID == .genericNack { return nil }
        let nack = SMPPPDU(commandStatus: commandStatus, sequenceNumber: sequence, message: .genericNack)
        switch reason {
        case .badCommandLength, .lengthMismatch: return nack
        case .unsupportedCommand, .truncatedBody, .unexpectedBody, .unterminatedString, .shortMessageOverrun,
            .badOptionalParameterStream:
            break
        }
        guard let commandID, !commandID.isResponse else { return nil }
        if commandStatus == .invalidCommandLength || commandStatus == .invalidCommandID { return nack }
        guard let response = commandID.responseID.flatMap(SMPPMessage.errorResponse(for:)) else {
            return SMPPPDU(commandStatus: commandStatus, sequenceNumber: sequence, message: .genericNack)
        }
        return SMPPPDU(commandStatus: commandStatus, sequenceNumber: sequence, message: response)
    }

    public var description: String {
        "SMPP \(commandStatus) (\(reason)) in \(header.map { "\($0.commandID)" } ?? "a short PDU") at \(file):\(line)"
    }
}
