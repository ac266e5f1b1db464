import NIOCore
import SMPPWire
import Testing

@Suite("SMPP 3.4 Appendix B delivery receipts")
struct SMPPDeliveryReceiptTests {
    @Test("SMPP 3.4 Appendix B: fields of the receipt text")
    func parseText() throws {
        let receipt = try #require(
            SMPPDeliveryReceipt(
                text:
                    "id:0123456789 sub:001 dlvrd:001 submit date:0610191018 done date:0610191018 stat:DELIVRD err:000 "
                    + "Text:Hello world"))
        #expect(receipt.messageID == "0123456789")
        #expect(receipt.state == .delivered)
        #expect(receipt.submitted == "001")
        #expect(receipt.delivered == "001")
        #expect(receipt.submitDate == "0610191018")
        #expect(receipt.doneDate == "0610191018")
        #expect(receipt.error == "000")
        #expect(receipt.text == "Hello world")
        #expect(SMPPDeliveryReceipt(text: receipt.formatted) == receipt)
    }

    @Test("SMPP 3.4 Appendix B: keys in any case, fields missing, unknown stat words")
    func lenient() throws {
        let receipt = try #require(SMPPDeliveryReceipt(text: "ID:x9 STAT:undeliv ERR:012"))
        #expect(receipt.messageID == "x9")
        #expect(receipt.state == .undeliverable)
        #expect(receipt.error == "012")
        #expect(SMPPDeliveryReceipt(text: "id:x9 stat:WHATEVER")?.state == .unknown)
        #expect(SMPPDeliveryReceipt(text: "hello id:") == nil)
        #expect(SMPPDeliveryReceipt(text: "Your code is 123456") == nil)
    }

    @Test("SMPP 3.4 §5.2.12 / §5.3.2.12: a deliver_sm receipt from smpp34, TLVs winning over text")
    func fromDeliverSM() throws {
        let pdu = try SMPPPDU.decode(SMPPVectors.buffer(SMPPVectors.deliveryReceipt))
        guard case .deliverSM(var deliver) = pdu.message else {
            Issue.record("\(pdu)")
            return
        }
        #expect(deliver.esmClass.messageType == .smscDeliveryReceipt)
        let receipt = try #require(SMPPDeliveryReceipt(deliver))
        #expect(receipt.messageID == "abc123")
        #expect(receipt.state == .delivered)
        #expect(receipt.text == "Your code is")
        deliver.tlvs = [.cString(.receiptedMessageID, "from-tlv"), .uint8(.messageState, 5)]
        let fromTLVs = try #require(SMPPDeliveryReceipt(deliver))
        #expect(fromTLVs.messageID == "from-tlv")
        #expect(fromTLVs.state == .undeliverable)
        // A normal MO with receipt-like text is not a receipt.
        deliver.esmClass = .default
        #expect(SMPPDeliveryReceipt(deliver) == nil)
    }
}
