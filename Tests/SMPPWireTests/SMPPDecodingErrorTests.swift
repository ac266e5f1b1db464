import NIOCore
import RerouteTestSupport
import SMPPWire
import Testing

@Suite("SMPP 3.4 §5.1.3 decoding errors and their answers")
struct SMPPDecodingErrorTests {
    func failure(_ hex: String, policy: SMPPPDU.UnknownCommandPolicy = .reject) -> SMPPDecodingError? {
        do {
            let pdu = try SMPPPDU.decode(ByteBuffer(hex: hex), unknownCommands: policy)
            Issue.record("decoded \(pdu)")
            return nil
        } catch {
            return error
        }
    }

    @Test("SMPP 3.4 §4.3.1: unknown command_id → generic_nack ESME_RINVCMDID with the sequence number")
    func unknownCommand() throws {
        // data_sm #0x21, which Reroute's ESME does not implement.
        let hex = "00000014 00000103 00000000 00000021 00010203"
        let error = try #require(failure(hex))
        #expect(error.reason == .unsupportedCommand(.dataSM))
        #expect(error.reply() == SMPPPDU(commandStatus: .invalidCommandID, sequenceNumber: 0x21, message: .genericNack))
        // Kept raw when asked, and re-encoded byte for byte.
        let kept = try SMPPPDU.decode(ByteBuffer(hex: hex), unknownCommands: .keep)
        #expect(kept.message == .unknown(commandID: .dataSM, body: ByteBuffer(hex: "00010203")))
        #expect(kept.encoded() == ByteBuffer(hex: hex))
    }

    @Test("SMPP 3.4 §4.11.1: enquire_link with a body → generic_nack ESME_RINVCMDLEN")
    func headerOnlyWithBody() throws {
        let error = try #require(failure("00000011 00000015 00000000 00000003 00"))
        #expect(
            error.reply() == SMPPPDU(commandStatus: .invalidCommandLength, sequenceNumber: 3, message: .genericNack))
        #expect(!error.isFatal)
    }

    @Test("SMPP 3.4 §4.4.1: source_addr longer than 21 octets → submit_sm_resp ESME_RINVSRCADR")
    func longSourceAddress() throws {
        var submit = SMPPSubmitSM(
            source: .international("+1" + String(repeating: "5", count: 25)),
            destination: .international("+15551234567"), text: "x")
        submit.serviceType = ""
        let bytes = SMPPPDU(sequenceNumber: 11, message: .submitSM(submit)).encoded()
        let error = try #require(failure(bytes.hex))
        #expect(error.reason == .unterminatedString(field: .sourceAddress))
        #expect(
            error.reply()
                == SMPPPDU(
                    commandStatus: .invalidSourceAddress, sequenceNumber: 11,
                    message: .submitSMResponse(SMPPSubmitSMResponse(messageID: nil))))
    }

    @Test("SMPP 3.4 §4.6.1: sm_length past the end → deliver_sm_resp ESME_RINVMSGLEN")
    func shortMessageOverrun() throws {
        var bytes = Array(SMPPVectors.buffer(SMPPVectors.moUCS2).readableBytesView)
        // sm_length is the octet before the 26 octets of UCS-2 text.
        bytes[bytes.count - 27] = 0x40
        let error = try #require(failure(ByteBuffer(bytes: bytes).hex))
        #expect(error.reason == .shortMessageOverrun(declared: 0x40))
        #expect(error.reply()?.commandStatus == .invalidMessageLength)
        #expect(error.reply()?.commandID == .deliverSMResponse)
        #expect(error.reply()?.sequenceNumber == 9)
    }

    @Test("SMPP 3.4 §3.2.2: a TLV running past the end → ESME_RINVOPTPARSTREAM")
    func badTLVStream() throws {
        var bytes = Array(SMPPVectors.buffer(SMPPVectors.deliveryReceipt).readableBytesView)
        bytes[bytes.count - 3] = 0x09  // vendor TLV length 2 → 9
        let error = try #require(failure(ByteBuffer(bytes: bytes).hex))
        #expect(error.commandStatus == .invalidOptionalParameterStream)
        #expect(error.reply()?.commandID == .deliverSMResponse)
        // Three stray bytes after the mandatory part are no TLV either.
        let error2 = try #require(failure("00000017 80000004 00000000 00000002 6d2d3400 010203"))
        #expect(error2.commandStatus == .invalidOptionalParameterStream)
        #expect(error2.reply() == nil)
    }

    @Test("SMPP 3.4 §4.3: malformed responses and generic_nack are never answered")
    func responsesNotAnswered() throws {
        // submit_sm_resp whose message_id has no NUL.
        let error = try #require(failure("00000014 80000004 00000000 00000002 6d2d3432"))
        #expect(error.reply() == nil)
        // generic_nack with a body.
        let nack = try #require(failure("00000011 80000000 00000003 00000002 00"))
        #expect(nack.reply() == nil)
    }

    @Test(
        "SMPP 3.4 §4.1.5: bind with a truncated body → generic_nack ESME_RINVCMDLEN; too-long password → ESME_RINVPASWD"
    )
    func bindErrors() throws {
        let truncated = try #require(failure("00000015 00000009 00000000 00000001 65736d6500"))
        #expect(
            truncated.reply() == SMPPPDU(commandStatus: .invalidCommandLength, sequenceNumber: 1, message: .genericNack)
        )
        let bind = SMPPBind(systemID: "esme", password: "much-too-long-password")
        let error = try #require(failure(SMPPPDU(sequenceNumber: 2, message: .bindTransceiver(bind)).encoded().hex))
        #expect(
            error.reply()
                == SMPPPDU(
                    commandStatus: .invalidPassword, sequenceNumber: 2,
                    message: .bindTransceiverResponse(SMPPBindResponse(systemID: nil))))
    }

    @Test("SMPP 3.4 §3.2: command_length different from the bytes handed over")
    func lengthMismatch() throws {
        let error = try #require(failure("00000011 00000015 00000000 00000003"))
        #expect(error.reason == .lengthMismatch(declared: 17, actual: 16))
        #expect(error.reply()?.commandStatus == .invalidCommandLength)
    }
}
