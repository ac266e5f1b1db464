import ISUPWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

/// One vector per Q.763 Table 4 message type, built by hand from the Q.763 §4 layouts (CIC 1).
struct ISUPMessageVectorTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var hex: String
        /// The mandatory parameter codes the layout must produce, in order.
        var mandatory: [UInt8] = []
        /// The optional parameter codes, or nil for no optional part.
        var optional: [UInt8]? = nil
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        // Table 32 IAM: NCI, FCI, CPC, TMR; called party number; optional calling party number.
        Vector(name: "IAM", hex: "0100 01 00 2001 0a 00 0208 06831021436507 0a06031321436587 00",
               mandatory: [0x06, 0x07, 0x09, 0x02, 0x04], optional: [0x0A]),
        Vector(name: "SAM", hex: "0100 02 0200 0380980f", mandatory: [0x05]),
        Vector(name: "INR", hex: "0100 03 0100 00", mandatory: [0x0E]),
        Vector(
            name: "INF", hex: "0100 04 2300 01 0a06031321436587 09010a 00", mandatory: [0x0F],
            optional: [0x0A, 0x09]),
        Vector(name: "COT", hex: "0100 05 01", mandatory: [0x10]),
        Vector(name: "ACM", hex: "0100 06 1614 01 290101 00", mandatory: [0x11], optional: [0x29]),
        Vector(name: "CON", hex: "0100 07 1614 01 21058303214305 00", mandatory: [0x11], optional: [0x21]),
        Vector(name: "FOT", hex: "0100 08 00"),
        Vector(name: "ANM", hex: "0100 09 00"),
        Vector(name: "REL", hex: "0100 0c 0200 028290", mandatory: [0x12]),
        Vector(name: "SUS", hex: "0100 0d 00 00", mandatory: [0x22]),
        Vector(name: "RES", hex: "0100 0e 01 00", mandatory: [0x22]),
        Vector(name: "RLC", hex: "0100 10 00"),
        Vector(name: "CCR", hex: "0100 11"),
        Vector(name: "RSC", hex: "0100 12"),
        Vector(name: "BLO", hex: "0100 13"),
        Vector(name: "UBL", hex: "0100 14"),
        Vector(name: "BLA", hex: "0100 15"),
        Vector(name: "UBA", hex: "0100 16"),
        Vector(name: "GRS", hex: "0100 17 01 011d", mandatory: [0x16]),
        Vector(name: "CGB", hex: "0100 18 00 01 0207ff", mandatory: [0x15, 0x16]),
        Vector(name: "CGU", hex: "0100 19 01 01 02070f", mandatory: [0x15, 0x16]),
        Vector(name: "CGBA", hex: "0100 1a 00 01 030bff0f", mandatory: [0x15, 0x16]),
        Vector(name: "CGUA", hex: "0100 1b 00 01 020305", mandatory: [0x15, 0x16]),
        Vector(name: "FAR", hex: "0100 1f 02 00", mandatory: [0x18]),
        Vector(name: "FAA", hex: "0100 20 02 00", mandatory: [0x18]),
        Vector(name: "FRJ", hex: "0100 21 02 0200 028295", mandatory: [0x18, 0x12]),
        Vector(name: "LPA", hex: "0100 24"),
        Vector(name: "PAM", hex: "0100 28 06161400"),
        Vector(name: "GRA", hex: "0100 29 01 051d00000000", mandatory: [0x16]),
        Vector(name: "CQM", hex: "0100 2a 01 0103", mandatory: [0x16]),
        Vector(name: "CQR", hex: "0100 2b 0203 0103 0400000102", mandatory: [0x16, 0x26]),
        Vector(name: "CPG", hex: "0100 2c 01 01 290101 00", mandatory: [0x24], optional: [0x29]),
        Vector(name: "USR", hex: "0100 2d 0200 03112233", mandatory: [0x20]),
        Vector(name: "UCIC", hex: "0100 2e"),
        Vector(name: "CFN", hex: "0100 2f 0200 0384e3f4", mandatory: [0x12]),
        Vector(name: "OLM", hex: "0100 30"),
        Vector(name: "CRG", hex: "0100 31 aabbcc"),
        Vector(name: "NRM", hex: "0100 32 01 370105 00", optional: [0x37]),
        Vector(name: "FAC", hex: "0100 33 01 380181 00", optional: [0x38]),
        Vector(name: "UPT", hex: "0100 34 00"),
        Vector(name: "UPA", hex: "0100 35 00"),
        Vector(name: "IDR", hex: "0100 36 01 3b0101 00", optional: [0x3B]),
        Vector(name: "IRS", hex: "0100 37 01 0a06031321436587 00", optional: [0x0A]),
        Vector(name: "SGM", hex: "0100 38 01 03047c028890 00", optional: [0x03]),
        Vector(name: "LPP", hex: "0100 40 01 440100 00", optional: [0x44]),
        Vector(name: "APM", hex: "0100 41 01 78050080c00102 00", optional: [0x78]),
        Vector(name: "PRI", hex: "0100 42 00"),
    ]

    @Test("Q.763 §4 every message type decodes by its layout and re-encodes byte for byte", arguments: vectors)
    func vectorRoundTrip(vector: Vector) throws {
        let bytes = ByteBuffer(hex: vector.hex)
        let message = try ISUPMessage.decode(bytes)
        #expect(message.type.name == vector.name)
        #expect(message.type.isRecognized)
        #expect(message.cic == CircuitIdentificationCode(1))
        #expect(message.mandatory.map(\.code.rawValue) == vector.mandatory)
        #expect(message.optional?.map(\.code.rawValue) == vector.optional)
        #expect(message.encoded.hex == bytes.hex)
        #expect(message.extraOctets.readableBytes == (message.isRaw ? bytes.readableBytes - 3 : 0))
    }

    @Test("Q.763 Table 4 has a vector for every recognised message type")
    func everyTypeCovered() {
        let recognised = (0...255).map { ISUPMessageType(UInt8($0)) }.filter(\.isRecognized).map(\.name)
        #expect(Set(recognised) == Set(Self.vectors.map(\.name)))
        #expect(recognised.count == 48)
    }

    @Test("Q.764 §2.9.5.3 an unknown message type is kept raw and re-encoded byte for byte")
    func unknownMessageType() throws {
        let bytes = ByteBuffer(hex: "3412 99 deadbeef00")
        let message = try ISUPMessage.decode(bytes)
        #expect(message.cic == CircuitIdentificationCode(0x234))
        #expect(message.cicSpareBits == 1)
        #expect(!message.type.isRecognized)
        #expect(message.isRaw)
        #expect(message.type.name == "type 0x99")
        #expect(message.extraOctets.hex == "deadbeef00")
        #expect(message.encoded.hex == bytes.hex)
    }

    @Test("Q.763 §4 PAM keeps its body raw and yields the embedded message")
    func passAlong() throws {
        let pam = try ISUPMessage.decode(ByteBuffer(hex: "0f00 28 06161400"))
        #expect(pam.isRaw)
        let embedded = try #require(try pam.passedAlongMessage())
        #expect(embedded.type == .addressComplete)
        #expect(embedded.cic == CircuitIdentificationCode(15))
        #expect(embedded.backwardCallIndicators?.rawValue == 0x1416)
        #expect(try ISUPMessage.decode(ByteBuffer(hex: "0f00 09 00")).passedAlongMessage() == nil)
    }

    @Test("Q.763 §1.2 the 12-bit CIC: low octet first, spare bits kept")
    func cicBits() throws {
        let message = try ISUPMessage.decode(ByteBuffer(hex: "ffff 10 00"))
        #expect(message.cic == CircuitIdentificationCode(0xFFF))
        #expect(message.cicSpareBits == 0xF)
        #expect(message.encoded.hex == "ffff1000")
    }

    @Test("Q.763 §1.5 built messages use the canonical pointer layout")
    func buildRelease() throws {
        var rel = ISUPMessage(cic: CircuitIdentificationCode(0x123), type: .release)
        rel.setParameter(.causeIndicators, to: ISUPCauseIndicators(cause: .userBusy, location: .publicNetworkLocalUser))
        rel.setParameter(.redirectionNumber, to: ISUPNumber(signals: "123"))
        #expect(rel.encoded.hex == "23010c" + "0204" + "028291" + "0c0483102103" + "00")
        #expect(try ISUPMessage.decode(rel.encoded) == rel)

        var iam = ISUPMessage(cic: CircuitIdentificationCode(7), type: .initialAddress)
        iam.setParameter(.natureOfConnectionIndicators, to: ISUPNatureOfConnectionIndicators(rawValue: 0))
        iam.setParameter(.forwardCallIndicators, to: ISUPForwardCallIndicators(rawValue: 0x0120))
        iam.setParameter(.callingPartysCategory, to: ISUPCallingPartyCategory.ordinarySubscriber)
        iam.setParameter(.transmissionMediumRequirement, to: ISUPTransmissionMediumRequirement.speech)
        iam.setParameter(.calledPartyNumber, to: ISUPNumber(signals: "0612345678", natureOfAddress: .nationalNumber))
        #expect(iam.encoded.hex == "070001" + "00" + "2001" + "0a" + "00" + "0200" + "0703106021436587")
        let decoded = try ISUPMessage.decode(iam.encoded)
        #expect(decoded.calledPartyNumber?.signals.digits == "0612345678")
        #expect(decoded == iam)
    }
}
