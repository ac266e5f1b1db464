import NIOCore
import Testing
import WireSupport

@Suite("Padded TLV (RFC 4666 §3.2, RFC 9260 §3.2.1)")
struct PaddedTLVTests {
    @Test("RFC 4666 §3.2: the length counts the header but not the padding; padding brings the value to four")
    func lengthAndPadding() throws {
        var buffer = ByteBuffer()
        let written = buffer.writePaddedTLV(PaddedTLV(tag: 0x0004, value: ByteBuffer(bytes: [0x41, 0x42, 0x43])))
        #expect(written == 8)
        #expect(buffer.readableBytesArray == [0x00, 0x04, 0x00, 0x07, 0x41, 0x42, 0x43, 0x00])
        let tlv = try buffer.readPaddedTLV()
        #expect(tlv?.tag == 4)
        #expect(tlv?.value.readableBytesArray == [0x41, 0x42, 0x43])
        #expect(try buffer.readPaddedTLV() == nil)
    }

    @Test("RFC 9260 §3.2: a last item without its padding is still read")
    func missingFinalPadding() throws {
        var buffer = ByteBuffer(bytes: [0x00, 0x06, 0x00, 0x05, 0x09])
        let tlv = try buffer.readPaddedTLV()
        #expect(tlv?.value.readableBytesArray == [0x09])
        #expect(buffer.readableBytes == 0)
    }

    @Test("A length below the header size is a typed error at its offset")
    func lengthTooShort() {
        var buffer = ByteBuffer(bytes: [0x00, 0x06, 0x00, 0x03])
        #expect(throws: PaddedTLVError.lengthTooShort(offset: 0, length: 3)) { try buffer.readPaddedTLV() }
        #expect(buffer.readerIndex == 0)
    }

    @Test("A length past the end is a typed error and the reader does not move")
    func lengthOverrun() {
        var buffer = ByteBuffer(bytes: [0x00, 0x06, 0x00, 0x09, 0x01])
        #expect(throws: PaddedTLVError.lengthOverrun(offset: 0, length: 9, available: 5)) {
            try buffer.readPaddedTLV()
        }
        #expect(buffer.readerIndex == 0)
    }

    @Test("Fewer than four bytes cannot hold a header")
    func truncatedHeader() {
        var buffer = ByteBuffer(bytes: [0x00, 0x06, 0x00])
        #expect(throws: PaddedTLVError.truncatedHeader(offset: 0, available: 3)) { try buffer.readPaddedTLV() }
    }
}

@Suite("Reader helpers")
struct ReaderHelperTests {
    @Test("rewindReaderOnNil puts the reader back when more bytes are needed")
    func rewind() {
        var buffer = ByteBuffer(bytes: [1, 2, 3])
        let value: UInt16? = buffer.rewindReaderOnNil { (b: inout ByteBuffer) -> UInt16? in
            _ = b.readInteger(as: UInt16.self)
            return b.readInteger(as: UInt16.self)
        }
        #expect(value == nil)
        #expect(buffer.readerIndex == 0)
    }

    @Test("Padding to four", arguments: [(0, 0), (1, 3), (2, 2), (3, 1), (4, 0), (5, 3)])
    func padding(length: Int, pad: Int) {
        #expect(ByteBuffer.paddingToFour(length) == pad)
    }
}

@Suite("BCD address signals (ITU-T Q.763 §3.9)")
struct BCDDigitsTests {
    @Test("Q.763 §3.9: the first signal is in the low nibble; an odd count leaves a 0000 filler")
    func packOdd() {
        #expect(BCDDigits.pack([1, 2, 3]) == [0x21, 0x03])
        #expect(BCDDigits.unpack([0x21, 0x03], odd: true) == [1, 2, 3])
        #expect(BCDDigits.unpack([0x21, 0x43], odd: false) == [1, 2, 3, 4])
    }

    @Test("Bit fields count from bit A = 0")
    func bitFields() {
        let octet: UInt8 = 0b1011_0110
        #expect(octet.bits(0, width: 4) == 0b0110)
        #expect(octet.bits(4, width: 3) == 0b011)
        #expect(octet.bit(7))
        #expect(octet.settingBits(0, width: 4, to: 0xF) == 0b1011_1111)
    }
}
