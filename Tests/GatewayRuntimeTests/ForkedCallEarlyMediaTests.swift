import Foundation
import GatewayRuntime
import ISUPProtocol
import ISUPWire
import MediaBridge
import MediaBridgeService
import MediaCodecs
import MediaTransport
import NIOCore
import NIOPosix
import RTPWire
import RerouteTestSupport
import SignallingCapture
import TDMWire
import TelecomTypes
import Testing

/// Issue 5 item 4: "early media from one branch while another answers must not leave the call without audio".
/// Every branch is offered the call's one RTP leg; the ringing branch's early media latches it, and its stream goes
/// on arriving after another branch answered (here for seconds: a device slow to stop, or packets in flight).
@Suite("Forked call: early media from one branch, the answer from another (RFC 3261 §13.2.2.4, RFC 4961)", .serialized)
struct ForkedCallEarlyMediaTests {
    /// 183 with early media on `port` at once; then the gateway's CANCEL: 200, 487, ACK (RFC 3261 §9.2).
    static func earlyMediaUntilCancelled(port: Int) -> String {
        ForkDevice.scenario("""
            \(ForkDevice.inviteKeepingCSeq)
            \(ForkDevice.response("183 Session Progress", sdp: true))
              <recv request="CANCEL" />
            \(ForkDevice.response("200 OK"))
            \(ForkDevice.inviteResponseAfterCancel("487 Request Terminated", sdp: false))
              <recv request="ACK" />
            """).replacingOccurrences(of: "[media_port]", with: "\(port)")
    }

    @Test(
        "RFC 3261 §13.2.2.4 / RFC 4961 §3: branch A's early media latched the leg and A keeps sending after branch B answered — the caller hears B (700 Hz), not A (600 Hz), and B gets the caller's audio",
        .enabled(if: ForkDevice.executable != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(3)))
    func answerFromAnotherBranchTakesTheLeg() async throws {
        try await MachineLoadGate.realTime {
            let bench = try await E1MediaBench.start()
            let (media, ce) = (bench.media, bench.ce)
            let appA = try await bench.app()
            let appB = try await bench.app()
            // Each app answers RTP to where the gateway's comes from (symmetric RTP), with its own SSRC and tone;
            // A never stops.
            let senderA = RTPToneSender(
                peer: appA, samples: TestSignals.tone(600, seconds: 12, amplitude: 1000), law: .aLaw,
                payloadType: .pcma, ssrc: 0xA, destination: { appA.sources.first })
            let senderB = RTPToneSender(
                peer: appB, samples: TestSignals.tone(700, seconds: 12, amplitude: 1000), law: .aLaw,
                payloadType: .pcma, ssrc: 0xB, destination: { appB.sources.first })
            defer {
                senderA.stop()
                senderB.stop()
            }
            let deviceA = try ForkDevice.start(Self.earlyMediaUntilCancelled(port: appA.port))
            let deviceB = try ForkDevice.start(
                ForkDevice.answerCrossingCancel(afterMilliseconds: 1500)
                    .replacingOccurrences(of: "[media_port]", with: "\(appB.port)"))
            var answeredAt = 0
            var releasedAt = 0
            var sentByAAfterAnswer = 0
            var cic = CircuitIdentificationCode(0)
            try await ForkedCallTests.withGateways(ports: [deviceA.port, deviceB.port], media: media) { msc, events, _ in
                let placed = try await ForkedCallTests.placeForwardedCall(msc)
                cic = placed
                // A's early media flows before B answers: the gateway sent the caller's audio to A, A answered it.
                try await appA.wait(for: 10, within: .seconds(10))
                #expect(try await events.wait(for: 1) {
                    if case .callProgress(placed, .answered) = $0 { true } else { false }
                }, "no ANM: \(ForkedCallTests.progress(events, placed)) \(deviceA.errors) \(deviceB.errors)")
                answeredAt = ce.receivedCount
                let aAtAnswer = senderA.sent
                try await appB.wait(for: 75, within: .seconds(15))
                guard await ce.waitForReceived(answeredAt + ForkedCallMediaTests.packetsPerSecond * 2) else {
                    throw UDPPeer.Timeout()
                }
                sentByAAfterAnswer = senderA.sent - aAtAnswer
                msc.release(cic: placed, cause: .normalCallClearing)
                #expect(try await events.wait(for: 1) { if case .callReleased(placed, _) = $0 { true } else { false } })
                releasedAt = ce.receivedCount
                #expect(await deviceA.finish() == 0, "A was not CANCELled: \(deviceA.errors)")
                #expect(await deviceB.finish() == 0, "B did not get its BYE: \(deviceB.errors)")
            }
            #expect(sentByAAfterAnswer >= 50, "A stopped sending (\(sentByAAfterAnswer) packets after the answer)")
            let heard = ce.heard(timeslot: Int(cic.value))
            // From half a second after the answer (the playout buffer's and the period's delay) to the release.
            let from = min(answeredAt + ForkedCallMediaTests.packetsPerSecond / 2, releasedAt)
            let talking = Array(heard[from..<releasedAt].joined())
            let b = SignalAnalysis.tonePower(talking[...], frequency: 700)
            let a = SignalAnalysis.tonePower(talking[...], frequency: 600)
            #expect(ForkedCallMediaTests.bestToneSNR(talking, frequency: 700) > 20, "B's 700 Hz not heard")
            #expect(b > a + 20, "B \(b) dB, A \(a) dB: the cancelled branch's stream reached the caller")
            // B hears the caller (the leg's destination is B, not A).
            let toB = appB.datagrams.compactMap { try? RTPPacket.decode($0) }.filter { $0.header.payloadType == .pcma }
            let heardByB = toB.flatMap { G711Codec.decode(Array($0.payload.readableBytesView), law: .aLaw) }
            #expect(ForkedCallMediaTests.bestToneSNR(heardByB, frequency: 1000) > 20)
            senderA.stop()
            senderB.stop()
            try await bench.stop()
        }
    }
}
