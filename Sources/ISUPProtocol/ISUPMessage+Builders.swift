import ISUPWire
import NIOCore
import TelecomTypes

/// The messages this switch originates, built from the Q.763 §4 tables (Tables 32–56).
extension ISUPMessage {
    /// IAM (Q.763 Table 32).
    static func initialAddress(
        cic: CircuitIdentificationCode, called: ISUPNumber, calling: ISUPNumber?,
        category: ISUPCallingPartyCategory, additional: [ISUPParameter]
    ) -> ISUPMessage {
        var forward = ISUPForwardCallIndicators(rawValue: 0)
        forward.isdnUserPartUsedAllTheWay = true
        forward.isdnUserPartPreference = 0
        var message = ISUPMessage(cic: cic, type: .initialAddress)
        message.setParameter(.natureOfConnectionIndicators, to: ISUPNatureOfConnectionIndicators(rawValue: 0))
        message.setParameter(.forwardCallIndicators, to: forward)
        message.setParameter(.callingPartysCategory, to: category)
        message.setParameter(.transmissionMediumRequirement, to: ISUPTransmissionMediumRequirement.speech)
        message.setParameter(.calledPartyNumber, to: called)
        if let calling { message.setParameter(.callingPartyNumber, to: calling) }
        for parameter in additional { message.setParameter(parameter) }
        return message
    }

    /// The backward call indicators of an answer from this end: subscriber free, ordinary subscriber, charge,
    /// ISUP all the way (Q.763 §3.5).
    static func backwardCallIndicators(alerting: Bool) -> ISUPBackwardCallIndicators {
        var indicators = ISUPBackwardCallIndicators(rawValue: 0)
        indicators.chargeIndicator = 2
        indicators.calledPartysStatus = alerting ? 1 : 0
        indicators.calledPartysCategory = 1
        indicators.isdnUserPartUsedAllTheWay = true
        return indicators
    }

    /// ACM (Q.763 Table 22).
    static func addressComplete(cic: CircuitIdentificationCode, alerting: Bool) -> ISUPMessage {
        var message = ISUPMessage(cic: cic, type: .addressComplete)
        message.setParameter(.backwardCallIndicators, to: backwardCallIndicators(alerting: alerting))
        return message
    }

    /// CON (Q.763 Table 25).
    static func connect(cic: CircuitIdentificationCode) -> ISUPMessage {
        var message = ISUPMessage(cic: cic, type: .connect)
        message.setParameter(.backwardCallIndicators, to: backwardCallIndicators(alerting: false))
        return message
    }

    /// CPG (Q.763 Table 27).
    static func callProgress(cic: CircuitIdentificationCode, event: ISUPEventInformation) -> ISUPMessage {
        var message = ISUPMessage(cic: cic, type: .callProgress)
        message.setParameter(.eventInformation, to: event)
        return message
    }

    /// REL or CFN: a cause indicators parameter (Q.763 Tables 26, 36).
    static func withCause(
        _ type: ISUPMessageType, cic: CircuitIdentificationCode, cause: Q850Cause, diagnostics: [UInt8] = []
    ) -> ISUPMessage {
        var message = ISUPMessage(cic: cic, type: type)
        message.setParameter(.causeIndicators, to: ISUPCauseIndicators(cause: cause, diagnostics: diagnostics))
        return message
    }

    /// A message with no parameters: ANM, RLC (optional part only) or RSC, BLO, BLA, UBL, UBA, UCIC.
    static func bare(_ type: ISUPMessageType, cic: CircuitIdentificationCode) -> ISUPMessage {
        ISUPMessage(cic: cic, type: type)
    }

    /// GRS or CQM: range only. GRA: range and status (Q.763 Tables 41, 43).
    static func range(
        _ type: ISUPMessageType, cic: CircuitIdentificationCode, range: UInt8, status: [Bool]? = nil
    ) -> ISUPMessage {
        var message = ISUPMessage(cic: cic, type: type)
        message.setParameter(.rangeAndStatus, to: ISUPRangeAndStatus(range: range, status: status))
        return message
    }

    /// CGB, CGU, CGBA, CGUA (Q.763 Table 40).
    static func groupSupervision(
        _ type: ISUPMessageType, cic: CircuitIdentificationCode, hardware: Bool, range: UInt8, status: [Bool]
    ) -> ISUPMessage {
        var message = ISUPMessage(cic: cic, type: type)
        message.setParameter(
            .circuitGroupSupervisionMessageType,
            to: hardware ? ISUPCircuitGroupSupervisionMessageType.hardwareFailureOriented : .maintenanceOriented)
        message.setParameter(.rangeAndStatus, to: ISUPRangeAndStatus(range: range, status: status))
        return message
    }

    /// CQR (Q.763 Table 44): range, then one circuit state indicator octet per circuit.
    static func circuitQueryResponse(cic: CircuitIdentificationCode, range: UInt8, states: [UInt8]) -> ISUPMessage {
        var message = ISUPMessage(cic: cic, type: .circuitGroupQueryResponse)
        message.setParameter(.rangeAndStatus, to: ISUPRangeAndStatus(range: range))
        message.setParameter(ISUPParameter(code: .circuitStateIndicator, value: ByteBuffer(bytes: states)))
        return message
    }

    /// COT (Q.763 Table 24): continuity indicators, bit A 1 = "continuity check successful" (Q.763 §3.18).
    static func continuity(cic: CircuitIdentificationCode, passed: Bool) -> ISUPMessage {
        var message = ISUPMessage(cic: cic, type: .continuity)
        message.setParameter(ISUPParameter(code: .continuityIndicators, value: ByteBuffer(bytes: [passed ? 1 : 0])))
        return message
    }

    /// INR (Q.763 Table 29) asking for what `indicators` name.
    static func informationRequest(cic: CircuitIdentificationCode, indicators: ISUPInformationRequestIndicators)
        -> ISUPMessage
    {
        var message = ISUPMessage(cic: cic, type: .informationRequest)
        message.setParameter(.informationRequestIndicators, to: indicators)
        return message
    }

    /// INF (Q.763 Table 28) answering `request` from what this end put in its IAM (Q.764 §2.1.6): the calling party
    /// number ("included", or "not available" when the IAM had none) and category when asked; holding, charge
    /// information and MCID are not provided (their indicators stay 0). Bit H 0 marks the INF solicited (Q.763 §3.28).
    static func information(
        cic: CircuitIdentificationCode, answering request: ISUPInformationRequestIndicators, iam: ISUPMessage
    ) -> ISUPMessage {
        var indicators = ISUPInformationIndicators(rawValue: 0)
        var message = ISUPMessage(cic: cic, type: .information)
        var optional: [ISUPParameter] = []
        if request.callingPartyAddressRequested {
            if let calling = iam.parameter(.callingPartyNumber) {
                indicators.callingPartyAddressResponse = 3
                optional.append(calling)
            } else {
                indicators.callingPartyAddressResponse = 1
            }
        }
        if request.callingPartysCategoryRequested, let category = iam.parameter(.callingPartysCategory) {
            indicators.callingPartysCategoryIncluded = true
            optional.append(category)
        }
        message.setParameter(.informationIndicators, to: indicators)
        for parameter in optional { message.setParameter(parameter) }
        return message
    }
}
