import NIOCore
import PCAPWire
import RerouteTestSupport
import SCTPWire
import SignallingCapture
import Testing

/// Decodes whole captures through `SignallingDecoder`, and collects every signalling message of the published
/// fixtures (pcap-fixtures/) at each layer, for the round-trip and mutation tests.
enum CaptureCorpus {
    /// Every record of a capture file, in order, as `reroute decode` produces them.
    static func records(of file: ByteBuffer) throws -> [SignallingRecord] {
        var reader = try CaptureReader(file)
        var decoder = SignallingDecoder()
        var records: [SignallingRecord] = []
        while let frame = try reader.next() {
            records += decoder.decode(frame)
        }
        return records
    }

    /// The frames of a capture file.
    static func frames(of file: ByteBuffer) throws -> [CapturedFrame] {
        var reader = try CaptureReader(file)
        return try reader.readAll()
    }

    /// One fixture's messages, layer by layer.
    struct Fixture: Sendable {
        var name: String
        var frames: [CapturedFrame]
        var records: [SignallingRecord]
        /// SCTP packets (the IP payload, or the UDP payload for RFC 6951) of every frame that has one.
        var sctpPackets: [ByteBuffer]
        /// The user data of every DATA chunk with PPID 5 (M2PA; the fixture's messages are not fragmented).
        var m2paMessages: [ByteBuffer]
    }

    /// The captures of pcap-fixtures/ that carry SS7 signalling (SOURCES.md).
    static let signallingFixtureNames = ["m3ua_isup.cap", "isup.cap", "isup.pcap", "bicc.pcap",
        "end-to-end-20260724T085858Z.pcap", "sctp-test.cap"]

    /// Every fixture in pcap-fixtures/, decoded once (the tests share it).
    static let fixtures: [Fixture] = {
        ((try? Fixtures.allCaptureNames()) ?? []).compactMap { name in
            guard let file = try? Fixtures.load(name), let frames = try? frames(of: file) else { return nil }
            var decoder = SignallingDecoder()
            var dissector = PacketDissector()
            var records: [SignallingRecord] = []
            var sctp: [ByteBuffer] = []
            var m2pa: [ByteBuffer] = []
            for frame in frames {
                records += decoder.decode(frame)
                guard case .ip(let datagram)? = try? dissector.dissect(frame), datagram.protocolNumber == 132 else {
                    continue
                }
                sctp.append(datagram.payload)
                guard let packet = try? SCTPPacket.decode(datagram.payload) else { continue }
                for case .data(let chunk) in packet.chunks where chunk.payloadProtocolIdentifier == 5 {
                    m2pa.append(chunk.userData)
                }
            }
            return Fixture(name: name, frames: frames, records: records, sctpPackets: sctp, m2paMessages: m2pa)
        }
    }()

    static func fixture(_ name: String) throws -> Fixture {
        try #require(fixtures.first { $0.name == name })
    }

    /// The frames of the signalling fixtures, for whole-frame mutations.
    static var signallingFrames: [CapturedFrame] {
        fixtures.filter { signallingFixtureNames.contains($0.name) }.flatMap(\.frames)
    }

    /// Every M3UA message of every fixture, with the variant its record was decoded with.
    static var m3uaMessages: [ByteBuffer] { fixtures.flatMap { $0.records.compactMap(\.m3uaBytes) } }

    /// Every ISUP or BICC message of every fixture, with its variant.
    static var userPartMessages: [(bytes: ByteBuffer, bicc: Bool)] {
        fixtures.flatMap { fixture in
            fixture.records.compactMap { record in record.isupBytes.map { ($0, record.bicc != nil) } }
        }
    }
}
