import Foundation
import RerouteTestSupport
import Testing

/// `reroute decode --json` against Wireshark's dissectors, message by message, on every fixture capture.
///
/// For each frame and each field, the ordered list of values tshark shows must equal the ordered list of values
/// reroute prints for that frame. tshark runs with SCTP reassembly on and TSN analysis off, so retransmitted
/// messages are dissected again and a fragmented message appears at the frame that completes it — as reroute
/// reports them.
@Suite("reroute decode --json agrees with tshark", .enabled(if: ToolRunner.tshark != nil && ToolRunner.rerouteBinary != nil, "needs tshark and the built reroute binary (scripts/test.sh installs and builds both)"))
struct TsharkConformanceTests {
    /// tshark field → how to read the same value from a reroute JSON record.
    /// Wireshark's BICC dissector reuses the isup.* fields for everything but the CIC, so those compare with
    /// reroute's `bicc` object as well.
    static let fields: [(tshark: String, reroute: @Sendable (Record) -> String?)] = [
        ("m3ua.message_class", { $0.int("m3ua", "class") }),
        ("m3ua.message_type", { $0.int("m3ua", "type") }),
        ("m3ua.protocol_data_opc", { $0.int("m3ua", "opc") }),
        ("m3ua.protocol_data_dpc", { $0.int("m3ua", "dpc") }),
        ("m3ua.protocol_data_si", { $0.int("m3ua", "si") }),
        ("m3ua.protocol_data_ni", { $0.int("m3ua", "ni") }),
        ("m3ua.protocol_data_sls", { $0.int("m3ua", "sls") }),
        ("isup.message_type", { $0.int("isup", "type") ?? $0.int("bicc", "type") }),
        ("isup.cic", { $0.int("isup", "cic") }),
        ("bicc.cic", { $0.int("bicc", "cic") }),
        ("isup.called", { $0.string("isup", "called") ?? $0.string("bicc", "called") }),
        ("isup.calling", { $0.string("isup", "calling") ?? $0.string("bicc", "calling") }),
        ("isup.original_called_number", { $0.string("isup", "original_called") ?? $0.string("bicc", "original_called") }),
        ("isup.redirecting", { $0.string("isup", "redirecting") ?? $0.string("bicc", "redirecting") }),
        ("isup.redirection_reason", { $0.int("isup", "redirection_reason") ?? $0.int("bicc", "redirection_reason") }),
        ("isup.cause_indicator", { $0.int("isup", "cause") ?? $0.int("bicc", "cause") }),
        // Wireshark's M3UA dissector also fills mtp3.opc/dpc from the Protocol Data (for its taps), so for M3UA
        // records the MTP3 point codes are the M3UA ones.
        ("mtp3.opc", { $0.int("mtp3", "opc") ?? $0.int("m3ua", "opc") }),
        ("mtp3.dpc", { $0.int("mtp3", "dpc") ?? $0.int("m3ua", "dpc") }),
        ("mtp3.service_indicator", { $0.int("mtp3", "si") }),
    ]

    /// Captures whose M3UA is the pre-RFC draft-06 need tshark's matching preference (pcap-fixtures/SOURCES.md);
    /// reroute recognises that layout by itself.
    static let extraTsharkOptions: [String: [String]] = [
        "isup.cap": ["-o", "m3ua.version:Internet Draft version 6"]
    ]

    struct Record {
        var object: [String: Any]

        func value(_ section: String, _ key: String) -> Any? {
            (object[section] as? [String: Any])?[key]
        }

        func int(_ section: String, _ key: String) -> String? {
            (value(section, key) as? NSNumber).map { String($0.int64Value) }
        }

        func string(_ section: String, _ key: String) -> String? {
            value(section, key) as? String
        }
    }

    @Test("Every fixture: zero disagreements with tshark, field by field", arguments: try Fixtures.allCaptureNames())
    func fixtureAgreesWithTshark(name: String) throws {
        let path = Fixtures.directory.appendingPathComponent(name).path
        let ours = try Self.rerouteValues(path: path)
        let theirs = try Self.tsharkValues(path: path, extraOptions: Self.extraTsharkOptions[name] ?? [])
        var disagreements: [String] = []
        for frame in Set(ours.keys).union(theirs.keys).sorted() {
            for (index, field) in Self.fields.enumerated() {
                let mine = ours[frame]?[index] ?? []
                let wireshark = theirs[frame]?[index] ?? []
                if mine != wireshark {
                    disagreements.append("frame \(frame) \(field.tshark): reroute \(mine) tshark \(wireshark)")
                }
            }
        }
        #expect(disagreements.isEmpty, "\(name): \(disagreements.count) disagreements, first: \(disagreements.prefix(5))")
    }

    @Test("The fixtures hold the SS7 messages SOURCES.md describes (the comparison is not vacuous)")
    func fixturesAreNotEmpty() throws {
        let m3ua = try Self.rerouteValues(path: Fixtures.directory.appendingPathComponent("m3ua_isup.cap").path)
        let isupTypes = m3ua.values.flatMap { $0[Self.column("isup.message_type")] }
        // SOURCES.md: 94 complete calls, one each of IAM, ACM, ANM, REL and RLC.
        #expect(isupTypes.count == 470)
        #expect(isupTypes.filter { $0 == "1" }.count == 94)
        let m2pa = try Self.rerouteValues(path: Fixtures.directory.appendingPathComponent("isup.pcap").path)
        #expect(m2pa.values.flatMap { $0[Self.column("mtp3.opc")] }.count == 6)
    }

    static func column(_ tsharkField: String) -> Int {
        fields.firstIndex { $0.tshark == tsharkField } ?? 0
    }

    /// frame → per field (same order as `fields`) → values in message order.
    static func rerouteValues(path: String) throws -> [Int: [[String]]] {
        let binary = try #require(ToolRunner.rerouteBinary)
        let result = try ToolRunner.run(binary, ["decode", "--json", path])
        #expect(result.status == 0, "reroute decode failed: \(result.stderr)")
        var values: [Int: [[String]]] = [:]
        for line in result.stdout.split(separator: UInt8(ascii: "\n")) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let record = Record(object: object)
            #expect(object["error"] == nil, "reroute reported an error: \(object)")
            let frame = try #require((object["frame"] as? NSNumber)?.intValue)
            var perField = values[frame] ?? Array(repeating: [], count: fields.count)
            for (index, field) in fields.enumerated() {
                if let value = field.reroute(record) { perField[index].append(value) }
            }
            values[frame] = perField
        }
        return values
    }

    static func tsharkValues(path: String, extraOptions: [String]) throws -> [Int: [[String]]] {
        let tshark = try #require(ToolRunner.tshark)
        var arguments = ["-r", path, "-o", "sctp.reassembly:TRUE", "-o", "sctp.tsn_analysis:FALSE"] + extraOptions
        arguments += ["-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,", "-E", "separator=/t"]
        arguments += ["-e", "frame.number"] + fields.flatMap { ["-e", $0.tshark] }
        let result = try ToolRunner.run(tshark, arguments)
        #expect(result.status == 0, "tshark failed: \(result.stderr)")
        var values: [Int: [[String]]] = [:]
        for line in String(decoding: result.stdout, as: UTF8.self).split(separator: "\n") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard let frame = Int(columns[0]), columns.count == fields.count + 1 else { continue }
            let perField = columns.dropFirst().enumerated().map { index, column -> [String] in
                guard !column.isEmpty else { return [] }
                return column.split(separator: ",").map { normalise(String($0), field: fields[index].tshark) }
            }
            if perField.contains(where: { !$0.isEmpty }) { values[frame] = perField }
        }
        return values
    }

    /// Wireshark prints address signals 11, 12 and 15 (ST) as B, C and F; reroute prints `*`, `#` and drops ST
    /// (docs/decode.md).
    /// tshark prints some integer fields in hex (`0x05`); those are compared as decimal.
    static func normalise(_ value: String, field: String) -> String {
        if value.hasPrefix("0x"), let number = UInt64(value.dropFirst(2), radix: 16) { return String(number) }
        guard ["isup.called", "isup.calling", "isup.original_called_number", "isup.redirecting"].contains(field)
        else { return value }
        var out = ""
        for character in value {
            switch character {
            case "B": out.append("*")
            case "C": out.append("#")
            case "F": continue
            default: out.append(character)
            }
        }
        return out
    }
}
