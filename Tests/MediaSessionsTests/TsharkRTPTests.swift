import MediaSessions
import NIOCore
import RTPWire
import RerouteTestSupport
import Testing
import WireSupport

/// What Reroute sends stays clean when what it receives is not: a lossy, reordering network feeds the jitter
/// buffer, and the session re-sends every playout period (frames as received, concealment as silence). tshark's
/// RTP analysis of the sent stream must show no loss, no sequence errors and the right payload type.
@Suite("tshark RTP analysis of our sender", .enabled(if: TsharkRunner.path != nil))
struct TsharkRTPTests {
    @Test("RFC 3550 §5.1: after 5 % loss and reordering upstream, our sent stream has consecutive sequence numbers")
    func cleanSentStream() throws {
        let count = 500
        var network = LossyNetwork(rng: SeededGenerator(seed: 2026), loss: 0.05, jitter: 45)
        let arrivals = network.carry(pcmaStream(count: count))
        #expect(arrivals.count < count)  // the network did lose packets
        var buffer = JitterBuffer(configuration: .init())
        var session = RTPSession(configuration: configuration(ssrc: 0x00C0_FFEE))
        var sent: [ByteBuffer] = []
        var sequences: [UInt16] = []
        for (index, result) in playout(arrivals, buffer: &buffer, until: Int64(count) * 20 + 200).enumerated() {
            let now = MediaTime.milliseconds(Int64(index) * 20)
            let payload: ByteBuffer
            switch result {
            case .waiting: continue
            case .frame(let packet):
                payload = ByteBuffer(bytes: [UInt8](repeating: packet.payload.readableBytesArray[0], count: 160))
            case .conceal: payload = ByteBuffer(bytes: [UInt8](repeating: 0xD5, count: 160))
            }
            let packet = session.sendRTP(payloadType: .pcma, payload: payload, samples: 160, at: now)
            sent.append(packet.encoded)
            sequences.append(packet.header.sequenceNumber)
        }
        let port = LoopbackPorts.freeUDPPort() & 0xFFFE
        let capture = TsharkRunner.capture(sent, port: port, sourcePort: 40_000, spacingMilliseconds: 20)
        let fields = try TsharkRunner.fields(
            capture,
            arguments: [
                "-d", "udp.port==\(port),rtp", "-T", "fields", "-E", "separator=;", "-e", "rtp.seq", "-e", "rtp.p_type",
                "-e", "rtp.ssrc",
            ])
        #expect(fields.count == sent.count)
        #expect(fields.map { $0.split(separator: ";")[0] } == sequences.map { "\($0)" })
        #expect(Set(fields.map { String($0.split(separator: ";")[1]) }) == ["8"])
        let streams = try TsharkRunner.fields(
            capture, arguments: ["-q", "-d", "udp.port==\(port),rtp", "-z", "rtp,streams"])
        let row = try #require(streams.first { $0.contains("0x00C0FFEE") })
        // Columns: ... SSRC Payload Pkts Lost ...; Lost must be "0 (0.0%)" and no problem marker at the end.
        let columns = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let ssrcIndex = try #require(columns.firstIndex(of: "0x00C0FFEE"))
        #expect(columns[ssrcIndex + 1] == "g711A")
        #expect(columns[ssrcIndex + 2] == "\(sent.count)")
        #expect(columns[ssrcIndex + 3] == "0")
        #expect(columns.last != "X")
    }
}
