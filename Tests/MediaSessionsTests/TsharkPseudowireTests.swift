import MediaSessions
import NIOCore
import PCAPWire
import RerouteTestSupport
import TDMWire
import Testing

/// E1 frames with seeded channel contents (FAS/NFAS in timeslot 0).
func testFrames(count: Int, seed: UInt64) -> [E1Frame] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { index in
        var frame = E1Frame(index: index)
        for slot in 1..<32 { frame[slot] = UInt8.random(in: 0...255, using: &rng) }
        return frame
    }
}

/// tshark (installed by scripts/setup.sh) decodes what we encode: `-d udp.port==N,pwcesopsn` / `pwsatopcw`
/// (tshark 4.0 names the SAToP decode-as entry `pwsatopcw`; its fields are `pwsatop.*`).
@Suite("tshark reads our CESoPSN and SAToP packets", .enabled(if: TsharkRunner.path != nil))
struct TsharkPseudowireTests {
    @Test("RFC 5086 §5.2: tshark's pwcesopsn reads our sequence numbers, L/M, R, LEN and payload length")
    func cesopsn() throws {
        let frames = testFrames(count: 64, seed: 21)
        var sender = PseudowireSender(
            service: .cesopsn(timeslots: [1, 2, 3, 4], framesPerPacket: 8), initialSequence: 65_533)
        var payloads: [ByteBuffer] = []
        for packetIndex in 0..<8 {
            sender.remoteFailure = packetIndex == 5
            sender.localFailure = packetIndex == 6
            let packet = sender.makePacket(frames: Array(frames[packetIndex * 8..<packetIndex * 8 + 8]))
            payloads.append(packet.encoded(rtp: .none))
        }
        let port = LoopbackPorts.freeUDPPort()
        let lines = try TsharkRunner.fields(
            TsharkRunner.capture(payloads, port: port),
            arguments: [
                "-d", "udp.port==\(port),pwcesopsn", "-T", "fields", "-E", "separator=;", "-e", "pwcesopsn.cw.seqno",
                "-e", "pwcesopsn.cw.lm", "-e", "pwcesopsn.cw.rbit", "-e", "pwcesopsn.cw.length",
                "-e", "pwcesopsn.payload.len", "-e", "_ws.expert.severity",
            ])
        #expect(lines.count == 8)
        let sequences = lines.map { $0.split(separator: ";", omittingEmptySubsequences: false)[0] }
        #expect(sequences == ["65533", "65534", "65535", "0", "1", "2", "3", "4"])
        for (index, line) in lines.enumerated() {
            let fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            let lBit = index == 6
            // L and M are shown together (lm = L<<2 | M); LEN = 4 + 32 = 36 (< 64, so carried).
            #expect(fields[1] == (lBit ? "0x08" : "0x00"), "packet \(index): \(line)")
            #expect(fields[2] == (index == 5 ? "1" : "0"), "packet \(index): \(line)")
            #expect(fields[3] == (lBit ? "4" : "36"), "packet \(index): \(line)")
            if !lBit { #expect(fields[4] == "32", "packet \(index): \(line)") }
            if !lBit { #expect(fields[5].isEmpty, "tshark flagged packet \(index): \(line)") }
        }
    }

    @Test("RFC 4553 §5.1: tshark's pwsatop reads our sequence numbers, L/R, LEN 0 and 256-octet payloads")
    func satop() throws {
        let stream = E1Bitstream.encode(testFrames(count: 64, seed: 22))
        var sender = PseudowireSender(service: .satop, initialSequence: 100)
        var payloads: [ByteBuffer] = []
        var reader = stream
        var index = 0
        while let chunk = reader.readSlice(length: 256) {
            sender.localFailure = index == 3
            payloads.append(sender.makePacket(payload: chunk).encoded(rtp: .none))
            index += 1
        }
        let port = LoopbackPorts.freeUDPPort()
        let lines = try TsharkRunner.fields(
            TsharkRunner.capture(payloads, port: port),
            arguments: [
                "-d", "udp.port==\(port),pwsatopcw", "-T", "fields", "-E", "separator=;", "-e", "pwsatop.cw.seqno",
                "-e", "pwsatop.cw.lbit", "-e", "pwsatop.cw.rbit", "-e", "pwsatop.cw.length", "-e",
                "pwsatop.payload.len",
                "-e", "_ws.expert.severity",
            ])
        #expect(lines == (0..<8).map { "\(100 + $0);\($0 == 3 ? 1 : 0);0;0;256;" })
    }
}
