/// sipp UAS scenarios for the forking tests. `[pid]SIPpTag01[call_number]` is the device's To tag.
enum SIPpScenarios {
    static let sdp = """
        v=0
        o=sipp 53655765 2353687637 IN IP4 [local_ip]
        s=-
        c=IN IP4 [local_ip]
        t=0 0
        m=audio [media_port] RTP/AVP 8 101
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        """

    /// A response to the last request, with the device's To tag and Contact.
    static func response(_ status: String, extra: [String] = [], body: String? = nil) -> String {
        var lines =
            [
                "SIP/2.0 \(status)", "[last_Via:]", "[last_From:]", "[last_To:];tag=[pid]SIPpTag01[call_number]",
                "[last_Call-ID:]", "[last_CSeq:]", "Contact: <sip:sipp@[local_ip]:[local_port]>",
            ] + extra
        if let body {
            lines += ["Content-Type: application/sdp", "Content-Length: [len]", ""]
            lines += body.split(separator: "\n").map(String.init)
        } else {
            lines += ["Content-Length: 0", ""]
        }
        // RFC 3261 §13.3.1.4: the UAS retransmits its 2xx until the ACK comes.
        let retransmit = status.hasPrefix("2") ? " retrans=\"500\"" : ""
        return "  <send\(retransmit)>\n    <![CDATA[\n" + lines.joined(separator: "\n") + "\n    ]]>\n  </send>"
    }

    static let receiveInvite = """
          <recv request="INVITE" />
        """

    /// Keeps the INVITE's CSeq number for the 487 sent after the CANCEL.
    static let receiveInviteKeepingCSeq = """
          <recv request="INVITE">
            <action>
              <ereg regexp="[0-9]+" search_in="hdr" header="CSeq:" assign_to="cseq" />
            </action>
          </recv>
        """

    /// Answers 200 for a BYE that must carry `reason` in its Reason header.
    static func receiveBYE(reason: String?) -> String {
        let check =
            reason.map {
                "<action><ereg regexp=\"\($0)\" search_in=\"hdr\" header=\"Reason:\" check_it=\"true\""
                    + " assign_to=\"r\" /></action>"
            } ?? ""
        return """
              <recv request="BYE">\(check)</recv>
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
    }

    /// Rings, answers after `ringMilliseconds` (0: answers at once, without 180), then waits for ACK and BYE.
    static func answering(ringMilliseconds: Int, byeReason: String?) -> String {
        let ring =
            ringMilliseconds > 0 ? response("180 Ringing") + "\n<pause milliseconds=\"\(ringMilliseconds)\"/>" : ""
        return wrap(
            """
            \(receiveInvite)
            \(ring)
            \(response("200 OK", body: sdp))
              <recv request="ACK" />
            \(receiveBYE(reason: byeReason))
            """)
    }

    /// Rings (reliably with RFC 3262 100rel when `reliable`) until a CANCEL carrying `cancelReason` arrives; answers
    /// it 200 and the INVITE 487, then takes the ACK.
    static func ringing(cancelReason: String, reliable: Bool = false) -> String {
        let prack =
            reliable
            ? """
              <recv request="PRACK">
                <action>
                  <ereg regexp="1 [0-9]+ INVITE" search_in="hdr" header="RAck:" check_it="true" assign_to="rack" />
                </action>
              </recv>
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
            """ : ""
        return wrap(
            """
            \(receiveInviteKeepingCSeq)
            \(response("180 Ringing", extra: reliable ? ["Require: 100rel", "RSeq: 1"] : []))
            \(prack)
              <recv request="CANCEL">
                <action>
                  <ereg regexp="\(cancelReason)" search_in="hdr" header="Reason:" check_it="true" assign_to="r" />
                </action>
              </recv>
              <send>
                <![CDATA[
                  SIP/2.0 200 OK
                  [last_Via:]
                  [last_From:]
                  [last_To:];tag=[pid]SIPpTag01[call_number]
                  [last_Call-ID:]
                  [last_CSeq:]
                  Content-Length: 0
                ]]>
              </send>
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

    /// Rejects at once with `status` (e.g. "486 Busy Here") and takes the ACK (RFC 3261 §17.1.1.3).
    static func rejecting(_ status: String) -> String {
        wrap(
            """
            \(receiveInvite)
            \(response(status))
              <recv request="ACK" />
            """)
    }

    /// sipp refuses a scenario whose variables are set but never read; the check-only ones are declared used.
    static func referenced(in body: String) -> String {
        let names = ["r", "rack"].filter { body.contains("assign_to=\"\($0)\"") }
        return names.isEmpty ? "" : "  <Reference variables=\"\(names.joined(separator: ","))\" />"
    }

    static func wrap(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="device">
        \(body)
        \(referenced(in: body))
        </scenario>
        """
    }
}
