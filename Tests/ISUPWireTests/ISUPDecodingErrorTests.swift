import ISUPWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

/// Broken structures of recognised messages and what Q.764 §2.9.5 says to answer.
struct ISUPDecodingErrorTests {
    func error(_ hex: String) -> ISUPDecodingError? {
        do {
            _ = try ISUPMessage.decode(ByteBuffer(hex: hex))
            return nil
        } catch {
            return error
        }
    }

    @Test("Q.763 §1.2 fewer than two octets: no CIC, no type")
    func noCIC() throws {
        let failure = try #require(error("01"))
        #expect(failure.kind == .truncated)
        #expect(failure.cic == nil)
        #expect(failure.messageType == nil)
        #expect(failure.bytes.hex == "01")
    }

    @Test("Q.763 §1.3 a CIC without a message type")
    func noType() throws {
        let failure = try #require(error("d500"))
        #expect(failure.kind == .truncated)
        #expect(failure.cic == CircuitIdentificationCode(213))
        #expect(failure.messageType == nil)
    }

    @Test("Q.763 Table 32 an IAM cut inside its fixed part: release the call")
    func truncatedFixedPart() throws {
        let failure = try #require(error("0100 01 00 20"))
        #expect(failure.kind == .truncated)
        #expect(failure.messageType == .initialAddress)
        #expect(failure.parameterCode == .forwardCallIndicators)
        #expect(failure.reaction == .releaseCall)
        #expect(failure.cause == .protocolErrorUnspecified)
    }

    @Test("Q.763 §1.5 a pointer past the end of the message")
    func pointerOutOfRange() throws {
        let failure = try #require(error("0100 0c 0900 028290"))
        #expect(failure.kind == .pointerOutOfRange)
        #expect(failure.parameterCode == .causeIndicators)
        #expect(failure.reaction == .sendReleaseComplete)
    }

    @Test("Q.763 §1.5 a zero pointer for a mandatory variable parameter: parameter missing")
    func zeroPointer() throws {
        let failure = try #require(error("0100 0c 0000"))
        #expect(failure.kind == .mandatoryParameterMissing)
        #expect(failure.cause == .mandatoryInformationElementMissing)
    }

    @Test("Q.763 §1.5 a length indicator running past the end")
    func lengthOverrun() throws {
        let failure = try #require(error("0100 0c 0200 058290"))
        #expect(failure.kind == .truncated)
        #expect(failure.parameterCode == .causeIndicators)
    }

    @Test("Q.763 Table 33 a cause indicators parameter shorter than 2 octets")
    func tooShort() throws {
        let failure = try #require(error("0100 0c 0200 0182"))
        #expect(failure.kind == .mandatoryParameterTooShort)
        #expect(failure.cause == .invalidInformationElementContents)
    }

    @Test("Q.763 §1.8 an optional part without its end octet, or a pointer past the end")
    func optionalPartBroken() throws {
        let missingEnd = try #require(error("0100 09 01 2901 01"))
        #expect(missingEnd.kind == .truncated)
        #expect(missingEnd.parameterCode == nil)
        #expect(missingEnd.reaction == .discard)
        let overrun = try #require(error("0100 09 01 2905 01 00"))
        #expect(overrun.kind == .truncated)
        let beyond = try #require(error("0100 09 05 00"))
        #expect(beyond.kind == .pointerOutOfRange)
    }

    @Test("Q.763 §3.43 status bits in a GRS, or missing in a CGB, are invalid parameter contents")
    func rangeAndStatusRules() throws {
        let grs = try #require(error("0100 17 01 02 07ff"))
        #expect(grs.kind == .invalidParameterContent)
        #expect(grs.parameterCode == .rangeAndStatus)
        let cgb = try #require(error("0100 18 00 01 0107"))
        #expect(cgb.kind == .invalidParameterContent)
        let cqm = try #require(error("0100 2a 01 02 0301"))
        #expect(cqm.kind == .invalidParameterContent)
    }

    @Test("Q.763 Table 32 a called party number shorter than 3 octets refuses the IAM with cause 100")
    func shortCalledNumber() throws {
        let iam = try #require(error("0100 01 00 2001 0a 00 0200 02 8310"))
        #expect(iam.kind == .mandatoryParameterTooShort)
        #expect(iam.parameterCode == .calledPartyNumber)
        #expect(iam.cause == .invalidInformationElementContents)
        #expect(iam.reaction == .releaseCall)
    }

    @Test("Q.850 §2.2.5 a mandatory cause value octet without its extension bit is invalid contents")
    func invalidMandatoryCause() throws {
        let cfn = try #require(error("0100 2f 0200 028410"))
        #expect(cfn.kind == .invalidParameterContent)
        #expect(cfn.cause == .invalidInformationElementContents)
        #expect(cfn.reaction == .discard)
        #expect(cfn.description.contains("CFN"))
    }

    @Test("Q.763 §1 every proper prefix of a structured message is an error, never a shorter message",
          arguments: ISUPMessageVectorTests.vectors.filter { !["PAM", "CRG"].contains($0.name) })
    func prefixes(vector: ISUPMessageVectorTests.Vector) {
        let bytes = Array(ByteBuffer(hex: vector.hex).readableBytesView)
        for length in 0..<bytes.count {
            #expect(throws: ISUPDecodingError.self) { try ISUPMessage.decode(ByteBuffer(bytes: bytes[..<length])) }
        }
    }

    @Test("Q.764 §2.9.5.3 unknown optional parameters decode; the typed view of a malformed one is nil")
    func lenientOptional() throws {
        let message = try ISUPMessage.decode(ByteBuffer(hex: "0100 09 01 fe0211 22 1201 82 00"))
        #expect(message.unrecognisedParameters.map(\.code.rawValue) == [0xFE])
        #expect(message.causeIndicators == nil)
        #expect(throws: ISUPDecodingError.self) { try message.value(.causeIndicators, as: ISUPCauseIndicators.self) }
        #expect(message.encoded.hex == "01000901fe02112212018200")
    }

    @Test("Q.764 §2.9.5 causes and reactions per kind")
    func answers() {
        let unknownType = ISUPDecodingError(
            .unrecognisedMessageType, cic: CircuitIdentificationCode(1), messageType: ISUPMessageType(0x99),
            bytes: ByteBuffer())
        #expect(unknownType.cause == .messageTypeNonExistent)
        #expect(unknownType.reaction == .sendConfusion)
        let unknownParameter = ISUPDecodingError(
            .unrecognisedParameter, cic: nil, messageType: .initialAddress, parameterCode: ISUPParameterCode(0xF4),
            bytes: ByteBuffer())
        #expect(unknownParameter.cause == .parameterNonExistentDiscarded)
        #expect(unknownParameter.reaction == .sendConfusion)
    }
}
