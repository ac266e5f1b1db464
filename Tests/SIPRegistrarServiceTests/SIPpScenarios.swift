/// sipp scenarios for the registrar (sipp's `[authentication]` answers a 401 with MD5 digest from `-au`/`-ap`).
enum SIPpScenarios {
    private static func register(cseq: Int, expires: Int, authenticated: Bool) -> String {
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
              Expires: \(expires)
              Max-Forwards: 70
              \(authenticated ? "[authentication]" : "")
              Content-Length: 0

            ]]>
          </send>
        """
    }

    private static func registerWithDigest(cseq: Int, expires: Int) -> String {
        register(cseq: cseq, expires: expires, authenticated: false)
            + "\n  <recv response=\"401\" auth=\"true\" />\n"
            + register(cseq: cseq + 1, expires: expires, authenticated: true)
            + "\n  <recv response=\"200\" />\n"
    }

    /// RFC 3261 §10.2: register with digest, refresh, unregister (Expires: 0).
    static let lifecycle = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="register-refresh-unregister">
        \(registerWithDigest(cseq: 1, expires: 120))
        \(registerWithDigest(cseq: 3, expires: 120))
        \(registerWithDigest(cseq: 5, expires: 0))
        </scenario>
        """

    /// Registers, then stays silent: it never answers the registrar's OPTIONS keepalives (a sipp UAC drops
    /// requests whose Call-ID is not one of its calls).
    static let silent = """
        <?xml version="1.0" encoding="ISO-8859-1" ?>
        <scenario name="register-then-silent">
        \(registerWithDigest(cseq: 1, expires: 300))
          <pause milliseconds="20000" />
        </scenario>
        """
}
