import NIOCore
import RerouteTestSupport
import SMPPWire
import Testing

@Suite("SMPP 3.4 §4 PDU vectors")
struct SMPPPDUVectorTests {
    @Test("SMPP 3.4 §4: every vector decodes and re-encodes byte for byte", arguments: SMPPVectors.all)
    func roundTrip(hex: String) throws {
        let bytes = SMPPVectors.buffer(hex)
        let pdu = try SMPPPDU.decode(bytes)
        #expect(pdu.encoded() == bytes, "\(pdu)")
    }

    @Test("SMPP 3.4 §4.1.5 bind_transceiver fields")
    func bindTransceiver() throws {
        let pdu = try SMPPPDU.decode(SMPPVectors.buffer(SMPPVectors.bindTransceiver))
        #expect(pdu.sequenceNumber == 1)
        #expect(pdu.commandID == .bindTransceiver)
        guard case .bindTransceiver(let bind) = pdu.message else {
            Issue.record("not a bind_transceiver: \(pdu)")
            return
        }
        #expect(bind == SMPPBind(systemID: "esme", password: "pw"))
        let built = SMPPPDU(sequenceNumber: 1, message: .bindTransceiver(SMPPBind(systemID: "esme", password: "pw")))
        #expect(built.encoded() == SMPPVectors.buffer(SMPPVectors.bindTransceiver))
    }

    @Test("SMPP 3.4 §4.1.6 bind_transceiver_resp: system_id, sc_interface_version; empty body on error")
    func bindResponse() throws {
        let ok = try SMPPPDU.decode(SMPPVectors.buffer(SMPPVectors.bindTransceiverResponse))
        guard case .bindTransceiverResponse(let body) = ok.message else {
            Issue.record("\(ok)")
            return
        }
        #expect(body.systemID == "SMSC")
        #expect(body.tlvs.scInterfaceVersion == 0x34)
        let rejected = try SMPPPDU.decode(SMPPVectors.buffer(SMPPVectors.bindTransceiverResponseRejected))
        #expect(rejected.commandStatus == .invalidPassword)
        #expect(rejected.message == .bindTransceiverResponse(SMPPBindResponse(systemID: nil)))
        #expect(rejected.commandStatus.description == "ESME_RINVPASWD")
    }

    @Test("SMPP 3.4 §4.4.1 submit_sm encoded by smpp34 decodes to the fields it was given")
    func submitSMFromIndependentEncoder() throws {
        let pdu = try SMPPPDU.decode(SMPPVectors.buffer(SMPPVectors.submitSM))
        guard case .submitSM(let submit) = pdu.message else {
            Issue.record("\(pdu)")
            return
        }
        #expect(pdu.sequenceNumber == 2)
        #expect(submit.source == .alphanumeric("Reroute"))
        #expect(submit.destination == .international("+447700900123"))
        #expect(submit.registeredDelivery == .receiptOnSuccessOrFailure)
        #expect(submit.dataCoding == .smscDefault)
        #expect(submit.text == "Your code is 123456")
        // The same PDU built with Reroute's API is byte-identical.
        var mine = SMPPSubmitSM(
            source: .alphanumeric("Reroute"), destination: .international("+447700900123"),
            text: "Your code is 123456")
        mine.registeredDelivery = .receiptOnSuccessOrFailure
        #expect(
            SMPPPDU(sequenceNumber: 2, message: .submitSM(mine)).encoded() == SMPPVectors.buffer(SMPPVectors.submitSM))
    }

    @Test("SMPP 3.4 §4.4.2 / §4.6.2 submit_sm_resp message_id; deliver_sm_resp NULL message_id")
    func messageIDResponses() throws {
        let submitResponse = try SMPPPDU.decode(SMPPVectors.buffer(SMPPVectors.submitSMResponse))
        #expect(submitResponse.message == .submitSMResponse(SMPPSubmitSMResponse(messageID: "m-42")))
        let deliverResponse = try SMPPPDU.decode(SMPPVectors.buffer(SMPPVectors.deliverSMResponse))
        #expect(deliverResponse.message == .deliverSMResponse(SMPPDeliverSMResponse(messageID: "")))
        // "The submit_sm_resp PDU Body is not returned if the command_status field contains a non-zero value."
        let failed = SMPPPDU(
            commandStatus: .throttled, sequenceNumber: 9,
            message: .submitSMResponse(SMPPSubmitSMResponse(messageID: nil)))
        #expect(failed.encoded() == ByteBuffer(hex: "00000010 80000004 00000058 00000009"))
        #expect(try SMPPPDU.decode(failed.encoded()) == failed)
    }

    @Test("SMPP 3.4 §4.6.1 deliver_sm in UCS-2 (data_coding 8) from smpp34")
    func moUCS2() throws {
        let pdu = try SMPPPDU.decode(SMPPVectors.buffer(SMPPVectors.moUCS2))
        guard case .deliverSM(let deliver) = pdu.message else {
            Issue.record("\(pdu)")
            return
        }
        #expect(deliver.dataCoding == .ucs2)
        #expect(deliver.text == "Привет 123456")
        #expect(deliver.source.e164OrRaw == "+447700900123")
        #expect(SMPPDeliveryReceipt(deliver) == nil)
    }

    @Test("SMPP 3.4 §4.12.1 alert_notification with ms_availability_status")
    func alertNotification() throws {
        let pdu = try SMPPPDU.decode(SMPPVectors.buffer(SMPPVectors.alertNotification))
        let expected = SMPPAlertNotification(
            source: .international("447700900123"), esme: .alphanumeric("Reroute"),
            tlvs: [.uint8(.msAvailabilityStatus, 0)])
        #expect(pdu.message == .alertNotification(expected))
        #expect(SMPPCommandID.alertNotification.responseID == nil)
    }

    @Test("SMPP 3.4 §3.2.2: unknown TLVs are kept in order and re-encoded")
    func unknownTLVsKept() throws {
        let pdu = try SMPPPDU.decode(SMPPVectors.buffer(SMPPVectors.deliveryReceipt))
        guard case .deliverSM(let deliver) = pdu.message else {
            Issue.record("\(pdu)")
            return
        }
        #expect(deliver.tlvs.map(\.tag) == [.receiptedMessageID, .messageState, SMPPTLVTag(0x1403)])
        #expect(deliver.tlvs[2].value == ByteBuffer(bytes: [0xAA, 0xBB]))
    }

    @Test("SMPP 3.4 §4.6.1: long text goes to message_payload (§5.3.2.32) and reads back")
    func messagePayload() throws {
        let text = String(repeating: "Ω123456 ", count: 40)
        let submit = SMPPSubmitSM(
            source: .international("+15551234567"), destination: .international("+15557654321"), text: text)
        #expect(submit.shortMessage.readableBytes == 0)
        #expect(submit.tlvs.messagePayload?.readableBytes == 320)
        let again = try SMPPPDU.decode(SMPPPDU(sequenceNumber: 4, message: .submitSM(submit)).encoded())
        guard case .submitSM(let decoded) = again.message else {
            Issue.record("\(again)")
            return
        }
        #expect(decoded.text == text)
    }

    @Test("SMPP 3.4 §5.1.2.1: names and the response bit")
    func commandNames() {
        #expect(SMPPCommandID.submitSM.responseID == .submitSMResponse)
        #expect(SMPPCommandID.deliverSMResponse.isResponse)
        #expect(SMPPCommandID.deliverSMResponse.responseID == nil)
        #expect(SMPPMessage.enquireLink.description == "enquire_link")
        #expect(SMPPCommandID(0x0000_0103).description == "data_sm")
        #expect(SMPPCommandStatus(0x0000_0401).description == "command_status 0x401")
    }
}
