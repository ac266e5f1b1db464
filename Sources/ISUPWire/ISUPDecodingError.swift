public import NIOCore
public import TelecomTypes

/// Why an ISUP message could not be decoded, with what Q.764 §2.9.5 needs to answer the peer.
///
/// Unrecognised message types and unrecognised parameters are not errors: they decode to raw values and the
/// call control layer applies the message or parameter compatibility information (Q.764 §2.9.5.3). This error
/// covers messages whose recognised structure is broken.
public struct ISUPDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Hashable, Sendable {
        /// The message ends before its structure does (CIC, type, fixed part, pointers or a parameter).
        case truncated
        /// A pointer is zero or points outside the message.
        case pointerOutOfRange
        /// A mandatory parameter is absent.
        case mandatoryParameterMissing
        /// A mandatory parameter is shorter than its minimum length in the Q.763 §4 tables.
        case mandatoryParameterTooShort
        /// The message type is not recognised (for callers that refuse raw messages; the decoder itself keeps them).
        case unrecognisedMessageType
        /// A parameter is not recognised (for callers applying Q.764 §2.9.5.3 to raw parameters).
        case unrecognisedParameter
        /// A mandatory parameter's value does not match its Q.763 §3 format.
        case invalidParameterContent
    }

    /// What the receiving exchange should do, following Q.764 §2.9.5.
    public enum Reaction: Hashable, Sendable {
        /// Discard the message silently.
        case discard
        /// Discard the message and send a confusion message (CFN) with ``ISUPDecodingError/cause``.
        case sendConfusion
        /// Release the call with ``ISUPDecodingError/cause`` (an IAM that cannot be processed).
        case releaseCall
        /// Answer with release complete: a REL that cannot be decoded still ends the call.
        case sendReleaseComplete
    }

    public var kind: Kind
    /// The circuit, when the first two octets were readable.
    public var cic: CircuitIdentificationCode?
    /// The message type, when the third octet was readable.
    public var messageType: ISUPMessageType?
    /// The parameter at fault, if one is.
    public var parameterCode: ISUPParameterCode?
    /// The Q.850 cause to send in CFN or REL (Q.850 §2.2.7, class 110).
    public var cause: Q850Cause
    public var reaction: Reaction
    /// The whole message as received.
    public var bytes: ByteBuffer
    public var file: String
    public var line: UInt

    public init(
        _ kind: Kind,
        cic: CircuitIdentificationCode?,
        messageType: ISUPMessageType?,
        parameterCode: ISUPParameterCode? = nil,
        bytes: ByteBuffer,
        file: String = #fileID,
        line: UInt = #line
    ) {
        self.kind = kind
        self.cic = cic
        self.messageType = messageType
        self.parameterCode = parameterCode
        self.bytes = bytes
        self.file = file
        self.line = line
        (self.cause, self.reaction) = Self.answer(kind, messageType: messageType)
    }

    /// The cause and reaction for a kind of error in a message type.
    ///
    /// Q.764 §2.9.5: an unrecognised message type is answered by CFN with cause 97; a message with a broken
    /// mandatory part cannot be processed: an IAM is refused (release, cause 100 or 111), a REL is still honoured
    /// with RLC, anything else is discarded. Unrecognised parameters default to cause 99 (discarded) or 110
    /// (message discarded); the compatibility information decides which.
    static func answer(_ kind: Kind, messageType: ISUPMessageType?) -> (Q850Cause, Reaction) {
        let cause: Q850Cause =
            switch kind {
            case .truncated, .pointerOutOfRange: .protocolErrorUnspecified
            case .mandatoryParameterMissing: .mandatoryInformationElementMissing
            case .mandatoryParameterTooShort, .invalidParameterContent: .invalidInformationElementContents
            case .unrecognisedMessageType: .messageTypeNonExistent
            case .unrecognisedParameter: .parameterNonExistentDiscarded
            }
        switch kind {
        case .unrecognisedMessageType, .unrecognisedParameter:
            return (cause, .sendConfusion)
        case .truncated, .pointerOutOfRange, .mandatoryParameterMissing, .mandatoryParameterTooShort,
            .invalidParameterContent:
            switch messageType {
            case .some(.initialAddress): return (cause, .releaseCall)
            case .some(.release): return (cause, .sendReleaseComplete)
            default: return (cause, .discard)
            }
        }
    }

    public var description: String {
        var text = "ISUP \(kind)"
        if let messageType { text += " in \(messageType.name)" }
        if let cic { text += " CIC \(cic)" }
        if let parameterCode { text += " parameter \(parameterCode)" }
        return text + " (\(cause), \(reaction)) at \(file):\(line)"
    }
}
