import Foundation
import RerouteTestSupport

/// The sipp UAS scenarios (Debian sip-tester) playing the subscriber's devices in the forked-call tests.
enum ForkDevice {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static var executable: String? { SIPpDevice.executable }

    /// A sipp UAS running `scenario` on a free loopback UDP port.
    static func start(_ scenario: String) throws -> SIPpDevice {
        try SIPpDevice(scenario: scenario, port: Int(LoopbackPorts.freeUDPPort()))
    }

    // MARK: - Scenarios (RFC 3261 UAS behaviour; [last_*] echo the request's headers)

    static let answerSDP = """
        v=0
        o=device 1 1 IN IP4 127.0.0.1
        s=-
        c=IN IP4 127.0.0.1
        t=0 0
        m=audio [media_port] RTP/AVP 8 101
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=ptime:20
        """

    /// The answer SDP with its media on `port` (a test's own RTP socket) instead of sipp's.
    static func answerSDP(mediaPort port: Int) -> String {
        answerSDP.replacingOccurrences(of: "[media_port]", with: "\(port)")
    }

    /// Rings, answers with media at `port`, then waits for our BYE.
    static func answerWithMediaThenAwaitBye(port: Int) -> String {
        answerThenAwaitBye.replacingOccurrences(of: "[media_port]", with: "\(port)")
    }

    static func response(_ status: String, sdp: Bool = false, tag: Bool = true) -> String {
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
              \(sdp ? "Content-Type: application/sdp\n      " : "")Content-Length: [len]

        \(sdp ? answerSDP : "")
            ]]>
          </send>
        """
    }

    static func scenario(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="device">
        \(body)
        </scenario>
        """
    }

    static let ringing = """
          <recv request="INVITE" />
        \(response("180 Ringing"))
        """

    /// Rings, answers, then waits for our BYE.
    static let answerThenAwaitBye = scenario("""
        \(ringing)
          <pause milliseconds="300" />
        \(response("200 OK", sdp: true))
          <recv request="ACK" />
          <recv request="BYE" />
        \(response("200 OK"))
        """)

    /// Rings, answers, hangs up itself a second later (BYE to our Contact with the dialog's tags, 200 back).
    static let answerThenHangUp = scenario("""
          <recv request="INVITE" rrs="true" />
        \(response("180 Ringing"))
          <pause milliseconds="300" />
        \(response("200 OK", sdp: true))
          <recv request="ACK">
            <action>
              <ereg regexp=".*" search_in="hdr" header="From:" assign_to="from" />
              <ereg regexp=".*" search_in="hdr" header="To:" assign_to="to" />
            </action>
          </recv>
          <pause milliseconds="1000" />
          <send retrans="500">
            <![CDATA[
              BYE [next_url] SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
              From: [$to]
              To: [$from]
              [last_Call-ID:]
              CSeq: 1 BYE
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
          <recv response="200" />
        """)

    /// 486 Busy Here at once (RFC 3261 §21.4.24), then the ACK of the non-2xx final response.
    static let busy = scenario("""
          <recv request="INVITE" />
        \(response("486 Busy Here"))
          <recv request="ACK" />
        """)

    /// Rings until CANCELled with `reason` in its Reason header (RFC 3326): 200 to the CANCEL, 487 to the INVITE
    /// (its CSeq kept from the INVITE), then the ACK (RFC 3261 §9.2).
    static func ringUntilCancelled(reason: String) -> String {
        scenario("""
              <recv request="INVITE">
                <action>
                  <ereg regexp="[0-9]+" search_in="hdr" header="CSeq:" assign_to="cseq" />
                </action>
              </recv>
            \(response("180 Ringing"))
              <recv request="CANCEL">
                <action>
                  <ereg regexp="\(reason)" search_in="hdr" header="Reason:" check_it="true" assign_to="r" />
                </action>
              </recv>
              <Reference variables="r" />
            \(response("200 OK"))
              <send>
                <![CDATA[
                  SIP/2.0 487 Request Terminated
                  [last_Via:]
                  [last_From:]
                  [last_To:];tag=[pid]SIPpTag01[call_number]
                  [last_Call-ID:]
                  CSeq: [$cseq] INVITE
                  Content-Length: 0
                ]]>
              </send>
              <recv request="ACK" />
            """)
    }

    /// 100 only, 180 after 2.5 s (after the early ACM), then answers and waits for our BYE.
    static let slowRingThenAnswer = scenario("""
          <recv request="INVITE" />
        \(response("100 Trying", tag: false))
          <pause milliseconds="2500" />
        \(response("180 Ringing"))
          <pause milliseconds="300" />
        \(response("200 OK", sdp: true))
          <recv request="ACK" />
          <recv request="BYE" />
        \(response("200 OK"))
        """)
}

// MARK: - Race scenarios (ForkedCallRaceTests)

extension ForkDevice {
    /// An action writing `word` to the file `outcome` in sipp's directory (read with ``outcome(of:)``): which path the
    /// scenario took. Put on a `recv`: sipp matches a message that arrives while it sits on a `nop` against nothing.
    static func mark(_ word: String) -> String {
        """
            <action>
              <exec command="echo \(word) >> outcome" />
            </action>
        """
    }

    /// The paths a race scenario wrote with ``mark(_:)``, once it wrote where it ended (`answered`, `cancelled`):
    /// sipp's `exec` runs in a child it does not wait for, so this waits (bounded) for the file.
    static func outcome(of device: SIPpDevice) async -> [String] {
        let file = device.directory.appendingPathComponent("outcome")
        let end = ContinuousClock.now + .seconds(5)
        var lines: [String] = []
        while ContinuousClock.now < end {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            lines = text.split(whereSeparator: \.isNewline).map(String.init)
            if lines.last == "answered" || lines.last == "cancelled" { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return lines
    }

    /// The INVITE with its CSeq number kept (for a response to it sent after a CANCEL came in).
    static let inviteKeepingCSeq = """
          <recv request="INVITE">
            <action>
              <ereg regexp="[0-9]+" search_in="hdr" header="CSeq:" assign_to="cseq" />
            </action>
          </recv>
        """

    /// A final response to the INVITE sent right after a CANCEL was received (its Via, From, To and Call-ID are the
    /// INVITE's, RFC 3261 §9.1), with the INVITE's CSeq.
    static func inviteResponseAfterCancel(_ status: String, sdp: Bool) -> String {
        """
          <send>
            <![CDATA[
              SIP/2.0 \(status)
              [last_Via:]
              [last_From:]
              [last_To:];tag=[pid]SIPpTag01[call_number]
              [last_Call-ID:]
              CSeq: [$cseq] INVITE
              Contact: <sip:device@[local_ip]:[local_port]>
              \(sdp ? "Content-Type: application/sdp\n      " : "")Content-Length: [len]

        \(sdp ? answerSDP : "")
            ]]>
          </send>
        """
    }

    /// After our 2xx: the gateway's CANCEL may cross it (RFC 3261 §9.2: no effect on the INVITE); then the ACK of the
    /// 2xx (§13.2.2.4) and a BYE (§15), answered 200. Marks `answered` at the BYE. A crossing CANCEL is answered
    /// last: sipp takes an incoming message only at a `recv` step, and the gateway ACKs the 2xx (and BYEs) at once,
    /// so a 200 sent between the CANCEL and the ACK could find the ACK already there and sipp would abort the call.
    static let acknowledgedThenBye = """
          <recv request="CANCEL" optional="true" next="crossed">
            <action>
              <ereg regexp="SIP/2\\.0/[^[:cntrl:]]*" search_in="hdr" header="Via:" assign_to="cancelVia" />
            </action>
          </recv>
          <recv request="ACK" next="acked" />
          <label id="crossed" />
          <recv request="ACK" />
          <recv request="BYE">
        \(mark("answered"))
          </recv>
        \(response("200 OK"))
          <send next="end">
            <![CDATA[
              SIP/2.0 200 OK
              Via: [$cancelVia]
              [last_From:]
              [last_To:]
              [last_Call-ID:]
              CSeq: [$cseq] CANCEL
              Content-Length: 0

            ]]>
          </send>
          <label id="acked" />
          <recv request="BYE">
        \(mark("answered"))
          </recv>
        \(response("200 OK"))
          <label id="end" />
        """

    /// Rings and answers `milliseconds` after the INVITE, unless a CANCEL comes first: then 200 to the CANCEL, 487 to
    /// the INVITE and its ACK (RFC 3261 §9.2), marked `cancelled`. Once answered: ``acknowledgedThenBye``.
    static func answerUnlessCancelled(afterMilliseconds milliseconds: Int) -> String {
        scenario("""
            \(inviteKeepingCSeq)
            \(response("180 Ringing"))
              <recv request="CANCEL" timeout="\(milliseconds)" ontimeout="answer" />
            \(response("200 OK"))
            \(inviteResponseAfterCancel("487 Request Terminated", sdp: false))
              <recv request="ACK" next="done">
            \(mark("cancelled"))
              </recv>
              <label id="answer" />
            \(response("200 OK", sdp: true))
            \(acknowledgedThenBye)
              <label id="done" />
            """)
    }

    /// Rings and answers `milliseconds` after the INVITE (nil: never by itself). A CANCEL that comes first is taken as
    /// having crossed the answer (marked `crossed`): the CANCEL's 200 goes, then the INVITE's 2xx — what the gateway
    /// sees when a device answers as it is cancelled (RFC 3261 §9.2: the CANCEL has no effect on an answered INVITE).
    /// The 2xx is the last thing sent before the ACK is awaited: sipp takes an incoming message only at a `recv`
    /// step, and the gateway ACKs a 2xx at once — with the 2xx first, its ACK could come while sipp was still to send
    /// the CANCEL's 200, and sipp aborts the call ("unexpected message while sending"). Either way
    /// ``acknowledgedThenBye``.
    static func answerCrossingCancel(afterMilliseconds milliseconds: Int?) -> String {
        let timeout = milliseconds.map { " timeout=\"\($0)\" ontimeout=\"answer\"" } ?? ""
        return scenario("""
            \(inviteKeepingCSeq)
            \(response("180 Ringing"))
              <recv request="CANCEL"\(timeout)>
            \(mark("crossed"))
              </recv>
            \(response("200 OK"))
            \(inviteResponseAfterCancel("200 OK", sdp: true))
              <recv request="ACK" next="acked" />
              <label id="answer" />
            \(response("200 OK", sdp: true))
            \(acknowledgedThenBye)
            """)
    }
}
