import ISUPWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

/// Typed parameter values (Q.763 §3), each decoded from spec-built octets and encoded back.
struct ISUPParameterTests {
    func roundTrip<T: ISUPParameterValue>(_ hex: String, as type: T.Type) throws -> T {
        let value = try T(decoding: ByteBuffer(hex: hex))
        var buffer = ByteBuffer()
        value.encode(into: &buffer)
        #expect(buffer.hex == ByteBuffer(hex: hex).hex)
        return value
    }

    @Test("Q.763 §3.12 cause indicators with diagnostics")
    func causeWithDiagnostics() throws {
        let cause = try roundTrip("84 e3 f4 39", as: ISUPCauseIndicators.self)
        #expect(cause.location == .publicNetworkRemoteUser)
        #expect(cause.codingStandard == 0)
        #expect(cause.recommendation == nil)
        #expect(cause.cause == .parameterNonExistentDiscarded)
        #expect(cause.diagnostics == [0xF4, 0x39])
    }

    @Test("Q.850 §2.2.3 cause indicators with octet 1a (extension bit 0) and national coding standard")
    func causeWithRecommendation() throws {
        let cause = try roundTrip("42 81 90", as: ISUPCauseIndicators.self)
        #expect(cause.codingStandard == 2)
        #expect(cause.location == .publicNetworkLocalUser)
        #expect(cause.recommendation == 1)
        #expect(cause.cause == .normalCallClearing)
        #expect(throws: ISUPParameterError.self) { try ISUPCauseIndicators(decoding: ByteBuffer(hex: "42 81")) }
        #expect(throws: ISUPParameterError.self) { try ISUPCauseIndicators(decoding: ByteBuffer(hex: "82 10")) }
        #expect(throws: ISUPParameterError.self) { try ISUPCauseIndicators(decoding: ByteBuffer(hex: "82")) }
    }

    @Test("Q.763 §3.45 redirection information, every field")
    func redirectionInformation() throws {
        let info = try roundTrip("13 22", as: ISUPRedirectionInformation.self)
        #expect(info.redirectingIndicator == ISUPRedirectionInformation.callDiverted)
        #expect(info.originalRedirectionReason == .userBusy)
        #expect(info.redirectionCounter == 2)
        #expect(info.redirectingReason == .noReply)
        let built = ISUPRedirectionInformation(
            redirectingIndicator: ISUPRedirectionInformation.callDivertedNumberRestricted,
            originalRedirectionReason: .unconditional, redirectionCounter: 5,
            redirectingReason: .mobileSubscriberNotReachable)
        var buffer = ByteBuffer()
        built.encode(into: &buffer)
        #expect(buffer.hex == "3665")
        #expect(try ISUPRedirectionInformation(decoding: buffer) == built)
    }

    @Test("Q.763 §3.43 range and status with 1, 9 and 256 status bits; absent status")
    func rangeAndStatus() throws {
        let one = try roundTrip("00 01", as: ISUPRangeAndStatus.self)
        #expect(one.circuitCount == 1)
        #expect(one.status == [true])
        let nine = try roundTrip("08 05 01", as: ISUPRangeAndStatus.self)
        #expect(nine.status == [true, false, true, false, false, false, false, false, true])
        let all = try roundTrip("ff" + String(repeating: "a5", count: 32), as: ISUPRangeAndStatus.self)
        #expect(all.status?.count == 256)
        #expect(all.status?.prefix(8) == [true, false, true, false, false, true, false, true])
        let absent = try roundTrip("1d", as: ISUPRangeAndStatus.self)
        #expect(absent.status == nil)
        #expect(absent.circuitCount == 30)
        #expect(throws: ISUPParameterError.self) { try ISUPRangeAndStatus(decoding: ByteBuffer(hex: "07 ff ff")) }
        #expect(throws: ISUPParameterError.self) { try ISUPRangeAndStatus(decoding: ByteBuffer(hex: "08 ff")) }
    }

    @Test("Q.763 §3.35, §3.23, §3.5 call indicators")
    func callIndicators() throws {
        let nci = try roundTrip("15", as: ISUPNatureOfConnectionIndicators.self)
        #expect(nci.satelliteIndicator == 1)
        #expect(nci.continuityCheckIndicator == 1)
        #expect(nci.echoControlDeviceIncluded)
        var fci = try roundTrip("6109", as: ISUPForwardCallIndicators.self)
        #expect(fci.internationalCall)
        #expect(fci.isdnUserPartUsedAllTheWay)
        #expect(fci.isdnUserPartPreference == 1)
        #expect(fci.originatingAccessISDN)
        #expect(fci.portedNumberTranslated)
        #expect(fci.sccpMethod == 0)
        fci.sccpMethod = 3
        #expect(fci.rawValue == 0x0F61)
        let bci = try roundTrip("1634", as: ISUPBackwardCallIndicators.self)
        #expect(bci.chargeIndicator == 2)
        #expect(bci.calledPartysStatus == 1)
        #expect(bci.calledPartysCategory == 1)
        #expect(bci.isdnUserPartUsedAllTheWay)
        #expect(bci.terminatingAccessISDN)
        #expect(bci.echoControlDeviceIncluded)
        #expect(!bci.holdingRequested)
        #expect(throws: ISUPParameterError.self) { try ISUPBackwardCallIndicators(decoding: ByteBuffer(hex: "16")) }
    }

    @Test("Q.763 §3.38, §3.37 optional forward and backward call indicators")
    func optionalCallIndicators() throws {
        let ofci = try roundTrip("87", as: ISUPOptionalForwardCallIndicators.self)
        #expect(ofci.closedUserGroupCall == 3)
        #expect(ofci.simpleSegmentation)
        #expect(ofci.connectedLineIdentityRequested)
        let obci = try roundTrip("0b", as: ISUPOptionalBackwardCallIndicators.self)
        #expect(obci.inbandInformationAvailable)
        #expect(obci.callDiversionMayOccur)
        #expect(!obci.simpleSegmentation)
        #expect(obci.mlppUser)
    }

    @Test("Q.763 §3.11, §3.54, §3.55 calling party's category and transmission medium requirement")
    func categoryAndMedium() throws {
        #expect(try roundTrip("0a", as: ISUPCallingPartyCategory.self) == .ordinarySubscriber)
        #expect(try roundTrip("e4", as: ISUPCallingPartyCategory.self).rawValue == 0xE4)
        #expect(try roundTrip("03", as: ISUPTransmissionMediumRequirement.self) == .audio3_1kHz)
        var message = ISUPMessage(cic: CircuitIdentificationCode(1), type: .answer)
        message.setParameter(.transmissionMediumRequirementPrime, to: ISUPTransmissionMediumRequirement.speech)
        #expect(try ISUPMessage.decode(message.encoded).transmissionMediumRequirementPrime == .speech)
    }

    @Test("Q.763 §3.80 hop counter, §3.97 redirect counter, §3.21 event information, §3.13 CGSMTI")
    func smallParameters() throws {
        #expect(try roundTrip("1f", as: ISUPCounter.self).count == 31)
        let spare = try roundTrip("e3", as: ISUPCounter.self)
        #expect(spare.count == 3)
        let event = try roundTrip("81", as: ISUPEventInformation.self)
        #expect(event.event == ISUPEventInformation.alerting)
        #expect(event.presentationRestricted)
        #expect(ISUPEventInformation(event: ISUPEventInformation.progress).rawValue == 0x02)
        #expect(try roundTrip("01", as: ISUPCircuitGroupSupervisionMessageType.self) == .hardwareFailureOriented)
    }

    @Test("Q.763 §3.29, §3.28 information request indicators and information indicators")
    func informationIndicators() throws {
        let request = try roundTrip("99 00", as: ISUPInformationRequestIndicators.self)
        #expect(request.callingPartyAddressRequested)
        #expect(request.callingPartysCategoryRequested)
        #expect(request.chargeInformationRequested)
        #expect(request.maliciousCallIdentificationRequested)
        #expect(!request.holdingRequested)
        let response = try roundTrip("e3 00", as: ISUPInformationIndicators.self)
        #expect(response.callingPartyAddressResponse == 3)
        #expect(response.callingPartysCategoryIncluded)
        #expect(response.chargeInformationIncluded)
        #expect(response.unsolicited)  // bit H set: unsolicited (Q.763 §3.28)
        #expect(!response.holdProvided)
    }

    @Test("Q.763 §3.57 user service information, §3.42 propagation delay, §3.19 echo control")
    func serviceAndDelay() throws {
        let usi = try roundTrip("80 90 a3", as: ISUPUserServiceInformation.self)
        #expect(usi.codingStandard == 0)
        #expect(usi.informationTransferCapability == 0)
        #expect(usi.transferMode == 0)
        #expect(usi.informationTransferRate == 16)
        #expect(usi.userInformationLayer1Protocol == 3)
        #expect(try roundTrip("01 2c", as: ISUPPropagationDelayCounter.self).milliseconds == 300)
        let echo = try roundTrip("5a", as: ISUPEchoControlInformation.self)
        #expect(echo.outgoingDeviceInformation == 2)
        #expect(echo.incomingDeviceInformation == 2)
        #expect(echo.outgoingDeviceRequest == 1)
        #expect(echo.incomingDeviceRequest == 1)
    }

    @Test("Q.763 §3.3 access transport: Q.931 elements iterable, single-octet elements, truncation")
    func accessTransport() throws {
        let atp = try roundTrip("a1 7c 03 88 90 a6 1e 02 82 88", as: ISUPAccessTransport.self)
        #expect(atp.elements.map(\.identifier) == [0xA1, 0x7C, 0x1E])
        #expect(atp.elements[0].isSingleOctet)
        #expect(atp.elements[2].contents == [0x82, 0x88])
        #expect(throws: ISUPParameterError.self) { try ISUPAccessTransport(decoding: ByteBuffer(hex: "7c 05 88")) }
        #expect(throws: ISUPParameterError.self) { try ISUPAccessTransport(decoding: ByteBuffer(hex: "7c")) }
    }

    @Test("Q.763 §3.41 parameter compatibility information: entries with extension chains")
    func parameterCompatibility() throws {
        let pci = try roundTrip("f4 90 c0 10 81", as: ISUPParameterCompatibilityInformation.self)
        #expect(pci.entries.count == 2)
        let first = try #require(pci.instructions(for: ISUPParameterCode(0xF4)))
        #expect(first.discardParameter)
        #expect(first.parameterPassOnNotPossible == 0)
        let second = try #require(pci.instructions(for: .genericNumber))
        #expect(second.octets == [0x10, 0x81])
        #expect(throws: ISUPParameterError.self) {
            try ISUPParameterCompatibilityInformation(decoding: ByteBuffer(hex: "f4 10"))
        }
        let release = try roundTrip("f4 e6", as: ISUPParameterCompatibilityInformation.self)
        let instructions = try #require(release.entries.first?.instructions)
        #expect(instructions.releaseCall)
        #expect(instructions.sendNotification)
        #expect(!instructions.discardMessage)
        #expect(instructions.parameterPassOnNotPossible == 3)
    }

    @Test("Q.763 §3.33 message compatibility information: pass on, discard, release, notify, extension")
    func messageCompatibility() throws {
        let mci = try roundTrip("9d", as: ISUPMessageCompatibilityInformation.self)
        #expect(mci.instructions.endNodeInterpretation)
        #expect(!mci.instructions.releaseCall)
        #expect(mci.instructions.sendNotification)
        #expect(mci.instructions.discardMessage)
        #expect(mci.instructions.messagePassOnNotPossible)
        let chained = try roundTrip("02 80", as: ISUPMessageCompatibilityInformation.self)
        #expect(chained.instructions.releaseCall)
        #expect(chained.instructions.octets == [0x02, 0x80])
    }
}
