import NIOCore
import WireSupport

extension M3UAParameter {
    /// Decodes one parameter value whose tag is known (RFC 4666 mode). Unknown tags become `.unknown`.
    static func decode(tag rawTag: UInt16, value: ByteBuffer) throws(M3UAParameterFault) -> M3UAParameter {
        let tag = M3UAParameterTag(rawTag)
        switch tag {
        case .infoString: return .infoString(M3UAInfoString(bytes: value))
        case .routingContext: return .routingContext(try words(value, tag))
        case .diagnosticInformation: return .diagnosticInformation(value)
        case .heartbeatData: return .heartbeatData(value)
        case .trafficModeType: return .trafficModeType(M3UATrafficModeType(try word(value, tag)))
        case .errorCode: return .errorCode(M3UAErrorCode(try word(value, tag)))
        case .status:
            let word = try word(value, tag)
            return .status(M3UAStatus(type: UInt16(word >> 16), information: UInt16(truncatingIfNeeded: word)))
        case .aspIdentifier: return .aspIdentifier(try word(value, tag))
        case .affectedPointCode: return .affectedPointCode(try words(value, tag).map(M3UAMaskedPointCode.init(word:)))
        case .correlationID: return .correlationID(try word(value, tag))
        case .networkAppearance: return .networkAppearance(try word(value, tag))
        case .userCause:
            let word = try word(value, tag)
            return .userCause(M3UAUserCause(cause: UInt16(word >> 16), user: UInt16(truncatingIfNeeded: word)))
        case .congestionIndications:
            return .congestionIndications(M3UACongestionIndications(word: try word(value, tag)))
        case .concernedDestination: return .concernedDestination(M3UAMaskedPointCode(word: try word(value, tag)))
        case .routingKey:
            return .routingKey(M3UARoutingKey(parameters: try decodeNested(value, rule: .routingKey)))
        case .registrationResult:
            return .registrationResult(
                M3UARegistrationResult(parameters: try decodeNested(value, rule: .registrationResult)))
        case .deregistrationResult:
            return .deregistrationResult(
                M3UADeregistrationResult(parameters: try decodeNested(value, rule: .deregistrationResult)))
        case .localRoutingKeyIdentifier: return .localRoutingKeyIdentifier(try word(value, tag))
        case .destinationPointCode: return .destinationPointCode(M3UAMaskedPointCode(word: try word(value, tag)))
        case .serviceIndicators:
            guard value.readableBytes > 0 else { throw .fieldError(tag) }
            return .serviceIndicators(value.readableBytesArray)
        case .originatingPointCodeList:
            return .originatingPointCodeList(try words(value, tag).map(M3UAMaskedPointCode.init(word:)))
        case .protocolData:
            guard let data = M3UAProtocolData.decode(value) else { throw .fieldError(tag) }
            return .protocolData(data)
        case .registrationStatus: return .registrationStatus(M3UARegistrationStatus(try word(value, tag)))
        case .deregistrationStatus: return .deregistrationStatus(M3UADeregistrationStatus(try word(value, tag)))
        default: return .unknown(PaddedTLV(tag: rawTag, value: value))
        }
    }

    /// Exactly one 32-bit value, else "Parameter Field Error" (the length field is wrong for the format).
    private static func word(_ value: ByteBuffer, _ tag: M3UAParameterTag) throws(M3UAParameterFault) -> UInt32 {
        guard value.readableBytes == 4, let word = value.getInteger(at: value.readerIndex, as: UInt32.self) else {
            throw .fieldError(tag)
        }
        return word
    }

    /// One or more 32-bit values (Routing Context, Affected Point Code, OPC List).
    private static func words(_ value: ByteBuffer, _ tag: M3UAParameterTag) throws(M3UAParameterFault) -> [UInt32] {
        let count = value.readableBytes / 4
        guard count > 0, value.readableBytes % 4 == 0 else { throw .fieldError(tag) }
        var value = value
        var words: [UInt32] = []
        words.reserveCapacity(count)
        while let word = value.readInteger(as: UInt32.self) { words.append(word) }
        return words
    }

    private static func decodeNested(_ value: ByteBuffer, rule: M3UAParameterRule) throws(M3UAParameterFault)
        -> [M3UAParameter]
    {
        try M3UAParameterRule.decodeList(value, rule: rule, variant: .rfc4666)
    }
}
