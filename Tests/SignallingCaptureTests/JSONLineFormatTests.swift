import Foundation
import NIOCore
import PCAPWire
import RerouteTestSupport
import SignallingCapture
import Testing

/// `SignallingRecord.jsonLine` against docs/decode.md "JSON output": keys, their order, omitted keys, escaping
/// (RFC 8259 §7) and the time's precision.
@Suite("reroute decode --json line format (docs/decode.md)")
struct JSONLineFormatTests {
    static func text(_ record: SignallingRecord) -> String { String(decoding: record.jsonLine, as: UTF8.self) }

    static func object(_ record: SignallingRecord) throws -> [String: Any] {
        let line = record.jsonLine
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(line.dropLast().contains(UInt8(ascii: "\n")) == false)
        return try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
    }

    /// The keys docs/decode.md documents: the first column of the JSON table, and the back-quoted names in the
    /// meaning column of the `m3ua`, `mtp3` and `isup` rows (their members).
    static func documentedKeys() throws -> (topLevel: Set<String>, members: Set<String>) {
        let docs = try String(
            contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/decode.md"), encoding: .utf8)
        var topLevel: Set<String> = []
        var members: Set<String> = []
        for line in docs.split(separator: "\n") where line.hasPrefix("| `") {
            let columns = line.split(separator: "|", omittingEmptySubsequences: true)
            guard columns.count >= 2 else { continue }
            let keys = quoted(columns[0])
            topLevel.formUnion(keys)
            if !Set(keys).isDisjoint(with: ["m3ua", "mtp3", "isup", "bicc"]) { members.formUnion(quoted(columns[1])) }
        }
        return (topLevel, members)
    }

    static func quoted(_ text: Substring) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }
            .map { String($0.element) }
    }

    @Test("docs/decode.md example layout: an IAM record, byte for byte, keys in the documented order")
    func exactLine() throws {
        let records = try CaptureCorpus.records(of: SyntheticCaptures.sctpIPv4().fileBytes)
        let iam = try #require(records.first)
        #expect(
            Self.text(iam)
                == #"{"frame":1,"index":0,"time":1717171718.123457,"transport":"sctp","stream":1,"ppid":3,"#
                + #""src":"10.1.0.1:2905","dst":"10.1.0.2:2905","m3ua":{"class":1,"type":1,"name":"DATA","rc":77,"#
                + #""opc":1001,"dpc":2002,"si":5,"ni":2,"mp":0,"sls":3},"isup":{"type":1,"name":"IAM","cic":101,"#
                + #""called":"12345*6#","calling":"0212345678","original_called":"0611223","redirecting":"0699#877","#
                + #""redirection_reason":2}}"# + "\n")
        // The bundled ANM: index 1, and every number key left out.
        #expect(
            Self.text(records[2])
                == #"{"frame":2,"index":1,"time":1717171719.246914,"transport":"sctp","stream":1,"ppid":3,"#
                + #""src":"10.1.0.1:2905","dst":"10.1.0.2:2905","m3ua":{"class":1,"type":1,"name":"DATA","rc":77,"#
                + #""opc":1001,"dpc":2002,"si":5,"ni":2,"mp":0,"sls":3},"isup":{"type":9,"name":"ANM","cic":101}}"#
                + "\n")
    }

    @Test("Keys that do not apply are left out: MTP2 has no SCTP keys, M2PA no m3ua, management no isup")
    func omittedKeys() throws {
        let mtp2 = try #require(try CaptureCorpus.records(of: SyntheticCaptures.mtp2(pseudoHeader: false).fileBytes).first)
        #expect(Set(try Self.object(mtp2).keys) == ["frame", "index", "time", "transport", "mtp3", "isup"])
        #expect(try Self.object(mtp2)["transport"] as? String == "mtp2")
        let m2pa = try #require(try CaptureCorpus.records(of: SyntheticCaptures.m2pa().fileBytes).first)
        #expect(
            Set(try Self.object(m2pa).keys)
                == ["frame", "index", "time", "transport", "stream", "ppid", "src", "dst", "mtp3", "isup"])
        let aspup = try #require(try CaptureCorpus.records(of: SyntheticCaptures.m3uaManagement().fileBytes).first)
        #expect(Self.text(aspup).contains(#""m3ua":{"class":3,"type":1,"name":"ASPUP"}}"#))
        let udp = try #require(try CaptureCorpus.records(of: SyntheticCaptures.sctpOverUDP().fileBytes).first)
        #expect(try Self.object(udp)["transport"] as? String == "sctp-udp")
    }

    @Test("Every key written over all hand-built captures is documented, and every documented key is written")
    func keysMatchDocs() throws {
        let documented = try Self.documentedKeys()
        var topLevel: Set<String> = []
        var members: Set<String> = []
        var records = try SyntheticCaptures.all().flatMap { try CaptureCorpus.records(of: $0.fileBytes) }
        records += try CaptureCorpus.fixture("isup.cap").records
        for record in records {
            let object = try Self.object(record)
            topLevel.formUnion(object.keys)
            for case let (_, nested as [String: Any]) in object { members.formUnion(nested.keys) }
        }
        #expect(topLevel.subtracting(documented.topLevel).isEmpty, "\(topLevel)")
        #expect(members.subtracting(documented.members).isEmpty, "\(members.subtracting(documented.members))")
        #expect(documented.topLevel.subtracting(topLevel).isEmpty, "\(documented.topLevel.subtracting(topLevel))")
        #expect(documented.topLevel.contains("bicc"))
    }

    @Test("RFC 8259 §7: quotation mark, reverse solidus and control characters are escaped; UTF-8 passes through")
    func escaping() throws {
        var record = SignallingRecord(
            frame: 7, index: 0, time: CaptureTimestamp(seconds: 1, nanoseconds: 0), carrier: .undecodable)
        record.error = "a\"b\\c\nd\re\tf\u{01}g\u{1F}hé"
        #expect(
            Self.text(record)
                == #"{"frame":7,"index":0,"time":1.000000,"error":"a\"b\\c\nd\re\tf\u0001g\u001fhé"}"# + "\n")
        #expect(try Self.object(record)["error"] as? String == record.error)
    }

    @Test("Time: six decimals for microsecond captures, nine when there are nanoseconds (docs/decode.md)")
    func timePrecision() throws {
        let micro = try CaptureCorpus.records(of: SyntheticCaptures.callFile(resolution: .microseconds, byteOrder: .big).fileBytes)
        #expect(Self.text(micro[0]).contains(#""time":1717171718.123457,"#))
        let nano = try CaptureCorpus.records(of: SyntheticCaptures.callFile(resolution: .nanoseconds, byteOrder: .little).fileBytes)
        #expect(Self.text(nano[0]).contains(#""time":1717171718.123457789,"#))
        var record = SignallingRecord(
            frame: 1, index: 0, time: CaptureTimestamp(seconds: 5, nanoseconds: 7), carrier: .mtp3Link)
        #expect(Self.text(record).contains(#""time":5.000000007,"#))
        record.time = CaptureTimestamp(seconds: 0, nanoseconds: 0)
        #expect(Self.text(record).contains(#""time":0.000000,"#))
        // A time before 1970 still prints a number JSON parsers read correctly.
        record.time = CaptureTimestamp(seconds: -2, nanoseconds: 250_000_000)
        #expect((try Self.object(record)["time"] as? NSNumber)?.doubleValue == -1.75)
    }
}
