/// sipp scenarios for the edge tests: the main one registers (MD5 digest from `-au`/`-ap`) and stays; the
/// out-of-call ones (`-oocsf`) play the device towards requests the edge sends it.
public enum EdgeScenarios {
    private static func register(cseq: Int, authenticated: Bool) -> String {
        """
          <send retrans="500">
            <![CDATA[
              REGISTER sip:reroute.test SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
              From: <sip:[service]@reroute.test>;tag=[pid]SIPpTag00[call_number]
              To: <sip:[service]@reroute.test>
              Call-ID: [call_id]
              CSeq: \(cseq) REGISTER
              Contact: <sip:[service]@[local_ip]:[local_port];transport=[transport]>
              Expires: 300
              Max-Forwards: 70
              \(authenticated ? "[authentication]" : "")
              Content-Length: 0

            ]]>
          </send>
        """
    }

    /// RFC 3261 §10.2 with RFC 7616 digest, then silence for `milliseconds` while out-of-call requests are played.
    public static func registerAndStay(milliseconds: Int) -> String {
        """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="register-and-stay">
        \(register(cseq: 1, authenticated: false))
          <recv response="401" auth="true" />
        \(register(cseq: 2, authenticated: true))
          <recv response="200" />
          <pause milliseconds="\(milliseconds)" />
        </scenario>
        """
    }

    public static let sdp = """
        v=0
        o=sipp 53655765 2353687637 IN IP4 [local_ip]
        s=-
        c=IN IP4 [local_ip]
        t=0 0
        m=audio [media_port] RTP/AVP 8 101
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        """

    public static func response(_ status: String, body: String? = nil, toTag: Bool = true, next: String? = nil) -> String {
        var lines = [
            "SIP/2.0 \(status)", "[last_Via:]", "[last_From:]",
            toTag ? "[last_To:];tag=[pid]SIPpTag01[call_number]" : "[last_To:]", "[last_Call-ID:]", "[last_CSeq:]",
            "Contact: <sip:sipp@[local_ip]:[local_port]>",
        ]
        if let body {
            lines += ["Content-Type: application/sdp", "Content-Length: [len]", ""]
            lines += body.split(separator: "\n").map(String.init)
        } else {
            lines += ["Content-Length: 0", ""]
        }
        let retransmit = status.hasPrefix("2") && body != nil ? " retrans=\"500\"" : ""
        let jump = next.map { " next=\"\($0)\"" } ?? ""
        return "  <send\(retransmit)\(jump)>\n    <![CDATA[\n" + lines.joined(separator: "\n") + "\n    ]]>\n  </send>"
    }

    public static func wrap(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="device">
        \(body)
        </scenario>
        """
    }

    /// Rings, answers after `ringMilliseconds`, takes the ACK and our BYE (RFC 3261 §15.1.2: 200 to BYE).
    /// A MESSAGE (RFC 3428 §7) is answered 200 instead.
    public static func answering(ringMilliseconds: Int) -> String {
        wrap(
            """
              <recv request="MESSAGE" optional="true" next="1" />
              <recv request="INVITE" />
            \(response("180 Ringing"))
              <pause milliseconds="\(ringMilliseconds)" />
            \(response("200 OK", body: sdp))
              <recv request="ACK" />
              <recv request="BYE" />
            \(response("200 OK", toTag: false, next: "2"))
              <label id="1" />
            \(response("200 OK"))
              <label id="2" />
            """)
    }

    /// Rings until the CANCEL (RFC 3261 §9.2: 200 to the CANCEL, 487 to the INVITE), which must carry `cancelReason`
    /// (RFC 3326), then takes the ACK for the 487.
    public static func ringing(cancelReason: String) -> String {
        wrap(
            """
              <recv request="INVITE">
                <action>
                  <ereg regexp="[0-9]+" search_in="hdr" header="CSeq:" assign_to="cseq" />
                </action>
              </recv>
            \(response("180 Ringing"))
              <recv request="CANCEL">
                <action>
                  <ereg regexp="\(cancelReason)" search_in="hdr" header="Reason:" check_it="true" assign_to="r" />
                </action>
              </recv>
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
              <Reference variables="r" />
            """)
    }

    /// RFC 3428 §7: takes a MESSAGE and answers 200.
    public static let message = wrap(
        """
          <recv request="MESSAGE" />
        \(response("200 OK"))
        """)

    private static func request(_ method: String, cseq: Int, branch: String = "[branch]") -> String {
        """
          <send>
            <![CDATA[
              \(method) sip:+31612345678@reroute.test SIP/2.0
              Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=\(branch);rport
              From: <sip:alice@reroute.test>;tag=[pid]SIPpTag00[call_number]
              To: <sip:+31612345678@reroute.test>
              Call-ID: [call_id]
              CSeq: \(cseq) \(method)
              Contact: <sip:alice@[local_ip]:[local_port]>
              Max-Forwards: 70
              Content-Length: 0

            ]]>
          </send>
        """
    }

    /// A client calling out through the edge (issue 5 item 7: 403 and the ACK for it, RFC 3261 §17.1.1.3, with the
    /// INVITE's branch), then OPTIONS (§11.2: 200 with Allow naming INVITE and REGISTER), an unknown method (§21.5.2:
    /// 501) and SUBSCRIBE (§8.2.1: 405 with Allow).
    public static let client = wrap(
        """
        \(request("INVITE", cseq: 1))
          <recv response="100" optional="true" />
          <recv response="403" />
        \(request("ACK", cseq: 1, branch: "[branch-3]"))
        \(request("OPTIONS", cseq: 2))
          <recv response="200">
            <action>
              <ereg regexp="INVITE.*REGISTER" search_in="hdr" header="Allow:" check_it="true" assign_to="allow" />
            </action>
          </recv>
        \(request("FROBNICATE", cseq: 3))
          <recv response="501" />
        \(request("SUBSCRIBE", cseq: 4))
          <recv response="405">
            <action>
              <ereg regexp="REGISTER" search_in="hdr" header="Allow:" check_it="true" assign_to="allow405" />
            </action>
          </recv>
          <Reference variables="allow,allow405" />
        """)
}
