import Foundation
import GatewayRuntime
import ISUPProtocol
import ISUPWire
import Interworking
import MediaBridge
import MediaBridgeService
import MediaCodecs
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RTPWire
import RerouteTestSupport
import TDMWire
import TelecomTypes
import Testing

/// A forwarded call's voice end to end: the MSC (a second gateway over M3UA) places the call, its E1 is a CE peer
/// sending and receiving CESoPSN (RFC 5086) on loopback, Reroute forks to a sipp device whose SDP answer points at
/// an RTP socket of the test (the app), and the gateway's media bridge joins the CIC's timeslot to the app's RTP.
@Suite("A forwarded call's media: E1 timeslot ↔ RTP through the gateway (issue 6 item 5, issue 7 item 1)", .serialized)
struct ForkedCallMediaTests {
    static let timeslots = Array(1...15) + Array(17...31)
    /// F = 8: 1 ms packets, the common CESoPSN packetisation (RFC 5086 §5.1).
    static let frames = 8
    /// Pseudowire packets per second (8000 frames / F).
    static var packetsPerSecond: Int { 8000 / frames }

    static func bestToneSNR(_ samples: [Int16], frequency: Double) -> Double {
        stride(from: 0, to: max(samples.count - 800, 0), by: 400).map {
            SignalAnalysis.toneSNR(samples[$0..<$0 + 800], frequency: frequency)
        }.max() ?? -.infinity
    }

    @Test(
        "Q.764 / RFC 3398 §8.2 with RFC 5086 and RFC 3550: E.180 ringback on the timeslot while the device rings; after ANM the caller's 1 kHz reaches the app in PCMA and the app's 700 Hz reaches the timeslot; after REL the timeslot idles",
        .enabled(if: ForkDevice.executable != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(8)))
    func voiceBothWays() async throws {
        try await MachineLoadGate.realTime {
            let bench = try await E1MediaBench.start()
            let (media, ce) = (bench.media, bench.ce)
            let app = try await bench.app()
            // The app answers RTP to where the gateway's RTP comes from (symmetric RTP, as an app behind NAT does):
            // one PCMA packet of 700 Hz per 20 ms, bounded.
            let appTask = RTPToneSender(
                peer: app, samples: TestSignals.tone(700, seconds: 10, amplitude: 1000), law: .aLaw, payloadType: .pcma,
                destination: { app.sources.first })
            defer { appTask.stop() }
            let device = try ForkDevice.start(ForkDevice.answerWithMediaThenAwaitBye(port: app.port))
            var answeredAt = 0
            var releasedAt = 0
            var cic = CircuitIdentificationCode(0)
            try await ForkedCallTests.withGateways(ports: [device.port], media: media) { msc, events, _ in
                let placed = try await ForkedCallTests.placeForwardedCall(msc)
                cic = placed
                #expect(try await events.wait(for: 1) {
                    if case .callProgress(placed, .answered) = $0 { true } else { false }
                }, "no ANM: \(ForkedCallTests.progress(events, placed)) \(device.errors)")
                answeredAt = ce.receivedCount
                // Both directions flowing: 1.5 s of RTP at the app, and the CE keeps receiving.
                try await app.wait(for: 75, within: .seconds(15))
                guard await ce.waitForReceived(answeredAt + Self.packetsPerSecond * 3 / 2) else { throw UDPPeer.Timeout() }
                msc.release(cic: placed, cause: .normalCallClearing)
                #expect(try await events.wait(for: 1) { if case .callReleased(placed, _) = $0 { true } else { false } })
                releasedAt = ce.receivedCount
                guard await ce.waitForReceived(releasedAt + Self.packetsPerSecond) else { throw UDPPeer.Timeout() }
                #expect(await device.finish() == 0, "sipp did not get its BYE: \(device.errors)")
            }
            let statistics = try await media.statisticsSnapshot()
            print("media bridge: \(statistics.periods) periods, \(statistics.skippedPeriods) skipped, pseudowire \(statistics.pseudowireCounters), \(statistics.pseudowireSlips) slips")
            let slot = Int(cic.value)
            try #require(Self.timeslots.contains(slot), "CIC \(cic) is not a timeslot of the pseudowire")
            let heard = ce.heard(timeslot: slot)
            // Ringing: the UK ringback (E.180: 400 + 450 Hz) on the timeslot before the answer.
            let ringing = Array(heard[..<answeredAt].joined())
            let ringback = max(
                SignalAnalysis.tonePower(ringing[...], frequency: 400), SignalAnalysis.tonePower(ringing[...], frequency: 450))
            let other = max(
                SignalAnalysis.tonePower(ringing[...], frequency: 1000), SignalAnalysis.tonePower(ringing[...], frequency: 700))
            #expect(ringing.count >= 800 && ringback > other + 20, "ringback \(ringback) dB, 1 kHz / 700 Hz \(other) dB")
            // Answered: the app's 700 Hz on the timeslot.
            let talking = Array(heard[answeredAt..<releasedAt].joined())
            #expect(Self.bestToneSNR(talking, frequency: 700) > 20)
            // Released: the idle pattern (A-law 0xD5 decodes to ±8) on the timeslot once the bridge detached — within a
            // second of the REL however loaded the machine, and from then on.
            let idle = { (packet: [Int16]) in packet.allSatisfy { abs(Int($0)) <= 8 } }
            let lastBusy = heard.indices.last { !idle(heard[$0]) } ?? 0
            #expect(
                lastBusy < releasedAt + Self.packetsPerSecond * 4 / 5 && heard.count - lastBusy > Self.packetsPerSecond / 5,
                "audio until \(lastBusy - releasedAt) of \(heard.count - releasedAt) packets after the REL")
            // The app: PCMA (the answer's codec) carrying the caller's 1 kHz.
            let rtp = app.datagrams.compactMap { bytes -> RTPPacket? in
                guard case .rtp = RTPMultiplexing.classify(bytes) else { return nil }
                return try? RTPPacket.decode(bytes)
            }
            #expect(!rtp.isEmpty && rtp.allSatisfy { $0.header.payloadType == .pcma })
            let heardByApp = rtp.flatMap { G711Codec.decode(Array($0.payload.readableBytesView), law: .aLaw) }
            let profile = stride(from: 0, to: max(heardByApp.count - 800, 0), by: 800).map {
                Int(SignalAnalysis.toneSNR(heardByApp[$0..<$0 + 800], frequency: 1000))
            }
            #expect(Self.bestToneSNR(heardByApp, frequency: 1000) > 20, "100 ms windows: \(profile)")
            try await bench.stop()
        }
    }

}
