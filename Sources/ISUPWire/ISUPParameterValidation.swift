import NIOCore

/// Checks a mandatory parameter's contents against its Q.763 §3 format, so that a message whose mandatory part
/// cannot be used fails to decode (Q.764 §2.9.5: such a message is not processed). Optional parameters are not
/// checked here: a malformed optional parameter is kept raw and its typed accessor returns `nil`.
enum ISUPParameterValidation {
    static func validate(_ parameter: ISUPParameter, in type: ISUPMessageType) throws(ISUPParameterError) {
        switch parameter.code {
        case .calledPartyNumber:
            _ = try parameter.decode(as: ISUPNumber.self)
        case .subsequentNumber:
            _ = try parameter.decode(as: ISUPSubsequentNumber.self)
        case .causeIndicators:
            _ = try parameter.decode(as: ISUPCauseIndicators.self)
        case .rangeAndStatus:
            let range = try parameter.decode(as: ISUPRangeAndStatus.self)
            // Q.763 §3.43 and Tables 40–45: GRS and CQM carry the range only ("V 2"); CGB, CGU, their
            // acknowledgements and GRA carry status bits ("V 3–34"). CQR is accepted either way.
            switch type {
            case .circuitGroupReset, .circuitGroupQuery:
                if range.status != nil { throw .tooLong(allowed: 1, got: parameter.value.readableBytes) }
            case .circuitGroupQueryResponse:
                break
            default:
                if range.status == nil { throw .tooShort(needed: 2, got: 1) }
            }
        default:
            // Fixed-length indicator octets are fully checked by the layout's lengths; the rest are opaque.
            break
        }
    }
}
