import AudioFileWire
import Foundation
import MediaCodecs
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RTPWire
import RerouteTestSupport
import Testing

/// Voicemail for a soft switch's call (issue 7 items 1 and 2): `reroute gateway` configured without an SS7 side
/// (`[sip]` with a trunk and `unanswered = voicemail`, `[routing]` with a voicemail directory) answers the switch's
/// INVITE for a subscriber with no device online on an RTP leg of its own, plays the greeting, takes `#` (RFC 4733)
/// to skip to the beep, records the caller until `#`, ends the call with its BYE, and stores the message where the
/// subscriber's app lists and downloads it, with the SMS alert.
@Suite(
    "reroute gateway: a soft switch's unanswered call goes to voicemail (SIP ingress, RTP answered by Reroute)",
    .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"),
    .enabled(if: EdgePeer.sipp != nil, "sipp (Debian sip-tester) is not installed"))
struct SIPIngressVoicemailTests {
    static let cNumber = "+447700900000"
    static let subscriberNumber = "+447700900656"
    static let prompts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("conf/prompts")

    /// The switch: INVITE (its media on `mediaPort`: PCMA and telephone-event), the 200 must answer with PCMA
    /// (RFC 3264 §6.1), ACK, then the gateway's BYE (RFC 3261 §15.1.2), answered 200.
    static func switchScenario(mediaPort: Int, hangUpAfter: Int? = nil) -> String {
        let history = """
            History-Info: <sip:\(subscriberNumber)@switch.example;user=phone?Reason=SIP%3Bcause%3D480>;index=1, <sip:\(cNumber)@reroute.test;user=phone;cause=480>;index=1.1;mp=1
            """
        return """
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="switch">
            \(SIPIngressTests.invite(diversion: history, mediaPort: mediaPort))
              <recv response="200" rrs="true">
                <action>
                  <ereg regexp="m=audio [0-9]+ RTP/AVP 8" search_in="body" check_it="true" assign_to="answer" />
                </action>
              </recv>
              <Reference variables="answer" />
              <send>
                <![CDATA[
                  ACK [next_url] SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  [last_From:]
                  [last_To:]
                  [last_Call-ID:]
                  CSeq: 1 ACK
                  [routes]
                  Max-Forwards: 70
                  Content-Length: 0

                ]]>
              </send>
            \(hangUpAfter.map(Self.switchHangsUp) ?? Self.gatewayHangsUp)
            </scenario>
            """
    }

    /// RFC 3261 §15.1.2: the gateway's BYE, answered 200.
    static let gatewayHangsUp = """
          <recv request="BYE" timeout="30000" />
          <send>
            <![CDATA[
              SIP/2.0 200 OK
              [last_Via:]
              [last_From:]
              [last_To:]
              [last_Call-ID:]
              [last_CSeq:]
              Content-Length: 0

            ]]>
          </send>
        """

    /// The caller hangs up `milliseconds` after the ACK: the switch's BYE (RFC 3261 §15.1.1), answered 200.
    static func switchHangsUp(after milliseconds: Int) -> String {
        """
          <pause milliseconds="\(milliseconds)" />
          <send retrans="500">
            <![CDATA[
              BYE [next_url] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              [last_From:]
              [last_To:]
              [last_Call-ID:]
              CSeq: 2 BYE
              [routes]
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
          <recv response="200" />
        """
    }

    /// The caller's side of the media: `#` (RFC 4733 §2.5.1: three packets, then the end packet three times, one
    /// timestamp), 2 s of 1 kHz, `#` again, then silence — consecutive sequence numbers, one packet per 20 ms.
    static func callerPackets(toneMilliseconds: Int = 2000, endWithHash: Bool = true) -> [ByteBuffer] {
        var packets: [ByteBuffer] = []
        var sequence: UInt16 = 4000
        var timestamp: UInt32 = 80_000
        func add(_ payloadType: UInt8, _ payload: ByteBuffer, marker: Bool = false) {
            let header = RTPHeader(
                marker: marker, payloadType: RTPPayloadType(payloadType), sequenceNumber: sequence,
                timestamp: timestamp, ssrc: 0x0CA1_1E55)
            packets.append(RTPPacket(header: header, payload: payload).encoded)
            sequence &+= 1
        }
        func hash() {
            for step in 1...6 {
                var buffer = ByteBuffer()
                TelephoneEvent(event: 11, isEnd: step > 3, volume: 10, duration: UInt16(160 * min(step, 4)))
                    .encode(into: &buffer)
                add(101, buffer, marker: step == 1)
            }
            timestamp &+= 640
        }
        func audio(_ samples: [Int16]) {
            for start in stride(from: 0, to: samples.count - 159, by: 160) {
                add(8, ByteBuffer(bytes: G711Codec.encode(Array(samples[start..<start + 160]), law: .aLaw)))
                timestamp &+= 160
            }
        }
        hash()
        audio((0..<(8 * toneMilliseconds)).map { Int16(6000 * sin(2 * Double.pi * 1000 * Double($0) / 8000)) })
        if endWithHash { hash() }
        audio([Int16](repeating: 0, count: 8000))
        return packets
    }

    /// `reroute gateway` without an SS7 side: routing server in-process with a voicemail store, the switch as a
    /// trunk, unanswered calls to voicemail; one subscriber account with a login (no device registered).
    struct Bench {
        let root: URL
        let sink: URL
        let gateway: ICRSProcess
        let port: Int
        let base: String
        let switchPort: Int
        let rtpPorts: ClosedRange<Int>
        let session: LiveHTTP.Answer
        let token: String

        static func start() async throws -> Bench {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("ingress-vm-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let sink = root.appendingPathComponent("sms.jsonl")
            let switchPort = Int(LoopbackPorts.freeUDPPort())
            let rtpBase = Int(LoopbackPorts.freeUDPPort()) & ~1
            let rtpPorts = rtpBase...min(rtpBase + 40, 65534)
            let config = root.appendingPathComponent("gateway.conf")
            try """
                [routing]
                mode = in-process
                country-code = 44
                c-numbers = \(SIPIngressVoicemailTests.cNumber)/44
                voicemail-directory = \(root.path)/store

                [sip]
                registrar = on
                trunks = 127.0.0.1:\(switchPort)
                unanswered = voicemail
                rtp-ports = \(rtpPorts.lowerBound)-\(rtpPorts.upperBound)

                [media]
                prompts = \(SIPIngressVoicemailTests.prompts.path)
                """.write(to: config, atomically: true, encoding: .utf8)
            let gateway = try ICRSProcess(
                binary: try #require(ToolRunner.rerouteBinary),
                arguments: [
                    "--config", config.path, "--sip", "127.0.0.1:0", "--http", "127.0.0.1:0", "--service-token",
                    GatewaySIPTests.serviceToken, "--sms-sink", sink.path, "--run-for", "150",
                ],
                command: "gateway")
            _ = try await gateway.waitForLine(containing: "voicemail for unanswered calls")
            let port = try await GatewaySIPTests.sipPort(gateway)
            let base = "http://127.0.0.1:\(try await gateway.port())"
            let subscriber = GatewaySIPTests.Subscriber(
                http: LiveHTTP(base: base), number: SIPIngressVoicemailTests.subscriberNumber, sink: sink)
            try await subscriber.create()
            let session = try await LiveHTTP(base: base).send("POST", "/v1/sessions", json: """
                {"number": "\(SIPIngressVoicemailTests.subscriberNumber)", "password": "correct horse",
                 "device": {"id": "phone", "name": "phone", "vendor": "Test", "os": "Linux"}}
                """)
            let token = try #require(session.json["token"] as? String, "\(session.text)")
            return Bench(
                root: root, sink: sink, gateway: gateway, port: port, base: base, switchPort: switchPort,
                rtpPorts: rtpPorts, session: session, token: token)
        }

        var auth: [String: String] { ["Authorization": "Bearer \(token)"] }

        /// sipp as the switch, one call, its media on `media`.
        func placeCall(media: UDPPeer, hangUpAfter: Int? = nil) throws -> EdgePeer {
            let directory = try EdgePeer.temporaryDirectory("sipp-switch-vm")
            let file = directory.appendingPathComponent("switch.xml")
            try SIPIngressVoicemailTests.switchScenario(mediaPort: media.port, hangUpAfter: hangUpAfter)
                .write(to: file, atomically: true, encoding: .utf8)
            return try EdgePeer(
                EdgePeer.sipp!,
                [
                    "127.0.0.1:\(port)", "-sf", file.path, "-t", "u1", "-i", "127.0.0.1", "-p", "\(switchPort)",
                    "-m", "1", "-nostdin", "-timeout", "60s", "-trace_err", "-error_file",
                    directory.appendingPathComponent("errors.log").path,
                    "-mp", "\(Int(LoopbackPorts.freeUDPPort()) & ~1)",
                ],
                seconds: 70, directory: directory)
        }

        /// Plays `packets` to `leg`, one per 20 ms, from the switch's media socket.
        static func play(_ packets: [ByteBuffer], from media: UDPPeer, to leg: SocketAddress) -> RepeatedTask {
            let sent = NIOLockedValueBox(0)
            return media.channel.eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(20)) { task in
                let index = sent.withLockedValue { value -> Int in
                    defer { value += 1 }
                    return value
                }
                guard index < packets.count else { return task.cancel() }
                media.send(packets[index], to: leg)
            }
        }

        /// The subscriber's voicemails (waits, bounded, for the first).
        func voicemails() async throws -> [[String: Any]] {
            var voicemails: [[String: Any]] = []
            let deadline = ContinuousClock.now + .seconds(15)
            while voicemails.isEmpty, ContinuousClock.now < deadline {
                let listed = try await LiveHTTP(base: base).send("GET", "/v1/me/voicemails", headers: auth)
                voicemails = listed.json["voicemails"] as? [[String: Any]] ?? []
                if voicemails.isEmpty { try await Task.sleep(for: .milliseconds(200)) }
            }
            return voicemails
        }

        /// A voicemail's audio, 8 kHz linear.
        func audio(_ voicemail: [String: Any]) async throws -> [Int16] {
            let id = try #require(voicemail["id"] as? String)
            let audio = try await LiveHTTP(base: base).send("GET", "/v1/me/voicemails/\(id)/audio", headers: auth)
            return G711Codec.decode(try WAVAudio(decoding: Array(audio.body)).data, law: .aLaw)
        }

        func stop() async throws {
            #expect(try await gateway.terminate() == 0)
            try? FileManager.default.removeItem(at: root)
        }
    }

    @Test(
        "Issue 7 item 2 / RFC 3264 §6.1, RFC 4733 §2.5: a soft switch's call for a subscriber with no device online is answered by Reroute on RTP (PCMA), the greeting plays, # skips to the beep, the message recorded until # is listed and downloadable, our BYE ends the call, the SMS alert is written",
        .timeLimit(.minutes(3)))
    func unansweredSwitchCallLeavesAMessage() async throws {
        try await MachineLoadGate.heavy {
            let bench = try await Bench.start()
            let media = try await UDPPeer.bind(group: MultiThreadedEventLoopGroup.singleton)
            defer { media.channel.close(promise: nil) }
            let sipp = try bench.placeCall(media: media)

            // The greeting reaches the switch's media address (RFC 3264 §6: our answer's m-line names our leg).
            try await media.wait(for: 25, within: .seconds(20))
            let ourLeg = try #require(media.sources.first)
            #expect(ourLeg.port.map { bench.rtpPorts.contains($0) } == true, "\(ourLeg)")
            let sender = Bench.play(Self.callerPackets(), from: media, to: ourLeg)
            defer { sender.cancel() }

            let status = await sipp.waitForExit(seconds: 60)
            #expect(
                status == 0,
                "the switch: \(sipp.text.suffix(1500)) \(sipp.file("errors.log")) gateway: \(bench.gateway.stdout.suffix(3000))")

            // What the switch heard: the greeting (voiced audio from conf/prompts), PCMA from one SSRC.
            let heard = media.datagrams.compactMap { try? RTPPacket.decode($0) }
                .filter { $0.header.payloadType.rawValue == 8 }
            #expect(Set(heard.map(\.header.ssrc)).count == 1)
            let samples = G711Codec.decode(heard.flatMap { Array($0.payload.readableBytesView) }, law: .aLaw)
            #expect((SignalAnalysis.blockLevels(samples, block: 1600).max() ?? -100) > -35, "no greeting heard")

            // The message: listed for the subscriber's app, about the 2 s of tone minus the beep, and it is the tone.
            let voicemails = try await bench.voicemails()
            #expect(voicemails.count == 1, "gateway: \(bench.gateway.stdout.suffix(3000))")
            if let first = voicemails.first {
                #expect(first["caller"] as? String == "+442079460000", "\(first)")
                #expect((800...2100).contains(first["duration_ms"] as? Int ?? 0), "\(first)")
                let recorded = try await bench.audio(first)
                #expect(recorded.count >= 6400, "\(recorded.count) samples")
                #expect(
                    SignalAnalysis.toneSNR(recorded.prefix(6400), frequency: 1000) > 20,
                    "the recording is not the caller's 1 kHz")
            }
            // The SMS alert (issue 7 item 2): the user was offline, so the alert gathers missed calls until a device
            // registers again (docs/voicemail.md, AlertPolicy); the phone registering now releases it.
            let sip = try #require(bench.session.json["sip"] as? [String: String], "\(bench.session.text)")
            let phone = try GatewaySIPTests.startRegistering(
                sip, port: bench.port, transport: "udp", contactPort: Int(LoopbackPorts.freeUDPPort()), expires: 300,
                stay: 20_000, outOfCall: EdgeScenarios.message)
            defer { phone.kill() }
            var alert = ""
            let alertDeadline = ContinuousClock.now + .seconds(15)
            while !alert.contains("voicemail"), ContinuousClock.now < alertDeadline {
                alert = (try? String(contentsOf: bench.sink, encoding: .utf8)) ?? ""
                if !alert.contains("voicemail") { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(alert.contains("Missed call from +442079460000"), "\(alert.suffix(500))")
            #expect(alert.contains("voicemail 0:0"), "\(alert.suffix(500))")
            try await bench.stop()
        }
    }

    @Test(
        "Issue 7 item 2 / RFC 3261 §9.1, §15.1.1: a device rings out the account's own ring timeout (5 s, not the gateway's 25 s) and is CANCELled with Q.850 cause 19; the switch's call goes to voicemail and the caller's BYE ends the message, which is kept",
        .timeLimit(.minutes(3)))
    func ringTimeoutThenCallerHangsUpInTheMessage() async throws {
        try await MachineLoadGate.heavy {
            let bench = try await Bench.start()
            let settings = try await LiveHTTP(base: bench.base).send(
                "PUT", "/v1/me/voicemail-settings", json: #"{"ring_timeout_seconds": 5}"#, headers: bench.auth)
            #expect(settings.status == 200, "\(settings.text)")
            let sip = try #require(bench.session.json["sip"] as? [String: String], "\(bench.session.text)")
            let device = try GatewaySIPTests.startRegistering(
                sip, port: bench.port, transport: "udp", contactPort: Int(LoopbackPorts.freeUDPPort()), expires: 300,
                stay: 60_000, outOfCall: EdgeScenarios.ringing(cancelReason: "Q.850;cause=19"))
            defer { device.kill() }
            let subscriber = GatewaySIPTests.Subscriber(
                http: LiveHTTP(base: bench.base), number: Self.subscriberNumber, sink: bench.sink)
            let registered = try await subscriber.waitForRoute(within: 20) { available, _ in available }
            #expect(registered != nil, "the device never registered: \(device.text)")

            let media = try await UDPPeer.bind(group: MultiThreadedEventLoopGroup.singleton)
            defer { media.channel.close(promise: nil) }
            let placed = ContinuousClock.now
            // The caller hangs up 4 s into the deposit: `#` skips the greeting, then 2.5 s of tone, no closing `#`.
            let sipp = try bench.placeCall(media: media, hangUpAfter: 4000)
            try await media.wait(for: 5, within: .seconds(30))
            let answeredAfter = ContinuousClock.now - placed
            #expect(answeredAfter >= .seconds(4) && answeredAfter < .seconds(20), "answered after \(answeredAfter)")
            let ourLeg = try #require(media.sources.first)
            let sender = Bench.play(
                Self.callerPackets(toneMilliseconds: 2500, endWithHash: false), from: media, to: ourLeg)
            defer { sender.cancel() }

            let status = await sipp.waitForExit(seconds: 60)
            #expect(
                status == 0,
                "the switch: \(sipp.text.suffix(1500)) \(sipp.file("errors.log")) gateway: \(bench.gateway.stdout.suffix(3000))")
            // The device was rung and CANCELled for the ring timeout (the scenario checks the Reason).
            let messages = device.file("messages.log")
            #expect(messages.contains("CANCEL sip:"), "\(messages.suffix(2000))")
            #expect(messages.contains("o=switch 1 1 IN IP4"), "the device did not get the switch's offer")

            let voicemails = try await bench.voicemails()
            #expect(voicemails.count == 1, "gateway: \(bench.gateway.stdout.suffix(3000))")
            if let first = voicemails.first {
                #expect((1500...3500).contains(first["duration_ms"] as? Int ?? 0), "\(first)")
                let recorded = try await bench.audio(first)
                #expect(recorded.count >= 8000, "\(recorded.count) samples")
                #expect(
                    SignalAnalysis.toneSNR(recorded.prefix(8000), frequency: 1000) > 20,
                    "the recording is not the caller's 1 kHz")
            }
            try await bench.stop()
        }
    }
}
