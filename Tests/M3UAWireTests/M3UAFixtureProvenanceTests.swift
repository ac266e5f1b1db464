import M3UAWire
import NIOCore
import RerouteTestSupport
import Testing

/// The hex vectors in `M3UAFixtureVectors` are byte runs of the real captures in `pcap-fixtures/`, not hand edits:
/// each one occurs verbatim in its capture file (none of these messages is split across SCTP chunks).
@Suite("Fixture provenance")
struct M3UAFixtureProvenanceTests {
    /// Whether every vector occurs in `file`, found through an index of 8-byte windows.
    static func allOccur(_ vectors: [String], in file: String) throws -> Bool {
        let capture = Array(try Fixtures.load(file).readableBytesView)
        var windows: [UInt64: [Int]] = [:]
        if capture.count >= 8 {
            for offset in 0...(capture.count - 8) {
                let key = capture[offset..<offset + 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                windows[key, default: []].append(offset)
            }
        }
        for hex in vectors {
            let vector = Array(ByteBuffer(hex: hex).readableBytesView)
            let key = vector.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let found = (windows[key] ?? []).contains { offset in
                offset + vector.count <= capture.count && Array(capture[offset..<offset + vector.count]) == vector
            }
            if !found {
                Issue.record("\(hex) not found in \(file)")
                return false
            }
        }
        return true
    }

    @Test("pcap-fixtures: every M3UA vector occurs verbatim in its capture")
    func vectorsComeFromCaptures() throws {
        #expect(try Self.allOccur(M3UAFixtureVectors.m3uaISUP, in: "m3ua_isup.cap"))
        #expect(try Self.allOccur(M3UAFixtureVectors.endToEnd, in: "end-to-end-20260724T085858Z.pcap"))
        #expect(try Self.allOccur(M3UAFixtureVectors.bicc, in: "bicc.pcap"))
        #expect(try Self.allOccur(M3UAFixtureVectors.isupDraft06, in: "isup.cap"))
    }
}
