import ISUPWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

/// Real ISUP messages taken from the captures in `pcap-fixtures/` with
/// `tshark -T json -x` (field `isup_raw`); expectations are what tshark 4.0.17 shows.
struct ISUPCaptureTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var hex: String
        var type: String
        var cic: UInt16
        var called: String? = nil
        var calling: String? = nil
        var cause: UInt8? = nil
        var testDescription: String { "\(type) CIC \(cic)" }
    }

    /// `m3ua_isup.cap` (M3UA DATA, `-o sctp.reassembly:TRUE`): a sample of the 470 messages of 94 calls.
    static let m3uaRows: [Row] = [
        Row(
            hex: "0100010020010a030208060290214365000a0602132143658700",
            type: "IAM", cic: 1, called: "12345600", calling: "12345678"),
        Row(
            hex: "0200010020010a030208060290214365100a0602132143658700",
            type: "IAM", cic: 2, called: "12345601", calling: "12345678"),
        Row(
            hex: "0300010020010a030208060290214365200a0602132143658700",
            type: "IAM", cic: 3, called: "12345602", calling: "12345678"),
        Row(
            hex: "0600010020010a030208060290214365500a0602132143658700",
            type: "IAM", cic: 6, called: "12345605", calling: "12345678"),
        Row(
            hex: "6200010020010a030208060290214365690a0602132143658700",
            type: "IAM", cic: 98, called: "12345696", calling: "12345678"),
        Row(
            hex: "6400010020010a030208060290214365890a0602132143658700",
            type: "IAM", cic: 100, called: "12345698", calling: "12345678"),
        Row(hex: "01000616140100", type: "ACM", cic: 1),
        Row(hex: "64000616140100", type: "ACM", cic: 100),
        Row(hex: "0100090100", type: "ANM", cic: 1),
        Row(hex: "6400090100", type: "ANM", cic: 100),
        Row(hex: "01000c020402849000", type: "REL", cic: 1, cause: 16),
        Row(hex: "64000c020402849000", type: "REL", cic: 100, cause: 16),
        Row(hex: "01001000", type: "RLC", cic: 1),
        Row(hex: "64001000", type: "RLC", cic: 100),
    ]

    /// `isup.cap` (`-o "m3ua.version:Internet Draft version 6"`): one call on CIC 213.
    static let isupCapRows: [Row] = [
        Row(
            hex: "d5000100a0010a02020705819084190f0a070317933393798008018003057c038890a61d038890a631020064"
                + "3f06039300060010f4056476c328813902f49000",
            type: "IAM", cic: 213, called: "4891", calling: "3933399708"),
        Row(hex: "d5002f02000384e3f4", type: "CFN", cic: 213, cause: 99),
        Row(hex: "d50006042400", type: "ACM", cic: 213),
        Row(hex: "d5000900", type: "ANM", cic: 213),
        Row(hex: "d5000c0200028090", type: "REL", cic: 213, cause: 16),
        Row(hex: "d5001000", type: "RLC", cic: 213),
    ]

    /// `isup.pcap` (M2PA, `-o sctp.tsn_analysis:FALSE`): one call on CIC 15. Every message carries two octets
    /// after its last parameter (the trace looks rebuilt with a frame check sequence); they are kept as
    /// `extraOctets`.
    static let isupPcapRows: [Row] = [
        Row(
            hex: "0f0001112000e400020a08839009480210210f0a0703139469183091006100", type: "IAM", cic: 15,
            called: "9084200112", calling: "4996810319"),
        Row(hex: "0f0006023400e8ab", type: "ACM", cic: 15),
        Row(hex: "0f002c01011102163400a127", type: "CPG", cic: 15),
        Row(hex: "0f000900145a", type: "ANM", cic: 15),
        Row(hex: "0f000c020002849097ca", type: "REL", cic: 15, cause: 16),
        Row(hex: "0f001000693a", type: "RLC", cic: 15),
    ]

    @Test("Q.763 §1 capture messages decode to tshark's values and re-encode byte for byte",
          arguments: m3uaRows + isupCapRows + isupPcapRows)
    func captureRoundTrip(row: Row) throws {
        let bytes = ByteBuffer(hex: row.hex)
        let message = try ISUPMessage.decode(bytes)
        #expect(message.type.name == row.type)
        #expect(message.cic == CircuitIdentificationCode(row.cic))
        #expect(message.calledPartyNumber?.signals.digits == row.called)
        #expect(message.callingPartyNumber?.signals.digits == row.calling)
        #expect(message.causeIndicators?.cause.rawValue == row.cause)
        #expect(message.encoded.hex == row.hex)
    }

    @Test("Q.763 §1.8 an empty optional part (pointer to a lone end octet) is kept apart from pointer 0")
    func emptyOptionalPart() throws {
        let acm = try ISUPMessage.decode(ByteBuffer(hex: "01000616140100"))
        #expect(acm.optional == [])
        let noOptional = try ISUPMessage.decode(ByteBuffer(hex: "d50006042400"))
        #expect(noOptional.optional == nil)
        #expect(noOptional.backwardCallIndicators?.rawValue == 0x2404)
    }

    @Test("Q.763 Table 32 isup.cap IAM: every optional parameter, the unknown parameter 244 kept raw")
    func richIAM() throws {
        let message = try ISUPMessage.decode(ByteBuffer(hex: Self.isupCapRows[0].hex))
        #expect(message.natureOfConnectionIndicators?.rawValue == 0x00)
        #expect(message.forwardCallIndicators?.isdnUserPartUsedAllTheWay == true)
        #expect(message.forwardCallIndicators?.isdnUserPartPreference == 2)
        #expect(message.forwardCallIndicators?.originatingAccessISDN == true)
        #expect(message.callingPartysCategory == .ordinarySubscriber)
        #expect(message.transmissionMediumRequirement == .unrestricted64kbit)
        let called = try #require(message.calledPartyNumber)
        #expect(called.signals.codes == [4, 8, 9, 1, 15])
        #expect(called.signals.hasEndOfPulsing)
        #expect(called.isOdd)
        #expect(called.natureOfAddress == .subscriberNumber)
        #expect(called.internalNetworkNumberNotAllowed)
        #expect(called.numberingPlan == .isdnTelephony)
        let calling = try #require(message.callingPartyNumber)
        #expect(calling.natureOfAddress == .nationalNumber)
        // Octet 2 is 0x17: presentation restricted, network provided (Q.763 §3.10 e, f).
        #expect(calling.presentation == .restricted)
        #expect(calling.screening == .networkProvided)
        #expect(!calling.numberIncomplete)
        #expect(message.optionalForwardCallIndicators?.connectedLineIdentityRequested == true)
        let atp = try #require(message.accessTransport)
        #expect(atp.elements == [.init(identifier: 0x7C, contents: [0x88, 0x90, 0xA6])])
        #expect(message.userServiceInformation?.informationTransferCapability == 8)
        #expect(message.userServiceInformation?.informationTransferRate == 16)
        #expect(message.propagationDelayCounter?.milliseconds == 100)
        let location = try #require(message.locationNumber)
        #expect(location.signals.digits == "00600001")
        #expect(location.screening == .networkProvided)
        #expect(message.unrecognisedParameters.map(\.code.rawValue) == [0xF4])
        #expect(message.unrecognisedParameters.first?.value.hex == "6476c32881")
        let pci = try #require(message.parameterCompatibilityInformation)
        let instructions = try #require(pci.instructions(for: ISUPParameterCode(0xF4)))
        #expect(instructions.discardParameter)
        #expect(!instructions.releaseCall)
        #expect(instructions.octets == [0x90])
        #expect(message.optional?.map(\.code.rawValue) == [0x0A, 0x08, 0x03, 0x1D, 0x31, 0x3F, 0xF4, 0x39])
    }

    @Test("Q.850 cause 99 in the isup.cap CFN names the discarded parameter 244 as diagnostic")
    func confusionDiagnostic() throws {
        let cfn = try ISUPMessage.decode(ByteBuffer(hex: "d5002f02000384e3f4"))
        let cause = try #require(cfn.causeIndicators)
        #expect(cause.cause == .parameterNonExistentDiscarded)
        #expect(cause.location == .publicNetworkRemoteUser)
        #expect(cause.diagnostics == [0xF4])
    }

    @Test("isup.pcap trailing octets and CPG event information")
    func m2paTrailingOctets() throws {
        let cpg = try ISUPMessage.decode(ByteBuffer(hex: "0f002c01011102163400a127"))
        #expect(cpg.eventInformation?.event == ISUPEventInformation.alerting)
        #expect(cpg.backwardCallIndicators?.calledPartysStatus == 1)
        #expect(cpg.extraOctets.hex == "a127")
        let iam = try ISUPMessage.decode(ByteBuffer(hex: Self.isupPcapRows[0].hex))
        #expect(iam.natureOfConnectionIndicators?.satelliteIndicator == 1)
        #expect(iam.natureOfConnectionIndicators?.echoControlDeviceIncluded == true)
        #expect(iam.callingPartysCategory?.rawValue == 0xE4)
        #expect(iam.calledPartyNumber?.signals.description == "9084200112(ST)")
        #expect(iam.extraOctets.hex == "6100")
    }
}
