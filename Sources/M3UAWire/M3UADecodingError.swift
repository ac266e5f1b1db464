public import NIOCore

/// Why an M3UA message could not be decoded, with everything needed to answer the peer with an ERR message
/// (RFC 4666 §3.8.1): the error code, the diagnostic bytes, and the tag at fault.
///
/// "Error messages MUST NOT be generated in response to other Error messages" (§3.8.1): the caller checks
/// `isInResponseToError` before sending `errorReply()`.
public struct M3UADecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: Hashable, Sendable {
        /// Fewer than 8 bytes: no common header.
        case truncatedHeader(available: Int)
        /// Version other than 1 (§3.1.1).
        case invalidVersion(UInt8)
        /// The Message Length is below 8 or above the framing limit.
        case badMessageLength(declared: UInt32)
        /// The Message Length differs from the number of bytes handed to `decode`.
        case lengthMismatch(declared: UInt32, actual: Int)
        /// A class RFC 4666 does not define (§3.1.2).
        case unsupportedMessageClass(M3UAMessageClass)
        /// A type the class does not define (§3.1.2).
        case unsupportedMessageType(M3UAMessageClass, UInt8)
        /// A parameter length field below 4, past the end of the message, or wrong for the parameter's format.
        case parameterFieldError(M3UAParameterTag?)
        /// A value the RFC forbids.
        case invalidParameterValue(M3UAParameterTag)
        /// A known parameter the message does not define, or a second copy of a non-repeatable one.
        case unexpectedParameter(M3UAParameterTag)
        /// A mandatory parameter is absent.
        case missingParameter(M3UAParameterTag)
        /// A well-formed message arrived on an SCTP stream it must not use (e.g. a management message on a stream
        /// other than 0). The codec never sees streams: the transport builds this one itself.
        case invalidStreamIdentifier(UInt16)
    }

    /// How many bytes of the offending message go into the Diagnostic Information.
    public static let diagnosticLimit = 40

    public var reason: Reason
    /// The Error Code to answer with (§3.8.1).
    public var errorCode: M3UAErrorCode
    /// The first `diagnosticLimit` bytes of the offending message: §3.8.1 "The Diagnostic information SHOULD contain
    /// the offending message."
    public var diagnosticInformation: ByteBuffer
    /// The class and type of the offending message, when its header could be read.
    public var messageClass: M3UAMessageClass?
    public var messageType: UInt8?
    public var file: String
    public var line: Int

    public init(
        _ reason: Reason, message: ByteBuffer, file: String = #fileID, line: Int = #line
    ) {
        self.reason = reason
        self.errorCode = Self.errorCode(for: reason)
        self.diagnosticInformation =
            message.getSlice(at: message.readerIndex, length: min(message.readableBytes, Self.diagnosticLimit))
            ?? ByteBuffer()
        let header = M3UACommonHeader.peek(message)
        self.messageClass = header?.messageClass
        self.messageType = header?.messageType
        self.file = file
        self.line = line
    }

    init(fault: M3UAParameterFault, message: ByteBuffer, file: String = #fileID, line: Int = #line) {
        let reason: Reason =
            switch fault {
            case .fieldError(let tag): .parameterFieldError(tag)
            case .invalidValue(let tag): .invalidParameterValue(tag)
            case .unexpected(let tag): .unexpectedParameter(tag)
            case .missing(let tag): .missingParameter(tag)
            }
        self.init(reason, message: message, file: file, line: line)
    }

    /// The RFC 4666 §3.8.1 code for each reason.
    static func errorCode(for reason: Reason) -> M3UAErrorCode {
        switch reason {
        case .invalidVersion: .invalidVersion
        case .truncatedHeader, .badMessageLength, .lengthMismatch: .protocolError
        case .unsupportedMessageClass: .unsupportedMessageClass
        case .unsupportedMessageType: .unsupportedMessageType
        // "The "Parameter Field Error" would be sent if a message is received with a parameter having a wrong
        // length field."
        case .parameterFieldError: .parameterFieldError
        case .invalidParameterValue: .invalidParameterValue
        // "The "Unexpected Parameter" error would be sent if a message contains an invalid parameter."
        case .unexpectedParameter: .unexpectedParameter
        // "The "Missing Parameter" error would be sent if a mandatory parameter were not included in a message."
        case .missingParameter: .missingParameter
        // "The "Invalid Stream Identifier" error is sent if a message is received on an unexpected SCTP stream."
        case .invalidStreamIdentifier: .invalidStreamIdentifier
        }
    }

    /// Whether the offending message was itself an ERR, which must not be answered (§3.8.1).
    public var isInResponseToError: Bool {
        messageClass == M3UAErrorMessage.messageClass && messageType == M3UAErrorMessage.messageType
    }

    /// The ERR message that answers the offending one: the error code and the diagnostic bytes.
    public func errorReply() -> M3UAMessage {
        .error(M3UAErrorMessage(errorCode: errorCode, diagnosticInformation: diagnosticInformation))
    }

    public var description: String {
        "M3UA \(errorCode) (\(reason)) at \(file):\(line)"
    }
}
