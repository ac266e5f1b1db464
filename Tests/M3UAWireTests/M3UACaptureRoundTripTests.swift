import M3UAWire
import NIOCore
import RerouteTestSupport
import TelecomTypes
import Testing

/// Every M3UA message of the fixture captures decodes and re-encodes byte for byte (RFC 4666 §3: parameter order
/// and unknown parameters kept).
@Suite("RFC 4666 §3 capture round trips")
struct M3UACaptureRoundTripTests {
    static func roundTrip(_ hex: String, variant: M3UAVariant = .rfc4666) throws -> M3UAMessage {
        let bytes = ByteBuffer(hex: hex)
        let message = try M3UAMessage.decode(bytes, variant: variant)
        #expect(message.encoded().hex == bytes.hex, "\(message) re-encodes differently")
        return message
    }

    static func counts(_ messages: [M3UAMessage]) -> [String: Int] {
        messages.reduce(into: [:]) { $0[$1.description, default: 0] += 1 }
    }

    @Test("RFC 4666 §3 m3ua_isup.cap: 477 distinct messages round-trip")
    func m3uaISUP() throws {
        let messages = try M3UAFixtureVectors.m3uaISUP.map { try Self.roundTrip($0) }
        #expect(
            Self.counts(messages) == ["ASPUP": 2, "ASPUP_ACK": 1, "NTFY": 2, "ASPAC": 1, "ASPAC_ACK": 1, "DATA": 470])
        for message in messages {
            guard case .payloadData(let data) = message else { continue }
            let protocolData = try #require(data.protocolData)
            #expect(
                protocolData.originatingPointCode == PointCode(1) || protocolData.originatingPointCode == PointCode(2))
            #expect(protocolData.serviceIndicator == .isup)
            #expect(protocolData.networkIndicator == .national)
        }
    }

    @Test("RFC 4666 §3.8.2 NTFY from m3ua_isup.cap keeps Status, ASP Identifier, Routing Context order")
    func notifyOrder() throws {
        let hex = try #require(M3UAFixtureVectors.m3uaISUP.first { $0.hasPrefix("01000001") })
        guard case .notify(let notify) = try Self.roundTrip(hex) else {
            Issue.record("not NTFY")
            return
        }
        #expect(notify.parameters.map(\.tag) == [.status, .aspIdentifier, .routingContext])
        #expect(notify.status?.type == M3UAStatus.typeASStateChange)
        #expect(notify.aspIdentifier != nil)
    }

    @Test("RFC 4666 §3.5.1 §3.7.1 end-to-end capture: ASPUP with INFO String, ASPAC with Traffic Mode Type, DATA")
    func endToEnd() throws {
        let messages = try M3UAFixtureVectors.endToEnd.map { try Self.roundTrip($0) }
        #expect(Self.counts(messages) == ["ASPUP": 1, "ASPUP_ACK": 1, "ASPAC": 1, "ASPAC_ACK": 1, "DATA": 10])
        guard case .aspUp(let up) = messages[0], case .aspActive(let active) = messages[2] else {
            Issue.record("unexpected order \(messages)")
            return
        }
        #expect(up.aspIdentifier == 1001)
        #expect(up.infoString?.text == "Sigtran.NET end-to-end lab")
        #expect(active.trafficModeType == .loadshare)
        #expect(active.infoString?.text == "map-sms")
        for case .payloadData(let data) in messages {
            #expect(data.protocolData?.serviceIndicator == .sccp)
            #expect(data.routingContext == nil)
        }
    }

    @Test("RFC 4666 §3.3.1 bicc.pcap: DATA with SI 13 (BICC)")
    func bicc() throws {
        let message = try Self.roundTrip(M3UAFixtureVectors.bicc[0])
        guard case .payloadData(let data) = message else {
            Issue.record("not DATA")
            return
        }
        #expect(data.protocolData?.serviceIndicator == .bicc)
    }

    @Test("draft-ietf-sigtran-m3ua-06 isup.cap: Protocol Data 1 (tag 2) exposes the MTP3 message from the SIO on")
    func draft06() throws {
        for hex in M3UAFixtureVectors.isupDraft06 {
            #expect(M3UAVariant.detect(ByteBuffer(hex: hex)) == .draft06)
            // In RFC 4666 mode the draft DATA lacks Protocol Data (0x0210).
            #expect(throws: M3UADecodingError.self) { try M3UAMessage.decode(ByteBuffer(hex: hex)) }
        }
        let messages = try M3UAFixtureVectors.isupDraft06.map { try Self.roundTrip($0, variant: .draft06) }
        #expect(messages.map(\.description) == Array(repeating: "DATA", count: 6))
        guard case .payloadData(let iam) = messages[0] else { return }
        #expect(iam.protocolData == nil)
        var mtp3 = iam.mtp3Message ?? ByteBuffer()
        // SIO 0xc5: NI 3, SI 5 (ISUP); routing label DPC 12163, OPC 11522, SLS 5; CIC 213; message type 1 (IAM).
        let fields = mtp3.readMultipleIntegers(as: (UInt8, UInt32, UInt16, UInt8).self)
        let (sio, label, cic, type) = try #require(fields)
        #expect(sio == 0xC5)
        let routingLabel = label.byteSwapped
        #expect(routingLabel & 0x3FFF == 12163)
        #expect(routingLabel >> 14 & 0x3FFF == 11522)
        #expect(routingLabel >> 28 == 5)
        #expect(cic.byteSwapped == 213)
        #expect(type == 1)
    }

    @Test("RFC 4666 variant detection: RFC captures are detected as RFC 4666")
    func detectRFC() {
        for hex in M3UAFixtureVectors.m3uaISUP + M3UAFixtureVectors.endToEnd + M3UAFixtureVectors.bicc {
            #expect(M3UAVariant.detect(ByteBuffer(hex: hex)) == .rfc4666)
        }
    }
}
