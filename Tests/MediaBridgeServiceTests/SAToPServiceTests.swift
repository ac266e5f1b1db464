import Foundation
import MediaBridge
import MediaBridgeService
import MediaCodecs
import MediaTransport
import NIOCore
import NIOPosix
import RTPWire
import RerouteTestSupport
import TDMWire
import Testing

@Suite("MediaBridgeService with a SAToP pseudowire on loopback (RFC 4553)")
struct SAToPServiceTests {
    @Test(
        "RFC 4553 §5.1, §6.2.2, G.706 §4.1, G.704 §2.3: an unstructured E1 starting mid-frame — 1 kHz on TS5 reaches the app, the app's 700 Hz comes back on TS5; tshark reads pwsatop"
    )
    func callOnLoopback() async throws {
        try await MachineLoadGate.realTime {
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let peers = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            let app = try await UDPPeer.bind(group: peers)
            let pwPort = Int(LoopbackPorts.freeUDPPort())
            let cePort = Int(LoopbackPorts.freeUDPPort())
            let base = LoopbackPorts.freeUDPPort() & 0xFFF0
            let wire = try PseudowireConfiguration.parse(
                "pseudowire e1 = udp 127.0.0.1:\(pwPort) -> 127.0.0.1:\(cePort) timeslots 1-15,17-31 service satop"
                    + " ts16 0x0B")
            let service = try await MediaBridgeService.start(
                configuration: .init(pseudowires: [wire], rtpPorts: RTPPortRange(lower: base, upper: base + 15)),
                group: group)
            try await service.attach(cic: 5)
            let leg = MediaLegID(1)
            let appAddress = try SocketAddress(ipAddress: "127.0.0.1", port: app.port)
            let legAddress = try await service.addLeg(cic: 5, leg: leg, codec: .pcma(), remote: appAddress)
            try await service.answered(cic: 5, leg: leg)

            // The CE: 1 kHz on TS5 of a framed E1 sent 13 octets and 3 bits off the packet boundary, every 250th
            // packet never sent; the app: 700 Hz, one PCMA packet per 20 ms.
            let ce = try await SAToPToneCE.start(
                group: peers, port: cePort, remote: try SocketAddress(ipAddress: "127.0.0.1", port: pwPort), slot: 5,
                signal: TestSignals.tone(1000, seconds: 1, amplitude: 1000), leadOctets: 13, leadBits: 3,
                dropEvery: 250, duration: .seconds(5))
            let appTask = RTPToneSender(
                peer: app, samples: TestSignals.tone(700, seconds: 5, amplitude: 1000), law: .aLaw, payloadType: .pcma,
                to: legAddress)
            defer { appTask.stop() }
            try await app.wait(for: 200)
            guard await ce.waitForReceived(4200, within: .seconds(10)) else { throw UDPPeer.Timeout() }
            await ce.stop()
            let statistics = try await service.statisticsSnapshot()
            print(
                "SAToP: \(statistics.pseudowireCounters), lost \(statistics.pseudowireLost), slips",
                "\(statistics.pseudowireSlips), alignments \(statistics.alignmentsFound) / lost \(statistics.alignmentsLost),",
                "CE dropped \(ce.droppedCount)")
            try await service.detach(cic: 5)
            try await service.shutdown()

            // G.706 §4.1.2 once; RFC 4553 §6.2.2: the AIS played for each missing packet is octet-aligned and the
            // alignment survives it (it is never lost on a stream cut into whole packets).
            #expect(statistics.alignmentsFound["e1"] == 1)
            #expect(statistics.alignmentsLost["e1"] == 0)
            // ~16 by the time the service has sent 4,200 packets; a playout slip may skip one before it is played.
            #expect(ce.droppedCount >= 10)
            #expect((statistics.pseudowireLost["e1"] ?? 0) >= ce.droppedCount / 2)

            // The app hears the CE's 1 kHz in PCMA.
            let rtp = app.datagrams.filter {
                if case .rtp = RTPMultiplexing.classify($0) { return true }
                return false
            }.compactMap { try? RTPPacket.decode($0) }
            #expect(rtp.count >= 200 && rtp.allSatisfy { $0.header.payloadType == .pcma })
            let heardByApp = rtp.flatMap { G711Codec.decode(Array($0.payload.readableBytesView), law: .aLaw) }
            #expect(MediaBridgeServiceTests.bestToneSNR(heardByApp, frequency: 1000) > 20)

            // What Reroute sent is a framed E1 (G.704 §2.3.2): a fresh aligner finds it at once and never loses
            // it; TS5 carries the app's 700 Hz, the other timeslots A-law idle, TS16 the configured pattern.
            let (frames, aligner) = ce.receivedFrames()
            #expect(aligner.alignmentsFound == 1 && aligner.alignmentsLost == 0)
            #expect(frames.count >= 4000 * 8)
            #expect(
                frames.enumerated().allSatisfy {
                    $0.offset % 2 == 0 ? $0.element.hasFrameAlignmentSignal : $0.element.hasNFASBit2
                })
            #expect(frames.allSatisfy { $0[16] == 0x0B && $0[4] == 0xD5 && $0[6] == 0xD5 && $0[31] == 0xD5 })
            let heardByCE = G711Codec.decode(frames.map { $0[5] }, law: .aLaw)
            #expect(MediaBridgeServiceTests.bestToneSNR(heardByCE, frequency: 700) > 20)
            // Once the CE's stream is aligned the remote alarm (A bit) is off.
            #expect(frames.suffix(1000).allSatisfy { $0.hasFrameAlignmentSignal || !$0.remoteAlarm })

            guard TsharkRunner.path != nil else { return }
            let datagrams = ce.receivedPackets
            let capture = TsharkRunner.capture(datagrams, port: UInt16(cePort), sourcePort: UInt16(pwPort))
            let lines = try TsharkRunner.fields(
                capture,
                arguments: [
                    "-d", "udp.port==\(cePort),pwsatopcw", "-T", "fields", "-E", "separator=;",
                    "-e", "pwsatop.cw.seqno", "-e", "pwsatop.cw.lbit", "-e", "pwsatop.cw.length",
                    "-e", "pwsatop.payload.len", "-e", "_ws.expert.severity",
                ])
            #expect(lines.count == datagrams.count)
            let fields = lines.map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
            // RFC 4553 §4.3.1: sequence +1 per packet (a datagram lost on loopback shows as a forward gap), L = 0,
            // LEN = 0 (the packet is 64 octets or more), 256-octet payloads, nothing tshark flags.
            let seqs = fields.compactMap { UInt16($0[0]) }
            #expect(seqs.count == fields.count)
            #expect(zip(seqs, seqs.dropFirst()).allSatisfy { ($1 &- $0) >= 1 && ($1 &- $0) < 0x8000 })
            #expect(
                fields.allSatisfy { $0[1] == "0" && $0[2] == "0" && $0[3] == "256" && $0[4].isEmpty },
                "\(lines.prefix(3))")
            try await group.shutdownGracefully()
            try await peers.shutdownGracefully()
        }
    }
}
