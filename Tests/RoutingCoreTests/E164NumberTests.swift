import Foundation
import RerouteTestSupport
import RoutingCore
import Testing

@Suite struct E164NumberTests {
    @Test func internationalFormWithE123Separators() throws {
        // ITU-T E.123 §7: spaces, hyphens and parentheses only group digits.
        #expect(try E164Number(parsing: "+44 7700-900 123").digits == "447700900123")
        #expect(try E164Number(parsing: "+44 (20) 7946.0958").digits == "442079460958")
        #expect(try E164Number(parsing: "+1 202 555 0143").description == "+12025550143")
    }

    @Test func nationalInputUsesTheCarriersCountryCodeAndTrunkPrefix() throws {
        let uk = DialingPlan(countryCode: "44", trunkPrefix: "0")
        #expect(try E164Number(parsing: "07700 900123", plan: uk).digits == "447700900123")
        #expect(try E164Number(parsing: "0033 6 12 34 56 78", plan: uk).digits == "33612345678")
        let us = DialingPlan(countryCode: "1", trunkPrefix: "1", internationalPrefix: "011")
        #expect(try E164Number(parsing: "(202) 555-0143", plan: us).digits == "12025550143")
    }

    @Test func garbageIsATypedError() {
        #expect(throws: NumberParseError.invalidCharacter("a", offset: 4)) { try E164Number(parsing: "+447a00") }
        #expect(throws: NumberParseError.empty) { try E164Number(parsing: " - ") }
        #expect(throws: NumberParseError.nationalNumberWithoutCountry) { try E164Number(parsing: "07700900123") }
        // ITU-T E.164 §6.1: at most 15 digits.
        #expect(throws: NumberParseError.tooLong(16)) { try E164Number(parsing: "+1234567890123456") }
        #expect(throws: NumberParseError.invalidCountryCode) { try E164Number(parsing: "+0447700900123") }
        #expect(throws: NumberParseError.tooShort(4)) { try E164Number(parsing: "+4412") }
        #expect(throws: NumberParseError.invalidCharacter("+", offset: 3)) { try E164Number(parsing: "+44+1234567") }
    }

    @Test func mutatedInputNeverCrashes() {
        var rng = SeededGenerator(seed: 7)
        let alphabet = Array("+0123456789 -()./#*a\u{00A0}")
        for _ in 0..<5_000 {
            let text = String((0..<Int.random(in: 0...20, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            if let number = try? E164Number(parsing: text, plan: DialingPlan(countryCode: "44")) {
                #expect((E164Number.minimumDigits...E164Number.maximumDigits).contains(number.digits.count))
                #expect((try? E164Number(parsing: number.description)) == number)
            }
        }
    }
}

