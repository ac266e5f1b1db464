import NIOCore

/// Typed views of the parameters the call control layer reads most. Each is `nil` when the parameter is absent
/// or does not decode; use ``ISUPMessage/value(_:as:)`` to see why it does not decode.
extension ISUPMessage {
    /// The parameter `code` decoded as `T`, `nil` when absent.
    public func value<T: ISUPParameterValue>(_ code: ISUPParameterCode, as type: T.Type)
        throws(ISUPDecodingError) -> T?
    {
        guard let parameter = parameter(code) else { return nil }
        do {
            return try parameter.decode(as: T.self)
        } catch {
            throw ISUPDecodingError(
                .invalidParameterContent, cic: cic, messageType: self.type, parameterCode: code, bytes: encoded)
        }
    }

    private func typed<T: ISUPParameterValue>(_ code: ISUPParameterCode) -> T? {
        try? value(code, as: T.self)
    }

    // Numbers (Q.763 §3.9 ff).
    public var calledPartyNumber: ISUPNumber? { typed(.calledPartyNumber) }
    public var callingPartyNumber: ISUPNumber? { typed(.callingPartyNumber) }
    public var originalCalledNumber: ISUPNumber? { typed(.originalCalledNumber) }
    public var redirectingNumber: ISUPNumber? { typed(.redirectingNumber) }
    public var redirectionNumber: ISUPNumber? { typed(.redirectionNumber) }
    public var connectedNumber: ISUPNumber? { typed(.connectedNumber) }
    public var locationNumber: ISUPNumber? { typed(.locationNumber) }
    public var genericNumber: ISUPGenericNumber? { typed(.genericNumber) }
    public var subsequentNumber: ISUPSubsequentNumber? { typed(.subsequentNumber) }

    // Call set-up indicators.
    public var natureOfConnectionIndicators: ISUPNatureOfConnectionIndicators? {
        typed(.natureOfConnectionIndicators)
    }
    public var forwardCallIndicators: ISUPForwardCallIndicators? { typed(.forwardCallIndicators) }
    public var backwardCallIndicators: ISUPBackwardCallIndicators? { typed(.backwardCallIndicators) }
    public var optionalForwardCallIndicators: ISUPOptionalForwardCallIndicators? {
        typed(.optionalForwardCallIndicators)
    }
    public var optionalBackwardCallIndicators: ISUPOptionalBackwardCallIndicators? {
        typed(.optionalBackwardCallIndicators)
    }
    public var callingPartysCategory: ISUPCallingPartyCategory? { typed(.callingPartysCategory) }
    public var transmissionMediumRequirement: ISUPTransmissionMediumRequirement? {
        typed(.transmissionMediumRequirement)
    }
    public var transmissionMediumRequirementPrime: ISUPTransmissionMediumRequirement? {
        typed(.transmissionMediumRequirementPrime)
    }
    public var userServiceInformation: ISUPUserServiceInformation? { typed(.userServiceInformation) }
    public var accessTransport: ISUPAccessTransport? { typed(.accessTransport) }
    public var propagationDelayCounter: ISUPPropagationDelayCounter? { typed(.propagationDelayCounter) }
    public var echoControlInformation: ISUPEchoControlInformation? { typed(.echoControlInformation) }
    public var hopCounter: ISUPCounter? { typed(.hopCounter) }
    public var informationRequestIndicators: ISUPInformationRequestIndicators? {
        typed(.informationRequestIndicators)
    }
    public var informationIndicators: ISUPInformationIndicators? { typed(.informationIndicators) }

    // Diversion (Q.763 §3.45, §3.97).
    public var redirectionInformation: ISUPRedirectionInformation? { typed(.redirectionInformation) }
    public var redirectCounter: ISUPCounter? { typed(.redirectCounter) }

    // Release and progress.
    public var causeIndicators: ISUPCauseIndicators? { typed(.causeIndicators) }
    public var eventInformation: ISUPEventInformation? { typed(.eventInformation) }

    // Circuit supervision.
    public var rangeAndStatus: ISUPRangeAndStatus? { typed(.rangeAndStatus) }
    public var circuitGroupSupervisionMessageType: ISUPCircuitGroupSupervisionMessageType? {
        typed(.circuitGroupSupervisionMessageType)
    }

    // Compatibility (Q.764 §2.9.5.3).
    public var messageCompatibilityInformation: ISUPMessageCompatibilityInformation? {
        typed(.messageCompatibilityInformation)
    }
    public var parameterCompatibilityInformation: ISUPParameterCompatibilityInformation? {
        typed(.parameterCompatibilityInformation)
    }

    /// The optional parameters whose codes this implementation does not know (Q.764 §2.9.5.3 applies to them).
    public var unrecognisedParameters: [ISUPParameter] {
        (optional ?? []).filter { $0.code.name == nil }
    }
}

extension ISUPMessage {
    /// The message embedded in a pass-along message (Q.763 §4, PAM: "message type code, mandatory fixed part,
    /// mandatory variable part and optional part of the message being passed along"), decoded under this CIC;
    /// `nil` for any other message type.
    public func passedAlongMessage() throws(ISUPDecodingError) -> ISUPMessage? {
        guard type == .passAlong else { return nil }
        var buffer = ByteBuffer()
        writeCIC(into: &buffer)
        buffer.writeImmutableBuffer(extraOctets)
        return try ISUPMessage.decode(buffer, variant: variant)
    }
}
