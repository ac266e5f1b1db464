public import NIOCore
import WireSupport

extension M3UAMessage {
    /// What `decode` does with a message whose class or type RFC 4666 does not define.
    public enum UnknownMessagePolicy: Hashable, Sendable {
        /// Throw "Unsupported Message Class" (0x03) or "Unsupported Message Type" (0x04), for a live peer.
        case reject
        /// Return `.unknown(class:type:body:)`, e.g. when dissecting a capture.
        case keep
    }

    /// Decodes one whole message: `message` must hold exactly the bytes of the common header's Message Length
    /// (as returned by `frame(from:)` or carried by one SCTP DATA chunk).
    ///
    /// Checks, in order (RFC 4666 §3.8.1): version (0x01 Invalid Version), length (0x07 Protocol Error), class
    /// (0x03), type (0x04), then the parameters against the message's table row (0x12 Parameter Field Error, 0x13
    /// Unexpected Parameter, 0x16 Missing Parameter, 0x11 Invalid Parameter Value). Unknown parameters are kept.
    ///
    /// With `variant: .draft06` the parameters are kept raw (draft tags 1…26 differ from the RFC's) except a DATA
    /// message's Protocol Data 1 or 2, one of which must be present; read it with `M3UAPayloadData.mtp3Message`.
    public static func decode(
        _ message: ByteBuffer, variant: M3UAVariant = .rfc4666, unknownMessages: UnknownMessagePolicy = .reject
    ) throws(M3UADecodingError) -> M3UAMessage {
        guard let header = M3UACommonHeader.peek(message) else {
            throw M3UADecodingError(.truncatedHeader(available: message.readableBytes), message: message)
        }
        guard header.version == M3UACommonHeader.currentVersion else {
            throw M3UADecodingError(.invalidVersion(header.version), message: message)
        }
        guard header.messageLength == message.readableBytes else {
            throw M3UADecodingError(
                .lengthMismatch(declared: header.messageLength, actual: message.readableBytes), message: message)
        }
        var body = message
        body.moveReaderIndex(forwardBy: M3UACommonHeader.length)
        let classCode = header.messageClass.rawValue
        guard let rule = M3UAMessageRules.rule(messageClass: classCode, messageType: header.messageType) else {
            if unknownMessages == .keep {
                return .unknown(class: header.messageClass, type: header.messageType, body: body)
            }
            let reason: M3UADecodingError.Reason =
                M3UAMessageRules.isKnownClass(classCode)
                ? .unsupportedMessageType(header.messageClass, header.messageType)
                : .unsupportedMessageClass(header.messageClass)
            throw M3UADecodingError(reason, message: message)
        }
        let isDraftData =
            variant == .draft06 && header.messageClass == M3UAPayloadData.messageClass
            && header.messageType == M3UAPayloadData.messageType
        let parameters: [M3UAParameter]
        do throws(M3UAParameterFault) {
            parameters = try M3UAParameterRule.decodeList(
                body, rule: variant == .draft06 ? M3UAMessageRules.draft06 : rule, variant: variant)
            if isDraftData, !parameters.contains(where: { $0.isDraft06ProtocolData }) {
                throw M3UAParameterFault.missing(M3UAParameterTag(M3UADraft06.protocolData1Tag))
            }
            if variant == .rfc4666, classCode == M3UADestinationUserPartUnavailable.messageClass.rawValue,
                header.messageType == M3UADestinationUserPartUnavailable.messageType
            {
                try checkDUPU(parameters)
            }
        } catch {
            throw M3UADecodingError(fault: error, message: message)
        }
        func parse<P: M3UAMessagePayload>(_: P.Type) -> P { P(parameters: parameters) }
        return switch (classCode, header.messageType) {
        case (0, 0): .error(parse(M3UAErrorMessage.self))
        case (0, 1): .notify(parse(M3UANotify.self))
        case (1, 1): .payloadData(parse(M3UAPayloadData.self))
        case (2, 1): .destinationUnavailable(parse(M3UADestinationUnavailable.self))
        case (2, 2): .destinationAvailable(parse(M3UADestinationAvailable.self))
        case (2, 3): .destinationStateAudit(parse(M3UADestinationStateAudit.self))
        case (2, 4): .signallingCongestion(parse(M3UASignallingCongestion.self))
        case (2, 5): .destinationUserPartUnavailable(parse(M3UADestinationUserPartUnavailable.self))
        case (2, 6): .destinationRestricted(parse(M3UADestinationRestricted.self))
        case (3, 1): .aspUp(parse(M3UAASPUp.self))
        case (3, 2): .aspDown(parse(M3UAASPDown.self))
        case (3, 3): .heartbeat(parse(M3UAHeartbeat.self))
        case (3, 4): .aspUpAck(parse(M3UAASPUpAck.self))
        case (3, 5): .aspDownAck(parse(M3UAASPDownAck.self))
        case (3, 6): .heartbeatAck(parse(M3UAHeartbeatAck.self))
        case (4, 1): .aspActive(parse(M3UAASPActive.self))
        case (4, 2): .aspInactive(parse(M3UAASPInactive.self))
        case (4, 3): .aspActiveAck(parse(M3UAASPActiveAck.self))
        case (4, 4): .aspInactiveAck(parse(M3UAASPInactiveAck.self))
        case (9, 1): .registrationRequest(parse(M3UARegistrationRequest.self))
        case (9, 2): .registrationResponse(parse(M3UARegistrationResponse.self))
        case (9, 3): .deregistrationRequest(parse(M3UADeregistrationRequest.self))
        case (9, 4): .deregistrationResponse(parse(M3UADeregistrationResponse.self))
        default: .unknown(class: header.messageClass, type: header.messageType, body: body)
        }
    }

    /// RFC 4666 §3.4.5: in DUPU "the Mask field is not used and only a single Affected DPC is included"; §3.8.1
    /// gives "a DUPU message ... with a Mask value other than 0" as the example of "Invalid Parameter Value".
    private static func checkDUPU(_ parameters: [M3UAParameter]) throws(M3UAParameterFault) {
        guard let affected = parameters.firstValue(\.affectedPointCodeValue) else { return }
        guard affected.count == 1, affected.allSatisfy({ $0.mask == 0 }) else {
            throw .invalidValue(.affectedPointCode)
        }
    }
}

extension M3UAParameter {
    var isDraft06ProtocolData: Bool {
        switch self {
        case .draft06ProtocolData1, .draft06ProtocolData2: true
        default: false
        }
    }
}
