import NIOCore
import RerouteTestSupport
import SMPPWire
import Testing

@Suite("SMPP 3.4 §3.2 framing")
struct SMPPFramingTests {
    @Test("SMPP 3.4 §3.2: byte at a time, nil until command_length bytes are there, reader index kept")
    func byteAtATime() throws {
        let stream = SMPPVectors.all.map { SMPPVectors.buffer($0) }
        var joined = ByteBuffer()
        for var pdu in stream { joined.writeBuffer(&pdu) }
        var incoming = ByteBuffer()
        var framed: [ByteBuffer] = []
        for byte in joined.readableBytesView {
            incoming.writeInteger(byte)
            while true {
                let before = incoming.readerIndex
                guard let pdu = try SMPPPDU.frame(from: &incoming) else {
                    #expect(incoming.readerIndex == before)
                    break
                }
                framed.append(pdu)
            }
        }
        #expect(framed == stream)
        #expect(incoming.readableBytes == 0)
    }

    @Test("SMPP 3.4 §4.3: command_length below 16 → generic_nack ESME_RINVCMDLEN, fatal")
    func shortLength() {
        var buffer = ByteBuffer(hex: "0000000c 00000004 00000000 0000002a 00000000")
        #expect(throws: SMPPDecodingError.self) { try SMPPPDU.frame(from: &buffer) }
        do {
            _ = try SMPPPDU.frame(from: &buffer)
        } catch {
            #expect(error.commandStatus == .invalidCommandLength)
            #expect(error.isFatal)
            #expect(
                error.reply()
                    == SMPPPDU(commandStatus: .invalidCommandLength, sequenceNumber: 42, message: .genericNack))
        }
    }

    @Test("SMPP 3.4 §3.2: command_length above the limit is refused before buffering")
    func hugeLength() {
        var buffer = ByteBuffer(hex: "7fffffff 00000004 00000000 00000001")
        do {
            _ = try SMPPPDU.frame(from: &buffer)
            Issue.record("framed a 2 GB PDU")
        } catch {
            #expect(error.reason == .badCommandLength(declared: 0x7FFF_FFFF))
        }
        var small = ByteBuffer(hex: "00000100 00000004 00000000 00000001")
        #expect(throws: SMPPDecodingError.self) { try SMPPPDU.frame(from: &small, maximumLength: 128) }
    }
}
