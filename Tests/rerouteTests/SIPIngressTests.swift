import Foundation
import RerouteTestSupport
import Testing

/// SIP ingress from a soft switch (issue 7 items 1 and 6): `reroute gateway --sip-trunk` takes INVITEs from sipp
/// playing the switch, reads the diverted subscriber from `History-Info` (RFC 7044 / RFC 4458) or `Diversion` (RFC
/// 5806), asks the routing server and forks to the device registered through the gateway (a sipp UAS); the device's
/// answer goes back to the switch, and the switch's BYE ends both legs. A call diverted too often is cut (483), and
/// an INVITE from anyone but the trunk is refused (403, issue 5 item 7).
@Suite(
    "reroute gateway: calls from a soft switch (SIP ingress) with History-Info and Diversion",
    .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"),
    .enabled(if: EdgePeer.sipp != nil, "sipp (Debian sip-tester) is not installed"))
struct SIPIngressTests {
    static let cNumber = "+447700900000"
    static let subscriberNumber = "+447700900654"

    /// The switch's INVITE to the C number with `diversion` headers and its SDP offer (media on sipp's media port, or
    /// on `mediaPort`), then the optional provisional responses (RFC 3261 §17.1.1).
    static func invite(diversion: String, mediaPort: Int? = nil) -> String {
        let port = mediaPort.map(String.init) ?? "[media_port]"
        return """
              <send retrans="500">
                <![CDATA[
                  INVITE sip:\(cNumber)@[remote_ip]:[remote_port];user=phone SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  From: <sip:+442079460000@[local_ip];user=phone>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:\(cNumber)@[remote_ip];user=phone>
                  Call-ID: [call_id]
                  CSeq: 1 INVITE
                  Contact: <sip:switch@[local_ip]:[local_port]>
                  Max-Forwards: 70
                  \(diversion)
                  Content-Type: application/sdp
                  Content-Length: [len]

                  v=0
                  o=switch 1 1 IN IP4 [local_ip]
                  s=-
                  c=IN IP4 [local_ip]
                  t=0 0
                  m=audio \(port) RTP/AVP 8 0 101
                  a=rtpmap:8 PCMA/8000
                  a=rtpmap:0 PCMU/8000
                  a=rtpmap:101 telephone-event/8000
                ]]>
              </send>
              <recv response="100" optional="true" />
              <recv response="180" optional="true" />
              <recv response="183" optional="true" />
            """
    }

    /// The switch's INVITE to the C number with `diversion` headers, then (when `expect` is 200) ACK, BYE; any other
    /// `expect` is the final response it must get, then the ACK for it is the transaction's (RFC 3261 §17.1.1.3).
    static func switchScenario(diversion: String, expect: Int) -> String {
        let invite = Self.invite(diversion: diversion)
        let rest: String
        if expect == 200 {
            rest = """
                  <recv response="200" rrs="true">
                    <action>
                      <ereg regexp="o=sipp 53655765" search_in="body" check_it="true" assign_to="answer" />
                    </action>
                  </recv>
                  <Reference variables="answer" />
                \(inDialog("ACK", uri: "[next_url]", cseq: 1))
                  <pause milliseconds="500" />
                \(inDialog("BYE", uri: "[next_url]", cseq: 2, retransmit: true))
                  <recv response="200" />
                """
        } else {
            rest = """
                  <recv response="\(expect)" />
                \(inDialog("ACK", uri: "sip:\(cNumber)@[remote_ip]:[remote_port];user=phone", cseq: 1))
                """
        }
        return """
            <?xml version="1.0" encoding="ISO-8859-1" ?>
            <scenario name="switch">
            \(invite)
            \(rest)
            </scenario>
            """
    }

    /// The switch's ACK or BYE in the INVITE's dialog (RFC 3261 §12.2.1.1: the remote target `[next_url]` after a
    /// 2xx; the ACK for a failure goes to the INVITE's Request-URI, §17.1.1.3).
    static func inDialog(_ method: String, uri: String, cseq: Int, retransmit: Bool = false) -> String {
        """
              <send\(retransmit ? " retrans=\"500\"" : "")>
                <![CDATA[
                  \(method) \(uri) SIP/2.0
                  Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                  From: <sip:+442079460000@[local_ip];user=phone>;tag=[pid]SIPpTag00[call_number]
                  To: <sip:\(cNumber)@[remote_ip];user=phone>[peer_tag_param]
                  Call-ID: [call_id]
                  CSeq: \(cseq) \(method)
                  Max-Forwards: 70
                  Content-Length: 0
                ]]>
              </send>
        """
    }

    /// sipp as the switch on `localPort`, one call; its exit status (0: every expected message came).
    static func placeCall(gatewayPort: Int, localPort: Int, diversion: String, expect: Int) async throws
        -> (Int32, String)
    {
        let directory = try EdgePeer.temporaryDirectory("sipp-switch")
        let file = directory.appendingPathComponent("switch.xml")
        try switchScenario(diversion: diversion, expect: expect).write(to: file, atomically: true, encoding: .utf8)
        let peer = try EdgePeer(
            EdgePeer.sipp!,
            [
                "127.0.0.1:\(gatewayPort)", "-sf", file.path, "-t", "u1", "-i", "127.0.0.1", "-p", "\(localPort)",
                "-m", "1", "-nostdin", "-timeout", "20s", "-trace_err", "-error_file",
                directory.appendingPathComponent("errors.log").path, "-mp", "\(Int(LoopbackPorts.freeUDPPort()) & ~1)",
            ],
            seconds: 25, directory: directory)
        let status = await peer.waitForExit(seconds: 25)
        return (status, peer.text + peer.file("errors.log"))
    }

    @Test(
        "Issue 7 items 1 and 6 / RFC 7044, RFC 5806: a soft switch's INVITE diverted from the subscriber (History-Info, then Diversion) rings the device registered through the gateway, is answered with the device's SDP and ended by the switch's BYE; a loop is cut with 483; a stranger's INVITE gets 403",
        .timeLimit(.minutes(8)))
    func softSwitchCallsReachTheDevice() async throws {
        try await MachineLoadGate.heavy {
            let sink = FileManager.default.temporaryDirectory.appendingPathComponent("ingress-sms-\(UUID().uuidString).jsonl")
            defer { try? FileManager.default.removeItem(at: sink) }
            let switchPort = Int(LoopbackPorts.freeUDPPort())
            let gateway = try ICRSProcess(
                binary: try #require(ToolRunner.rerouteBinary),
                arguments: [
                    "--sip", "127.0.0.1:0", "--http", "127.0.0.1:0", "--service-token", GatewaySIPTests.serviceToken,
                    "--sms-sink", sink.path, "--sip-trunk", "127.0.0.1:\(switchPort)", "--run-for", "150",
                ],
                command: "gateway")
            let port = try await GatewaySIPTests.sipPort(gateway)
            let http = LiveHTTP(base: "http://127.0.0.1:\(try await gateway.port())")
            let subscriber = GatewaySIPTests.Subscriber(http: http, number: Self.subscriberNumber, sink: sink)
            try await subscriber.create()
            let sip = try await subscriber.login(device: "phone")
            let device = try GatewaySIPTests.startRegistering(
                sip, port: port, transport: "udp", contactPort: Int(LoopbackPorts.freeUDPPort()), expires: 300,
                stay: 60_000, outOfCall: EdgeScenarios.answering(ringMilliseconds: 100))
            defer { device.kill() }
            let registered = try await subscriber.waitForRoute(within: 20) { available, _ in available }
            #expect(registered != nil, "the device never registered: \(device.text)")

            // RFC 7044 §4.3.4 / RFC 4458: the subscriber's entry, then the C number reached with cause 408 (no reply).
            let history = """
                History-Info: <sip:\(Self.subscriberNumber)@switch.example;user=phone?Reason=SIP%3Bcause%3D408>;index=1, <sip:\(Self.cNumber)@reroute.test;user=phone;cause=408>;index=1.1;mp=1
                """
            let (first, firstLog) = try await Self.placeCall(
                gatewayPort: port, localPort: switchPort, diversion: history, expect: 200)
            #expect(first == 0, "History-Info call: \(firstLog.suffix(1500)) gateway: \(gateway.stdout.suffix(1500))")

            // RFC 5806 §4: Diversion, most recent first (a national form of the subscriber's number, country 44).
            let diversion = "Diversion: <sip:07700900654@switch.example>;reason=user-busy;counter=1"
            let (second, secondLog) = try await Self.placeCall(
                gatewayPort: port, localPort: switchPort, diversion: diversion, expect: 200)
            #expect(second == 0, "Diversion call: \(secondLog.suffix(1500)) gateway: \(gateway.stdout.suffix(1500))")

            // The device saw both INVITEs with the subscriber as the diverting party (RFC 7044 / RFC 5806 towards
            // the app) and the switch's caller.
            let messages = device.file("messages.log")
            let invites = messages.components(separatedBy: "INVITE sip:").count - 1
            #expect(invites >= 2, "the device got \(invites) INVITE(s): \(messages.suffix(2000))")
            #expect(messages.contains("Diversion: <sip:\(Self.subscriberNumber)@"), "\(messages.suffix(2000))")
            #expect(messages.contains("History-Info: <sip:\(Self.subscriberNumber)@"), "\(messages.suffix(2000))")
            #expect(messages.contains("+442079460000"), "\(messages.suffix(2000))")
            // RFC 3264 end to end: the switch's offer reached the device (its answer reached the switch: the
            // scenario checks the 200's body).
            #expect(messages.contains("o=switch 1 1 IN IP4"), "\(messages.suffix(2000))")

            // Q.764 hop counter / issue 7 item 1: diverted five times already → not forked again, cause 25 → 483.
            let looping = "Diversion: <sip:\(Self.subscriberNumber)@switch.example>;reason=no-answer;counter=5"
            let (third, thirdLog) = try await Self.placeCall(
                gatewayPort: port, localPort: switchPort, diversion: looping, expect: 483)
            #expect(third == 0, "loop: \(thirdLog.suffix(1500)) gateway: \(gateway.stdout.suffix(1500))")

            // Issue 5 item 7: the same INVITE from a port that is not the trunk is a client's INVITE: 403.
            // (The kernel may hand the trunk's port out again once the switch's sipp has freed it: not that one.)
            var stranger = Int(LoopbackPorts.freeUDPPort())
            while stranger == switchPort { stranger = Int(LoopbackPorts.freeUDPPort()) }
            let (fourth, fourthLog) = try await Self.placeCall(
                gatewayPort: port, localPort: stranger, diversion: history, expect: 403)
            #expect(
                fourth == 0,
                "stranger on \(stranger) (trunk \(switchPort)): \(fourthLog.suffix(1500)) gateway: \(gateway.stdout.suffix(2500))")
            #expect(try await gateway.terminate() == 0)
        }
    }
}
