import Foundation
import RerouteTestSupport
import RoutingCore
import Testing

/// The mission's call-forwarding activation: catalog lookup, platform or client code, results, closed loop.
@Suite struct ForwardingActivationTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    let number = try! E164Number(parsing: "+447700900001")

    func carrier(_ technology: String, _ provisioning: ProvisioningIntegration = .none) -> Carrier {
        Carrier(
            id: CarrierID(makeUUID(randomBytes: Array(repeating: 5, count: 16))),
            definition: try! CarrierDefinition(
                country: "GB", mcc: "234", mnc: "15", name: "Vodafone UK", technology: technology,
                cNumber: "+447700900500", prefixes: ["+4477009"], provisioning: provisioning))
    }

    /// 3GPP TS 22.030 §6.5 and Annex B: `**004*<C>#` registers all conditional forwarding, `##004#` erases it.
    @Test func gsmClientCodePath() throws {
        var f = ForwardingActivation(number: number)
        #expect(f.start(carrier: carrier("gsm"), at: t0) == .instructClient(code: "**004*+447700900500#"))
        #expect(f.phase == .clientInstructed && f.method == .clientCode)
        try f.clientReported(succeeded: true, detail: "network accepted", at: t0)
        #expect(f.phase == .active)
        #expect(f.start(carrier: carrier("gsm"), at: t0) == .none)
        #expect(f.history.last?.detail == "already active")
        #expect(f.stop(carrier: carrier("gsm"), at: t0) == .instructClient(code: "##004#"))
        try f.clientReported(succeeded: true, detail: "", at: t0)
        #expect(f.phase == .inactive)
        #expect(f.history.map(\.to) == [.clientInstructed, .active, .active, .clientInstructed, .inactive])
    }

    @Test func cdmaCodes() {
        var f = ForwardingActivation(number: number)
        #expect(f.start(carrier: carrier("cdma"), at: t0) == .instructClient(code: "*71+447700900500"))
        #expect(ForwardingCodes.deactivation(technology: .cdma) == "*73")
    }

    @Test func integratedPlatformPath() throws {
        var f = ForwardingActivation(number: number)
        let action = f.start(carrier: carrier("gsm", .http(url: "https://prov.example/api", token: "t")), at: t0)
        guard case .requestProvisioning(let command) = action else { Issue.record("no request"); return }
        #expect(command.activate && command.cNumber.description == "+447700900500" && command.number == number)
        #expect(f.phase == .provisioningRequested && f.method == .provisioningPlatform && f.code == nil)
        #expect(throws: ForwardingError.notAwaiting(.provisioningRequested)) {
            try f.clientReported(succeeded: true, detail: "", at: t0)
        }
        try f.provisioningAnswered(.failed(detail: "HTTP 500"), at: t0)
        #expect(f.phase == .failed)
        _ = f.start(carrier: carrier("gsm", .http(url: "https://prov.example/api", token: "t")), at: t0)
        try f.provisioningAnswered(.alreadyInState(detail: "active since 2023"), at: t0)
        #expect(f.phase == .active)
    }

    @Test func noCarrierFails() {
        var f = ForwardingActivation(number: number)
        #expect(f.start(carrier: nil, at: t0) == .none)
        #expect(f.phase == .failed)
    }

    @Test func firstForwardedCallVerifies() {
        var f = ForwardingActivation(number: number)
        _ = f.start(carrier: carrier("gsm"), at: t0)
        let first = f.forwardedCallSeen(at: t0)
        let second = f.forwardedCallSeen(at: t0.addingTimeInterval(1))
        #expect(first && !second)
        #expect(f.phase == .verified && f.history.count == 2)
    }

    @Test func longestPrefixPicksTheCarrier() throws {
        let broad = Carrier(id: CarrierID(makeUUID(randomBytes: Array(repeating: 1, count: 16))),
            definition: try CarrierDefinition(country: "GB", mcc: "234", mnc: "10", name: "O2", technology: "gsm",
                cNumber: "+447700900600", prefixes: ["+447"], provisioning: .none))
        #expect(Carrier.serving(number, among: [broad, carrier("gsm")])?.definition.mnc == "15")
        #expect(Carrier.serving(try E164Number(parsing: "+33612345678"), among: [broad]) == nil)
    }
}

@Suite struct CarrierCSVTests {
    static let header = "country,mcc,mnc,name,technology,c_number,prefixes,provisioning_type,provisioning_url,provisioning_token\n"

    @Test func readsQuotedFieldsAndBothProvisioningKinds() throws {
        let csv = Self.header + """
            GB,234,15,"Vodafone, UK",gsm,+447700900500,+4477009 +4477008,none,,
            US,310,012,Verizon,cdma,+12025550100,+1202555;+1301555,http,https://prov.example/v1,"tok""en"
            """
        let carriers = try CarrierCSV.parse(csv)
        #expect(carriers.count == 2)
        #expect(carriers[0].name == "Vodafone, UK" && carriers[0].prefixes == ["+4477009", "+4477008"])
        #expect(carriers[1].provisioning == .http(url: "https://prov.example/v1", token: "tok\"en"))
        #expect(carriers[1].technology == .cdma)
    }

    @Test func errorsNameTheLine() {
        let cases: [(String, CarrierCSVError)] = [
            (Self.header + "GB,234,15,V,gsm,+447700900500,+4477009,none,,\nGB,23,15,V,gsm,+44770,+44,none,,\n",
             CarrierCSVError(line: 3, "mcc: '23' is not a mobile country code (three digits)")),
            (Self.header + "GB,234,15,V,lte,+447700900500,+4477009,none,,\n",
             CarrierCSVError(line: 2, "technology: 'lte' is neither gsm nor cdma")),
            (Self.header + "GB,234,15,V,gsm,+447700900500,+4477009\n",
             CarrierCSVError(line: 2, "7 fields where the header has 10")),
            ("country,mcc\nGB,234\n", CarrierCSVError(line: 1, "missing column 'mnc'")),
            (Self.header + "GB,234,15,\"V,gsm,+447700900500,+4477009,none,,\n",
             CarrierCSVError(line: 2, "a quoted field is not closed")),
            (Self.header + "GB,234,15,V,gsm,+447700900500,+4477009,none,,\nFR,234,15,W,gsm,+33600000000,+336,none,,\n",
             CarrierCSVError(line: 3, "mcc 234 mnc 15 already on line 2")),
            (Self.header + "GB,234,15,V,gsm,+447700900500,+4477009,http,ftp://x,t\n",
             CarrierCSVError(line: 2, "provisioning.url: 'ftp://x' is not an http:// or https:// URL")),
        ]
        for (csv, expected) in cases {
            #expect(throws: expected) { try CarrierCSV.parse(csv) }
        }
    }

    @Test func mutatedFilesNeverCrash() {
        var rng = SeededGenerator(seed: 11)
        let good = Array((Self.header + "GB,234,15,\"V, UK\",gsm,+447700900500,+4477009,none,,\n").utf8)
        for _ in 0..<2_000 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0x20...0x7E, using: &rng)
            }
            _ = try? CarrierCSV.parse(String(decoding: bytes, as: UTF8.self))
        }
    }
}
