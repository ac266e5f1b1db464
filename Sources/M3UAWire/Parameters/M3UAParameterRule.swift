import NIOCore
import WireSupport

/// Which parameters one message (or one nested parameter) may carry: the table the generic decoder checks,
/// declared once per message in the manner of osmocom's `MAND_IES` (RFC 4666 §3.3–§3.8 "contains the following
/// parameters"). "Conditional" parameters are listed as optional: whether they are required depends on
/// configuration, which the protocol layer knows and the codec does not.
struct M3UAParameterRule: Sendable {
    /// Tags that must be present ("Mandatory").
    var mandatory: [M3UAParameterTag]
    /// Tags that may be present ("Optional" or "Conditional").
    var optional: [M3UAParameterTag] = []
    /// Tags that may appear more than once ("may be present multiple times").
    var repeatable: [M3UAParameterTag] = []

    func allows(_ tag: M3UAParameterTag) -> Bool { mandatory.contains(tag) || optional.contains(tag) }

    /// Decodes a run of parameters from an exact-length buffer and checks it against `rule`.
    ///
    /// Errors follow RFC 4666 §3.8.1: a length field below 4 or past the end is a "Parameter Field Error"; a known
    /// parameter that the message does not define, or a second copy of a non-repeatable one, is an "Unexpected
    /// Parameter"; an absent mandatory one is a "Missing Parameter". Unknown tags are kept, not rejected.
    static func decodeList(_ buffer: ByteBuffer, rule: M3UAParameterRule, variant: M3UAVariant)
        throws(M3UAParameterFault) -> [M3UAParameter]
    {
        var buffer = buffer
        var parameters: [M3UAParameter] = []
        var seen: [M3UAParameterTag] = []
        while true {
            let tlv: PaddedTLV?
            do {
                tlv = try buffer.readPaddedTLV()
            } catch {
                let tag = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self).map(M3UAParameterTag.init)
                throw .fieldError(tag)
            }
            guard let tlv else { break }
            let tag = M3UAParameterTag(tlv.tag)
            switch variant {
            case .draft06:
                parameters.append(decodeDraft06(tlv))
            case .rfc4666:
                guard tag.isKnown else {
                    parameters.append(.unknown(tlv))
                    continue
                }
                guard rule.allows(tag), !seen.contains(tag) || rule.repeatable.contains(tag) else {
                    throw .unexpected(tag)
                }
                parameters.append(try M3UAParameter.decode(tag: tlv.tag, value: tlv.value))
            }
            seen.append(tag)
        }
        for tag in rule.mandatory where !seen.contains(tag) {
            throw .missing(tag)
        }
        return parameters
    }

    /// Draft-06 numbers its parameters 1…26 with other formats; only the protocol data is interpreted.
    private static func decodeDraft06(_ tlv: PaddedTLV) -> M3UAParameter {
        switch tlv.tag {
        case M3UADraft06.protocolData1Tag:
            return .draft06ProtocolData1(mtp3Message: tlv.value)
        case M3UADraft06.protocolData2Tag:
            var value = tlv.value
            guard let indicator = value.readInteger(as: UInt8.self) else { return .unknown(tlv) }
            return .draft06ProtocolData2(lengthIndicator: indicator, mtp3Message: value)
        default:
            return .unknown(tlv)
        }
    }
}

extension M3UAParameterRule {
    /// Routing Key (RFC 4666 §3.6.1): "The Destination Point Code, Service Indicators, and Originating Point Code
    /// List parameters MAY be repeated as a grouping within the Routing Key parameter."
    static let routingKey = M3UAParameterRule(
        mandatory: [.localRoutingKeyIdentifier, .destinationPointCode],
        optional: [
            .routingContext, .trafficModeType, .networkAppearance, .serviceIndicators, .originatingPointCodeList,
        ],
        repeatable: [.destinationPointCode, .serviceIndicators, .originatingPointCodeList])

    /// Registration Result (RFC 4666 §3.6.2).
    static let registrationResult = M3UAParameterRule(
        mandatory: [.localRoutingKeyIdentifier, .registrationStatus, .routingContext])

    /// Deregistration Result (RFC 4666 §3.6.4).
    static let deregistrationResult = M3UAParameterRule(mandatory: [.routingContext, .deregistrationStatus])
}
