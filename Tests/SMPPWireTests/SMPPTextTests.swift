import NIOCore
import SMPPWire
import Testing

@Suite("SMPP 3.4 §5.2.19 data_coding alphabets")
struct SMPPTextTests {
    @Test("3GPP TS 23.038 §6.2.1: default alphabet septets")
    func defaultAlphabet() throws {
        #expect(GSM0338.encode("@£$¥") == [0x00, 0x01, 0x02, 0x03])
        #expect(GSM0338.encode("ΔΩ") == [0x10, 0x15])
        #expect(GSM0338.encode("Aa0 ") == [0x41, 0x61, 0x30, 0x20])
        #expect(GSM0338.encode("¡¿àü§") == [0x40, 0x60, 0x7F, 0x7E, 0x5F])
        // Extension table behind ESC (§6.2.1.1).
        #expect(
            GSM0338.encode("€[]{}\\~^|") == [
                0x1B, 0x65, 0x1B, 0x3C, 0x1B, 0x3E, 0x1B, 0x28, 0x1B, 0x29, 0x1B, 0x2F, 0x1B, 0x3D, 0x1B, 0x14, 0x1B,
                0x40,
            ])
        #expect(GSM0338.encode("日本") == nil)
        #expect(GSM0338.encode("`") == nil)
    }

    @Test("3GPP TS 23.038 §6.2.1: every septet decodes to one character and the 127 non-escape ones re-encode")
    func wholeTable() {
        for septet in UInt8(0)...0x7F where septet != GSM0338.escape {
            let text = GSM0338.decode([septet])
            #expect(text.count == 1)
            #expect(GSM0338.encode(text) == [septet], "septet \(septet)")
        }
        // An ESC before a septet the extension table lacks shows the basic character; a trailing ESC a space.
        #expect(GSM0338.decode([0x1B, 0x41]) == "A")
        #expect(GSM0338.decode([0x41, 0x1B]) == "A ")
    }

    @Test("SMPP 3.4 §5.2.19: narrowest encoding — GSM when it fits, else UCS-2 (UTF-16BE, surrogates kept)")
    func narrowest() {
        let (gsm, gsmBytes) = SMPPText.encode("Your Reroute code is 123456")
        #expect(gsm == .smscDefault)
        #expect(gsmBytes.count == 27)
        let (ucs2, ucs2Bytes) = SMPPText.encode("код 123456 🙂")
        #expect(ucs2 == .ucs2)
        #expect(Array(ucs2Bytes.prefix(4)) == [0x04, 0x3A, 0x04, 0x3E])
        #expect(SMPPText.decode(ucs2Bytes, dataCoding: .ucs2) == "код 123456 🙂")
    }

    @Test("SMPP 3.4 §5.2.19: Latin-1 and IA5")
    func latin1() {
        #expect(SMPPText.encode("Café", as: .latin1) == [0x43, 0x61, 0x66, 0xE9])
        #expect(SMPPText.encode("Café", as: .ia5) == nil)
        #expect(SMPPText.decode([0x43, 0x61, 0x66, 0xE9], dataCoding: .latin1) == "Café")
        #expect(SMPPText.encode("€", as: .latin1) == nil)
    }
}
