import Testing
import TelecomTypes

@Suite("Address signals (ITU-T Q.763 §3.9 f)")
struct AddressSignalsTests {
    @Test("Q.763 §3.9 f: code 11 renders *, code 12 renders #, ST is left out of the digits")
    func rendering() {
        let signals = AddressSignals(codes: [4, 4, 11, 12, 0, 15])
        #expect(signals.digits == "44*#0")
        #expect(signals.hasEndOfPulsing)
        #expect(signals.description == "44*#0(ST)")
    }

    @Test("Parsing text gives the codes back")
    func parsing() {
        // A `String` value (not a literal) selects the failable parser rather than the literal initialiser.
        let good: String = "12*#F"
        let bad: String = "12x"
        #expect(AddressSignals(good)?.codes == [1, 2, 11, 12, 15])
        #expect(AddressSignals(bad) == nil)
    }

    @Test("Q.704 §2.2.1: ITU point codes have 14 bits, shown 3-8-3")
    func pointCode() {
        #expect(PointCode(16383).isValid)
        #expect(!PointCode(16384).isValid)
        #expect(PointCode(0x2D02).structured == "5-160-2")
    }
}
