import ISUPWire
import M3UAWire
import MTPWire
import NIOCore
import RerouteTestSupport
import SCTPWire
import SignallingCapture
import TelecomTypes
import Testing

/// Every signalling message of every published capture (pcap-fixtures/), as `SignallingDecoder` finds it,
/// decodes and re-encodes byte for byte with the wire codecs; the counts are those of pcap-fixtures/SOURCES.md.
@Suite("Every message of every fixture round-trips byte for byte")
struct FixtureRoundTripTests {
    /// Per fixture: records, M3UA messages, ISUP messages, BICC messages, MTP3 routing labels, M2PA messages.
    /// Captures not listed carry no SS7 and must give no record at all.
    static let expectedCounts: [String: [Int]] = [
        // SOURCES.md: 2 ASPUP, 2 ASPUP_ACK, 2 ASPAC, 2 ASPAC_ACK, 3 NTFY and 470 DATA, all ISUP.
        "m3ua_isup.cap": [481, 481, 470, 0, 0, 0],
        // Six draft-06 DATA, each an MTP3 message with ISUP.
        "isup.cap": [6, 6, 6, 0, 6, 0],
        // Six M2PA User Data messages with ISUP.
        "isup.pcap": [6, 0, 6, 0, 6, 6],
        "bicc.pcap": [1, 1, 0, 1, 0, 0],
        // ASPUP, ASPUP_ACK, ASPAC, ASPAC_ACK, then 10 DATA with SCCP (SI 3): no user part decoded.
        "end-to-end-20260724T085858Z.pcap": [14, 14, 0, 0, 0, 0],
    ]

    @Test("Every fixture: every M3UA, ISUP, BICC and M2PA message re-encodes byte for byte", arguments: try Fixtures.allCaptureNames())
    func roundTrip(name: String) throws {
        let fixture = try CaptureCorpus.fixture(name)
        let records = fixture.records
        let counts = [
            records.count, records.count { $0.m3uaBytes != nil }, records.count { $0.isup != nil },
            records.count { $0.bicc != nil }, records.count { $0.mtp3 != nil }, fixture.m2paMessages.count,
        ]
        #expect(counts == Self.expectedCounts[name] ?? [0, 0, 0, 0, 0, 0], "\(name)")
        #expect(records.allSatisfy { $0.error == nil }, "\(records.compactMap(\.error).prefix(3))")
        for record in records {
            if let bytes = record.m3uaBytes {
                let message = try M3UAMessage.decode(
                    bytes, variant: M3UAVariant.detect(bytes), unknownMessages: .keep)
                #expect(message.encoded() == bytes, "frame \(record.frame): M3UA \(bytes.hex)")
            }
            if let bytes = record.isupBytes {
                let variant: ISUPVariant = record.bicc != nil ? .bicc : .itu
                let message = try ISUPMessage.decode(bytes, variant: variant)
                #expect(message.encoded == bytes, "frame \(record.frame): ISUP \(bytes.hex)")
                #expect(message.cic.value == record.userPart?.cic)
            }
        }
        for bytes in fixture.m2paMessages {
            var out = ByteBuffer()
            try M2PAMessage.decode(bytes).encode(into: &out)
            #expect(out == bytes, "M2PA \(bytes.hex)")
        }
        // RFC 9260 §3: every SCTP packet too (its stored checksum written back as it was). isup.pcap's packets
        // lack the last chunk's padding (§3.2: "The sender MUST pad"), which the encoder writes.
        for bytes in fixture.sctpPackets {
            var out = ByteBuffer()
            try SCTPPacket.decode(bytes).encode(into: &out, computeChecksum: false)
            var padded = bytes
            padded.writeRepeatingByte(0, count: (4 - bytes.readableBytes % 4) % 4)
            #expect(out == padded, "SCTP \(bytes.hex)")
            if out != bytes { #expect(name == "isup.pcap") }
        }
    }

    @Test("m3ua_isup.cap holds what SOURCES.md says: 94 calls on 94 CICs, IAM/ACM/ANM/REL/RLC, every REL cause 16")
    func m3uaISUPContent() throws {
        let records = try CaptureCorpus.fixture("m3ua_isup.cap").records
        var names: [String: Int] = [:]
        for record in records { names[record.isup?.name ?? record.m3ua?.name ?? "?", default: 0] += 1 }
        #expect(
            names == [
                "ASPUP": 2, "ASPUP_ACK": 2, "ASPAC": 2, "ASPAC_ACK": 2, "NTFY": 3, "IAM": 94, "ACM": 94, "ANM": 94,
                "REL": 94, "RLC": 94,
            ])
        #expect(Set(records.compactMap { $0.isup?.cic }).count == 94)
        #expect(records.filter { $0.isup?.name == "REL" }.allSatisfy { $0.isup?.cause == 16 })
        #expect(records.compactMap(\.m3ua).filter { $0.name == "DATA" }.allSatisfy { $0.si == 5 && $0.ni == 2 })
        // Bundles: many frames carry two or more DATA chunks (SOURCES.md), numbered from index 0.
        #expect(records.contains { $0.index >= 1 })
        #expect(records.allSatisfy { $0.carrier == .sctp(stream: $0.m3ua?.name == "DATA" ? 1 : 0, ppid: 3, udpEncapsulated: false) })
    }

    @Test("isup.cap, isup.pcap and bicc.pcap hold the calls SOURCES.md describes")
    func smallCalls() throws {
        let draft = try CaptureCorpus.fixture("isup.cap").records
        #expect(draft.map { $0.isup?.name } == ["IAM", "CFN", "ACM", "ANM", "REL", "RLC"])
        #expect(draft.allSatisfy { $0.isup?.cic == 213 })
        let m2pa = try CaptureCorpus.fixture("isup.pcap").records
        #expect(m2pa.map { $0.isup?.name } == ["IAM", "ACM", "CPG", "ANM", "REL", "RLC"])
        #expect(m2pa.allSatisfy { $0.isup?.cic == 15 })
        #expect(m2pa.first?.mtp3.map { [$0.opc, $0.dpc] } == [3684, 15392])
        #expect(Set(m2pa.compactMap { $0.mtp3.map { [$0.opc, $0.dpc] } }) == [[3684, 15392], [15392, 3684]])
        let bicc = try #require(try CaptureCorpus.fixture("bicc.pcap").records.first)
        #expect(bicc.bicc?.name == "IAM")
        #expect(bicc.bicc?.cic == 18)
        #expect(bicc.m3ua?.si == 13)
        #expect(bicc.carrier == .sctp(stream: 3, ppid: 3, udpEncapsulated: false))
        let sccp = try CaptureCorpus.fixture("end-to-end-20260724T085858Z.pcap").records
        #expect(sccp.filter { $0.m3ua?.name == "DATA" }.allSatisfy { $0.m3ua?.si == 3 && $0.isupBytes == nil })
    }
}
