import ISUPWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

/// Q.763 §3.9 ff: the address format shared by the number parameters.
struct ISUPNumberTests {
    func decode(_ hex: String) throws -> ISUPNumber {
        try ISUPNumber(decoding: ByteBuffer(hex: hex))
    }

    func encoded(_ value: some ISUPParameterValue) -> String {
        var buffer = ByteBuffer()
        value.encode(into: &buffer)
        return buffer.hex
    }

    @Test("Q.763 §3.9 called party number with an odd number of signals: filler nibble dropped")
    func oddCalled() throws {
        let number = try decode("83 10 21 43 65 07")
        #expect(number.isOdd)
        #expect(number.signals.digits == "1234567")
        #expect(number.natureOfAddress == .nationalNumber)
        #expect(number.numberingPlan == .isdnTelephony)
        #expect(!number.internalNetworkNumberNotAllowed)
        #expect(encoded(number) == "831021436507")
    }

    @Test("Q.763 §3.9 called party number with an even number of signals")
    func evenCalled() throws {
        let number = try decode("04 90 21 43 65 87")
        #expect(!number.isOdd)
        #expect(number.signals.digits == "12345678")
        #expect(number.natureOfAddress == .internationalNumber)
        #expect(number.internalNetworkNumberNotAllowed)
        #expect(encoded(number) == "049021436587")
    }

    @Test("Q.763 §3.9 f) code 11, code 12 and ST address signals")
    func codesAndST() throws {
        let number = try decode("03 10 b1 fc")
        #expect(number.signals.codes == [1, 11, 12, 15])
        #expect(number.signals.digits == "1*#")
        #expect(number.signals.hasEndOfPulsing)
        #expect(encoded(number) == "0310b1fc")
        let odd = try decode("81 10 b1 0f")
        #expect(odd.signals.codes == [1, 11, 15])
        #expect(odd.signals.description == "1*(ST)")
    }

    @Test("Q.763 §3.10 calling party number, presentation restricted, user provided verified and passed")
    func callingRestricted() throws {
        let number = try decode("03 15 21 43 65 87")
        #expect(number.presentation == .restricted)
        #expect(number.screening == .userProvidedVerifiedAndPassed)
        #expect(!number.numberIncomplete)
        let built = ISUPNumber(
            signals: "12345678", natureOfAddress: .nationalNumber, presentation: .restricted,
            screening: .userProvidedVerifiedAndPassed)
        #expect(built == number)
        #expect(encoded(built) == "031521436587")
    }

    @Test("Q.763 §3.10 calling party number, address not available, no signals, number incomplete")
    func callingNotAvailable() throws {
        let number = try decode("02 8b")
        #expect(number.signals.codes.isEmpty)
        #expect(number.presentation == .addressNotAvailable)
        #expect(number.screening == .networkProvided)
        #expect(number.numberIncomplete)
        #expect(encoded(number) == "028b")
    }

    @Test("Q.763 §3.9 a) an odd indicator without signals, or fewer than two octets, is invalid")
    func invalidNumbers() {
        #expect(throws: ISUPParameterError.self) { try decode("83 10") }
        #expect(throws: ISUPParameterError.self) { try decode("03") }
    }

    @Test("Q.763 §3.39, §3.44, §3.46, §3.16, §3.30 the other numbers share the format",
          arguments: [ISUPParameterCode.originalCalledNumber, .redirectingNumber, .redirectionNumber, .connectedNumber,
                      .locationNumber])
    func otherNumbers(code: ISUPParameterCode) throws {
        var message = ISUPMessage(cic: CircuitIdentificationCode(1), type: .answer)
        let number = ISUPNumber(signals: "4930123", natureOfAddress: .internationalNumber, presentation: .restricted)
        message.setParameter(code, to: number)
        let decoded = try ISUPMessage.decode(message.encoded)
        let views: [ISUPParameterCode: ISUPNumber?] = [
            .originalCalledNumber: decoded.originalCalledNumber, .redirectingNumber: decoded.redirectingNumber,
            .redirectionNumber: decoded.redirectionNumber, .connectedNumber: decoded.connectedNumber,
            .locationNumber: decoded.locationNumber,
        ]
        #expect(views[code] == number)
    }

    @Test("Q.763 §3.26 generic number: qualifier then the number format")
    func genericNumber() throws {
        let generic = try ISUPGenericNumber(decoding: ByteBuffer(hex: "06 03 13 21 43"))
        #expect(generic.qualifier == 6)
        #expect(generic.number.signals.digits == "1234")
        #expect(generic.number.screening == .networkProvided)
        #expect(encoded(generic) == "0603132143")
    }

    @Test("Q.763 §3.51 subsequent number")
    func subsequentNumber() throws {
        let number = try ISUPSubsequentNumber(decoding: ByteBuffer(hex: "80 98 0f"))
        #expect(number.signals.codes == [8, 9, 15])
        #expect(encoded(number) == "80980f")
        #expect(encoded(ISUPSubsequentNumber(signals: "12")) == "0021")
    }
}
