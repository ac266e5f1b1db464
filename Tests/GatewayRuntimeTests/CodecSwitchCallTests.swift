import CodecPolicy
import Foundation
import GatewayRuntime
import ISUPProtocol
import ISUPWire
import Interworking
import MediaBridge
import MediaBridgeService
import MediaCodecs
// The chooser's time (MediaTime) for the manual clock; a dependency of CodecPolicy and MediaBridgeService.
import MediaSessions
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RTPWire
import RerouteTestSupport
import RoutingClient
import RoutingCore
import SIGTRANTransport
import TDMWire
import TelecomTypes
import Testing

/// The codec chooser in a running call (issue 6 item 4): the MSC's call forked to a sipp device whose SDP points at
/// the test's RTP socket (the app), the E1 a CESoPSN CE on loopback. The app reports loss in RTCP receiver reports
/// about the gateway's stream; the chooser's clock is the test's, moved 10 s per report, so its 15 s loss window
/// and 30 s switch interval pass in a few reports.
@Suite("Codec switch in a running call: RTCP loss → re-INVITE → new payload type (issue 6 item 4)", .serialized)
struct CodecSwitchCallTests {
    /// The chooser's clock, moved by the test.
    final class ManualClock: Sendable {
        private let box = NIOLockedValueBox(MediaTime.zero)
        var now: MediaTime { box.withLockedValue { $0 } }
        func advance(_ by: Duration) { box.withLockedValue { $0 = $0 + by } }
    }

    /// The gateway's log lines, waited on with a deadline.
    final class LogLines: Sendable {
        private let box = NIOLockedValueBox<[String]>([])
        func append(_ line: String) { box.withLockedValue { $0.append(line) } }
        var all: [String] { box.withLockedValue { $0 } }

        func wait(for text: String, within deadline: Duration = .seconds(10)) async -> Bool {
            let end = ContinuousClock.now + deadline
            while ContinuousClock.now < end {
                if all.contains(where: { $0.contains(text) }) { return true }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return all.contains { $0.contains(text) }
        }
    }

    // MARK: The device (sipp)

    /// The device's SDP: PCMA first, then G.729 (RFC 3264 §6.1: the answer lists what the device can receive of
    /// the offer, most preferred first), telephone-event, rtcp-mux.
    static func deviceSDP(port: Int, version: Int, formats: [UInt8]) -> String {
        let maps: [UInt8: String] = [
            8: "a=rtpmap:8 PCMA/8000", 18: "a=rtpmap:18 G729/8000\na=fmtp:18 annexb=no",
            101: "a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-15",
        ]
        return """
            v=0
            o=device 1 \(version) IN IP4 127.0.0.1
            s=-
            c=IN IP4 127.0.0.1
            t=0 0
            m=audio \(port) RTP/AVP \(formats.map(String.init).joined(separator: " "))
            \(formats.compactMap { maps[$0] }.joined(separator: "\n"))
            a=ptime:20
            a=rtcp-mux
            """
    }

    /// A response in the dialog (RFC 3261 §12.2.2: the To tag is already the device's) or to the INVITE.
    static func response(_ status: String, sdp: String?, tag: Bool) -> String {
        """
          <send>
            <![CDATA[
              SIP/2.0 \(status)
              [last_Via:]
              [last_From:]
              [last_To:]\(tag ? ";tag=[pid]SIPpTag01[call_number]" : "")
              [last_Call-ID:]
              [last_CSeq:]
              Contact: <sip:device@[local_ip]:[local_port]>
              \(sdp != nil ? "Content-Type: application/sdp\n      " : "")Content-Length: [len]

        \(sdp ?? "")
            ]]>
          </send>
        """
    }

    /// Answers PCMA/G.729 with media at `port`; takes the re-INVITE (its m-line written to the file `reinvite`),
    /// answers it with `reinviteStatus` (a 200 with G.729 only, or a refusal), takes the ACK, then waits for BYE.
    static func scenario(port: Int, reinviteStatus: String) -> String {
        let accepted = reinviteStatus.hasPrefix("200")
        return ForkDevice.scenario(
            """
              <recv request="INVITE" />
            \(response("180 Ringing", sdp: nil, tag: true))
              <pause milliseconds="200" />
            \(response("200 OK", sdp: deviceSDP(port: port, version: 1, formats: [8, 18, 101]), tag: true))
              <recv request="ACK" />
              <recv request="INVITE">
                <action>
                  <ereg regexp="m=audio [0-9A-Za-z/ ]*" search_in="body" check_it="true" assign_to="mline" />
                  <exec command="echo '[$mline]' >> reinvite" />
                </action>
              </recv>
            \(response(reinviteStatus, sdp: accepted ? deviceSDP(port: port, version: 2, formats: [18, 101]) : nil, tag: false))
              <recv request="ACK" />
              <recv request="BYE" />
            \(response("200 OK", sdp: nil, tag: false))
            """)
    }

    /// The m-line of the re-INVITE the device received (sipp's `exec` runs unwaited: polled, bounded).
    static func reinviteMediaLine(_ device: SIPpDevice) async -> String? {
        let file = device.directory.appendingPathComponent("reinvite")
        let end = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < end {
            if let text = try? String(contentsOf: file, encoding: .utf8), text.hasSuffix("\n") {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    // MARK: The app's RTCP

    /// One RTCP RR from the app about the gateway's SSRC (RFC 3550 §6.4.2), number `index` of a run in which 20 %
    /// of the 250 packets of each 5 s interval were lost: fraction lost 51/256 (§6.4.1 "the fraction of RTP data
    /// packets ... lost ... expressed as a fixed point number with the binary point at the left edge"), cumulative
    /// number lost and extended highest sequence number growing by 50 and 250. An SDES CNAME follows (§6.1).
    static func receiverReport(about ssrc: UInt32, index: Int) -> ByteBuffer {
        let block = RTCPReportBlock(
            ssrc: ssrc, fractionLost: 51, cumulativeLost: Int32(50 * index),
            extendedHighestSequence: UInt32(70_000 + 250 * index), jitter: 80, lastSenderReport: 0,
            delaySinceLastSenderReport: 0)
        let sdes = RTCPSourceDescription(chunks: [
            .init(source: 0x5EED_0700, items: [.init(type: .cname, text: "app@127.0.0.1")])
        ])
        return RTCPCompoundPacket(packets: [
            .receiverReport(RTCPReceiverReport(ssrc: 0x5EED_0700, reports: [block])), .sourceDescription(sdes),
        ]).encoded
    }

    static func rtp(_ app: UDPPeer) -> [RTPPacket] {
        app.datagrams.compactMap { bytes -> RTPPacket? in
            guard case .rtp = RTPMultiplexing.classify(bytes) else { return nil }
            return try? RTPPacket.decode(bytes)
        }
    }

    // MARK: The call

    /// MSC and Reroute as in ``ForkedCallTests/withGateways(ports:ringTimeout:earlyACM:media:voicemail:routing:validationPrompts:gatewayHandle:_:)``,
    /// with the codec policy on `clock` and the gateway's log kept.
    static func withGateways(
        port: Int, media: MediaBridgeService, clock: ManualClock, log: LogLines,
        _ body: (SignallingGateway, LinkFailureTests.Events) async throws -> Void
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let m3uaPort = Int(LoopbackPorts.freeTCPPort())
        let mscEvents = LinkFailureTests.Events()
        let msc = SignallingGateway(
            configuration: try TwoGatewayCallTests.configuration(role: .sg, kind: .tcp, port: m3uaPort, udpPort: 9899),
            eventLoop: group.next(), observe: { mscEvents.append($0) })
        var configuration = try TwoGatewayCallTests.configuration(
            role: .asp, kind: .tcp, port: m3uaPort, udpPort: 9899)
        configuration.sip = GatewaySIPSettings(
            mode: .fork, listen: "127.0.0.1", port: 0, domain: "reroute.test", ringTimeout: .seconds(10),
            control: ForwardedCallControl.Configuration(earlyAddressComplete: .seconds(15), unanswered: .release),
            mediaAddress: "127.0.0.1", rtpPorts: 40000...40999)
        let loop = group.next()
        let side = try await GatewaySIPSide.start(configuration.sip, eventLoop: loop)
        let plan = InterworkingPlan(
            defaultCountryCode: "44",
            cNumbers: [.init(number: try E164Number(parsing: ForkedCallTests.cNumber), countryCode: "44")])
        let gatewayEvents = LinkFailureTests.Events()
        let gateway = SignallingGateway(
            configuration: configuration, eventLoop: loop,
            router: IncomingCallRouter(
                routing: ForkedCallTests.FixedRouting(ports: [port]), plan: plan, timeout: .seconds(5)),
            forking: side.forking, media: media, codecPolicy: GatewayCodecPolicy(clock: { clock.now }),
            log: { log.append($0) }, observe: { gatewayEvents.append($0) })
        try await LinkFailureTests.start(msc)
        try await gateway.start().get()
        #expect(try await mscEvents.wait(for: 1) { $0 == .linkUp })
        #expect(try await gatewayEvents.wait(for: 1) { $0 == .linkUp })
        var failure: (any Error)?
        do { try await body(msc, mscEvents) } catch { failure = error }
        try? await gateway.stop(grace: .milliseconds(300)).get()
        try? await msc.stop(grace: .milliseconds(300)).get()
        try? await side.shutdown()
        try? await group.shutdownGracefully()
        if let failure { throw failure }
    }

    struct Outcome {
        var reinvite: String?
        /// The gateway's RTP to the app, in order of arrival.
        var rtp: [RTPPacket]
        /// How many of `rtp` had arrived when the device's response to the re-INVITE had been handled.
        var beforeResponse: Int
        var log: [String]
        var deviceStatus: Int32
        var deviceErrors: String
    }

    /// A forwarded call answered PCMA by a device that also takes G.729; the app reports 20 % loss until the device
    /// gets a re-INVITE, which it answers `reinviteStatus`; the call goes on until `afterResponse` more RTP packets
    /// (and, after a refusal, three more lossy reports) reached the app.
    static func run(reinviteStatus: String, afterResponse: Int) async throws -> Outcome {
        try await MachineLoadGate.realTime {
            let bench = try await E1MediaBench.start(amplitude: 4000)
            let media = bench.media
            let app = try await bench.app()
            let appTask = RTPToneSender(
                peer: app, samples: TestSignals.tone(700, seconds: 10, amplitude: 1000), law: .aLaw, payloadType: .pcma,
                destination: { app.sources.first })
            defer { appTask.stop() }
            let device = try ForkDevice.start(scenario(port: app.port, reinviteStatus: reinviteStatus))
            let clock = ManualClock()
            let log = LogLines()
            var outcome = Outcome(rtp: [], beforeResponse: 0, log: [], deviceStatus: -1, deviceErrors: "")
            try await withGateways(port: device.port, media: media, clock: clock, log: log) { msc, events in
                let placed = try await ForkedCallTests.placeForwardedCall(msc)
                #expect(
                    try await events.wait(for: 1) {
                        if case .callProgress(placed, .answered) = $0 { true } else { false }
                    }, "no ANM: \(device.errors)")
                #expect(await log.wait(for: "codec: PCMA"), "no chooser for the call: \(log.all)")
                // The gateway's stream: its SSRC is what the reports are about (RFC 3550 §6.4.1 "SSRC_n").
                try await app.wait { $0.contains { RTPMultiplexing.classify($0) == .rtp } }
                let ssrc = try #require(Self.rtp(app).first?.header.ssrc)
                // Reports 10 s apart on the chooser's clock until the re-INVITE (bounded: 3 are needed).
                var index = 0
                while index < 12, !log.all.contains(where: { $0.contains("re-INVITE PCMA") }) {
                    index += 1
                    clock.advance(.seconds(10))
                    app.send(Self.receiverReport(about: ssrc, index: index), to: try #require(app.sources.first))
                    _ = await log.wait(for: "re-INVITE PCMA", within: .milliseconds(500))
                }
                outcome.reinvite = await Self.reinviteMediaLine(device)
                let handled = reinviteStatus.hasPrefix("200") ? "in effect" : "re-INVITE failed"
                #expect(await log.wait(for: handled), "the device's \(reinviteStatus) not handled: \(log.all)")
                outcome.beforeResponse = Self.rtp(app).count
                if !reinviteStatus.hasPrefix("200") {
                    // More loss after the refusal, past the chooser's back-off (60 s): the refused codec is not
                    // offered again (RFC 3264 §8: 488) and nothing else is lower (sipp fails on another INVITE).
                    for more in 1...3 {
                        clock.advance(.seconds(40))
                        app.send(
                            Self.receiverReport(about: ssrc, index: index + more), to: try #require(app.sources.first))
                    }
                }
                let wanted = outcome.beforeResponse + afterResponse
                try await app.wait(within: .seconds(10)) { datagrams in
                    datagrams.count { RTPMultiplexing.classify($0) == .rtp } >= wanted
                }
                msc.release(cic: placed, cause: .normalCallClearing)
                #expect(try await events.wait(for: 1) { if case .callReleased(placed, _) = $0 { true } else { false } })
                outcome.deviceStatus = await device.finish()
                outcome.deviceErrors = device.errors
            }
            outcome.rtp = Self.rtp(app)
            outcome.log = log.all
            appTask.stop()
            try await bench.stop()
            return outcome
        }
    }

    @Test(
        "RFC 3550 §6.4.2 RR with ≈ 20 % fraction lost (§6.4.1) for 3 reports → re-INVITE offering G.729 first (RFC 3264 §8, §5.1) → 200 with G.729 → the gateway's RTP switches to payload type 18 on the same SSRC, sequence and timestamps running on (RFC 3550 §5.1, §8)",
        .enabled(if: ForkDevice.executable != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(3))
    )
    func lossSwitchesToG729() async throws {
        let outcome = try await Self.run(reinviteStatus: "200 OK", afterResponse: 50)
        // The offer: G.729 first (RFC 3264 §5.1 "the most preferred format first"), telephone-event kept.
        let line = try #require(outcome.reinvite, "no re-INVITE reached the device: \(outcome.log)")
        #expect(line.range(of: #"^m=audio [0-9]+ RTP/AVP 18 101$"#, options: .regularExpression) != nil, "\(line)")
        #expect(outcome.deviceStatus == 0, "sipp: \(outcome.deviceErrors)")
        // Before: PCMA (8); after the answer: G.729 (18) only, on the same stream.
        let rtp = outcome.rtp
        let switchAt = try #require(rtp.firstIndex { $0.header.payloadType == .g729 }, "no G.729 RTP: \(outcome.log)")
        #expect(switchAt > 0 && rtp[..<switchAt].allSatisfy { $0.header.payloadType == .pcma })
        let after = rtp[switchAt...]
        #expect(after.count >= 40 && after.allSatisfy { $0.header.payloadType == .g729 })
        #expect(Set(rtp.map(\.header.ssrc)).count == 1, "RFC 3550 §8: one SSRC through the change")
        // §5.1: sequence numbers increment by one per packet; timestamps keep increasing, 160 per 20 ms at 8 kHz.
        let (last, first) = (rtp[switchAt - 1].header, rtp[switchAt].header)
        #expect(first.sequenceNumber == last.sequenceNumber &+ 1)
        #expect(first.timestamp &- last.timestamp == 160)
        // G.729 frames, 10 octets per 10 ms (RFC 3551 §4.5.6, no SID: the device said annexb=no), carrying the
        // caller's 1 kHz.
        #expect(after.allSatisfy { $0.payload.readableBytes == 20 })
        let decoder = try G729Decoder()
        let heard = try after.flatMap { try decoder.decode(Array($0.payload.readableBytesView)) }
        #expect(ForkedCallMediaTests.bestToneSNR(heard, frequency: 1000) > 10)
    }

    @Test(
        "RFC 3261 §14.1 / RFC 3264 §8: a re-INVITE refused with 488 leaves the session as it was — the gateway's RTP stays PCMA (payload type 8) and G.729 is not offered again under more loss",
        .enabled(if: ForkDevice.executable != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(3))
    )
    func refusedSwitchKeepsPCMA() async throws {
        let outcome = try await Self.run(reinviteStatus: "488 Not Acceptable Here", afterResponse: 50)
        let line = try #require(outcome.reinvite, "no re-INVITE reached the device: \(outcome.log)")
        #expect(line.range(of: #"^m=audio [0-9]+ RTP/AVP 18 101$"#, options: .regularExpression) != nil, "\(line)")
        #expect(outcome.log.contains { $0.contains("re-INVITE failed with 488") })
        // sipp ends 0 only if no second re-INVITE came before the BYE.
        #expect(outcome.deviceStatus == 0, "sipp: \(outcome.deviceErrors)")
        #expect(outcome.rtp.count >= outcome.beforeResponse + 50)
        #expect(outcome.rtp.allSatisfy { $0.header.payloadType == .pcma })
        #expect(outcome.log.filter { $0.contains("re-INVITE PCMA") }.count == 1)
    }
}
