/// Messages written for these tests (not copied from anywhere): each exercises grammar corners that RFC 3261 §7, §20
/// and §25 allow and that real user agents send.
enum SIPTestMessages {
    /// Joins lines with CRLF and ends the header section with an empty line.
    static func message(_ lines: [String], body: String = "") -> [UInt8] {
        Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
    }

    static let sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"

    /// An INVITE with compact forms, folding, odd whitespace, several Via values on one row, escapes, IPv6, and
    /// unknown headers.
    static let tortuousInvite = message(
        [
            "INVITE sip:%2B4477009001@[2001:db8::10]:5060;user=phone;transport=tcp SIP/2.0",
            "v:  SIP/2.0/TCP [2001:db8::1]:5062 ;branch=z9hG4bK-a1 ; rport,",
            "    SIP / 2.0 / UDP proxy.example.net;branch=z9hG4bK-b2;received=192.0.2.7",
            "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK-c3",
            "TO :",
            "  \"Bob \\\"The\\\" Subscriber\"  <sip:+4477009001@example.net;user=phone>",
            "f: Alice <sip:alice@example.com>;tag=1928301774",
            "i: a84b4c76e66710@pc33.example.com",
            "CSeq:   314159   INVITE",
            "Max-Forwards: 70",
            "m: <sip:alice@[2001:db8::1]:5062;transport=tcp>;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\";reg-id=1,",
            "   sip:alice2@192.0.2.1;expires=30",
            "Supported: 100rel,timer , replaces",
            "X-Unknown-Header: some ; thing , \"with, commas\"",
            "Diversion: <tel:+4477009001>;reason=unavailable;counter=1",
            "c: application/sdp",
            "l: \(sdp.utf8.count)",
        ], body: sdp)

    static func request(
        method: String = "OPTIONS", uri: String = "sip:gw.example.net", cseq: String? = nil,
        extra: [String] = [], drop: Set<String> = [], body: String = ""
    ) -> [UInt8] {
        var lines = ["\(method) \(uri) SIP/2.0"]
        let base: [(String, String)] = [
            ("Via", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds"),
            ("To", "<sip:gw.example.net>"),
            ("From", "<sip:alice@example.com>;tag=88sja8x"),
            ("Call-ID", "843817637684230@998sdasdh09"),
            ("CSeq", cseq ?? "1 \(method)"),
            ("Max-Forwards", "70"),
        ]
        for (name, value) in base where !drop.contains(name) { lines.append("\(name): \(value)") }
        lines += extra
        if !drop.contains("Content-Length") { lines.append("Content-Length: \(body.utf8.count)") }
        return message(lines, body: body)
    }

    static let ringing = message([
        "SIP/2.0 180 Ringing",
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;received=192.0.2.1;rport=5070",
        "To: <sip:+4477009001@example.net>;tag=a6c85cf",
        "From: <sip:alice@example.com>;tag=1928301774",
        "Call-ID: a84b4c76e66710",
        "CSeq: 314159 INVITE",
        "Contact: <sip:dev1@198.51.100.4:40000;transport=udp>",
        "Content-Length: 0",
    ])
}
