import CodecPolicy
import Foundation
import GatewayRuntime
import ISUPProtocol
import ISUPWire
import Interworking
import MediaBridge
import MediaBridgeService
import MediaCodecs
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

/// The answered device's own offers (issue 5 item 4 "re-INVITE/UPDATE for hold", issue 6 item 4 "switches when the
/// bandwidth changes"): a sipp device holds the call with a re-INVITE (`a=sendonly`), resumes from a new port with a
/// lower `b=AS` (a phone that moved networks), and sends an UPDATE offering only a codec the bridge lacks. The
/// gateway answers each from its own side of the session, and the bridge leg follows.
@Suite("A device's own re-INVITE and UPDATE in an answered forwarded call (RFC 3264 §8)", .serialized)
struct DeviceOfferCallTests {
    /// An in-dialog request from the device (the UAS of the first INVITE): its From is the To it answered with, its
    /// To the INVITE's From (kept in `$caller`), its Request-URI the gateway's Contact (`rrs` on the INVITE).
    static func deviceRequest(_ method: String, cseq: Int, sdp: String) -> String {
        """
          <send retrans="500">
            <![CDATA[
              \(method) [next_url] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:device@[local_ip]:[local_port]>;tag=[pid]SIPpTag01[call_number]
              To: [$caller]
              [last_Call-ID:]
              CSeq: \(cseq) \(method)
              Contact: <sip:device@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Type: application/sdp
              Content-Length: [len]

        \(sdp)
            ]]>
          </send>
        """
    }

    static let ack = """
          <send>
            <![CDATA[
              ACK [next_url] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: <sip:device@[local_ip]:[local_port]>;tag=[pid]SIPpTag01[call_number]
              To: [$caller]
              [last_Call-ID:]
              CSeq: [cseq] ACK
              Contact: <sip:device@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
        """

    static func sdp(port: Int, version: Int, direction: String, extra: String = "", formats: String = "8 101") -> String {
        """
        v=0
        o=device 1 \(version) IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio \(port) RTP/AVP \(formats)
        \(extra)a=rtpmap:8 PCMA/8000
        a=rtpmap:3 GSM/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=ptime:20
        a=\(direction)
        """
    }

    /// Answers on `first`; holds (sendonly) after 1 s; resumes on `second` with `b=AS:24` after 1.5 s more; then an
    /// UPDATE offering GSM only (refused 488); then our BYE. Each answer's direction is checked (RFC 3264 §6.1).
    static func scenario(first: Int, second: Int) -> String {
        ForkDevice.scenario("""
              <recv request="INVITE" rrs="true">
                <action>
                  <ereg regexp=".*" search_in="hdr" header="From:" assign_to="caller" />
                </action>
              </recv>
            \(ForkDevice.response("180 Ringing"))
              <pause milliseconds="200" />
            \(ForkDevice.response("200 OK", sdp: true).replacingOccurrences(of: "[media_port]", with: "\(first)"))
              <recv request="ACK" />
              <pause milliseconds="1000" />
            \(deviceRequest("INVITE", cseq: 1, sdp: sdp(port: first, version: 2, direction: "sendonly")))
              <recv response="100" optional="true" />
              <recv response="200">
                <action>
                  <ereg regexp="a=recvonly" search_in="body" check_it="true" assign_to="held" />
                </action>
              </recv>
            \(ack.replacingOccurrences(of: "[cseq]", with: "1"))
              <pause milliseconds="1500" />
            \(deviceRequest("INVITE", cseq: 2, sdp: sdp(port: second, version: 3, direction: "sendrecv", extra: "b=AS:24\n")))
              <recv response="100" optional="true" />
              <recv response="200">
                <action>
                  <ereg regexp="a=sendrecv" search_in="body" check_it="true" assign_to="resumed" />
                </action>
              </recv>
            \(ack.replacingOccurrences(of: "[cseq]", with: "2"))
              <pause milliseconds="300" />
            \(deviceRequest("UPDATE", cseq: 3, sdp: sdp(port: second, version: 4, direction: "sendrecv", formats: "3")))
              <recv response="488" />
              <recv request="BYE" />
            \(ForkDevice.response("200 OK"))
              <Reference variables="held,resumed" />
            """)
    }

    @Test(
        "RFC 3264 §8, §6.1 / RFC 3261 §14.2: the device's hold re-INVITE is answered recvonly and the gateway stops sending it RTP; its resume from a new port is answered sendrecv and RTP goes to the new port; its b=AS reaches the codec chooser; an UPDATE offering only GSM gets 488 and the call goes on",
        .enabled(if: ForkDevice.executable != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(2)))
    func deviceHoldsResumesAndMoves() async throws {
        try await MachineLoadGate.realTime {
            let bench = try await E1MediaBench.start(amplitude: 4000)
            let media = bench.media
            // The device's two addresses (before and after it moved); neither sends, so the leg follows the SDP.
            let before = try await bench.app()
            let after = try await bench.app()
            let device = try ForkDevice.start(Self.scenario(first: before.port, second: after.port))
            let clock = CodecSwitchCallTests.ManualClock()
            let log = CodecSwitchCallTests.LogLines()
            try await CodecSwitchCallTests.withGateways(port: device.port, media: media, clock: clock, log: log) {
                msc, events in
                let placed = try await ForkedCallTests.placeForwardedCall(msc)
                #expect(
                    try await events.wait(for: 1) {
                        if case .callProgress(placed, .answered) = $0 { true } else { false }
                    }, "no ANM: \(device.errors)")
                // Answered: the caller's audio reaches the device's first address.
                try await before.wait(within: .seconds(10)) { $0.count { RTPMultiplexing.classify($0) == .rtp } >= 10 }
                // Hold: answered, and RTP to the device stops (a few packets may have been on their way).
                #expect(await log.wait(for: "device offer PCMA/8000 sendonly"), "\(log.all)")
                let atHold = CodecSwitchCallTests.rtp(before).count
                #expect(await log.wait(for: "device offer PCMA/8000 sendrecv"), "no resume: \(log.all) \(device.errors)")
                let duringHold = CodecSwitchCallTests.rtp(before).count - atHold
                #expect(duringHold <= 3, "\(duringHold) RTP packets sent to a device that holds the call")
                // Resumed from the new address: media goes there (RFC 3264 §8: the new c=/m= replace the old).
                try await after.wait(within: .seconds(10)) { $0.count { RTPMultiplexing.classify($0) == .rtp } >= 20 }
                let moved = CodecSwitchCallTests.rtp(after)
                #expect(Set(moved.map(\.header.ssrc)) == Set(CodecSwitchCallTests.rtp(before).map(\.header.ssrc)))
                #expect(moved.allSatisfy { $0.header.payloadType == .pcma })
                // The device's b=AS:24 (kbit/s, RFC 4566 §5.8) is the chooser's bandwidth now.
                #expect(await log.wait(for: "bandwidth is now"), "\(log.all)")
                // The UPDATE offering GSM only: 488, the call goes on (sipp checks the 488).
                #expect(await log.wait(for: "device offer refused (488)"), "\(log.all)")
                let afterRefusal = CodecSwitchCallTests.rtp(after).count
                try await after.wait(within: .seconds(10)) {
                    $0.count { RTPMultiplexing.classify($0) == .rtp } >= afterRefusal + 10
                }
                msc.release(cic: placed, cause: .normalCallClearing)
                #expect(try await events.wait(for: 1) { if case .callReleased(placed, _) = $0 { true } else { false } })
                #expect(await device.finish() == 0, "sipp: \(device.errors)")
            }
            try await bench.stop()
        }
    }
}
