import SIPWire
import Testing

@Suite("SIP URIs (RFC 3261 §19.1, §25.1)")
struct SIPURITests {
    @Test(
        "RFC 3261 §19.1.1: valid URIs parse and print back to an equivalent URI",
        arguments: [
            "sip:alice@atlanta.com",
            "sip:alice:secretword@atlanta.com;transport=tcp",
            "sips:alice@atlanta.com?subject=project%20x&priority=urgent",
            "sip:+1-212-555-1212:1234@gateway.com;user=phone",
            "sips:1212@gateway.com",
            "sip:alice@192.0.2.4",
            "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com",
            "sip:alice;day=tuesday@atlanta.com",
            "sip:[2001:db8::10]:5070;transport=tls;lr",
            "sip:user%00null@example.com",
            "tel:+358-555-1234567;postd=pp22",
            "urn:service:sos",
        ])
    func validURIs(text: String) throws {
        let uri = try #require(SIPURI(text))
        let again = try #require(SIPURI(uri.description))
        #expect(again == uri)
    }

    @Test("RFC 3261 §19.1.2: escaped characters in the user part are the same as unescaped ones")
    func escaping() throws {
        let escaped = try #require(SIPURI("sip:%61lice@atlanta.com"))
        let plain = try #require(SIPURI("sip:alice@atlanta.com"))
        #expect(escaped.user == plain.user)
        // A space must be escaped when printed.
        let spaced = SIPURI(user: "a b", host: "example.com")
        #expect(spaced.description == "sip:a%20b@example.com")
        #expect(SIPURI(spaced.description)?.user == "a b")
        #expect(try #require(SIPURI("sip:user%00null@example.com")).user == "user\u{0}null")
    }

    @Test("RFC 3261 §19.1.1: the parts of a full URI")
    func parts() throws {
        let uri = try #require(SIPURI("sip:alice:secretword@atlanta.com:5061;transport=TCP;lr?subject=hi"))
        #expect(uri.scheme == "sip")
        #expect(uri.user == "alice")
        #expect(uri.password == "secretword")
        #expect(uri.host == "atlanta.com")
        #expect(uri.port == 5061)
        #expect(uri.transport == "tcp")
        #expect(uri.parameters.contains("lr"))
        #expect(uri.headers == [SIPURI.Header(name: "subject", value: "hi")])
    }

    @Test(
        "RFC 3261 §25.1: malformed URIs are rejected",
        arguments: [
            "alice@atlanta.com",  // no scheme
            "sip:",  // no host
            "sip:alice@",  // no host after @
            "sip:alice@atlanta.com:99999",  // port out of range
            "sip:alice@atlanta.com:",  // empty port
            "sip:alice@[2001:db8::1",  // unclosed IPv6 reference
            "sip:al ice@atlanta.com",  // space
            "sip:alice@atlanta.com;=x",  // parameter without a name
            "sip:alice@-atlanta.com",  // host starting with a hyphen
            "sip:%zz@atlanta.com",  // bad escape
            "sip:alice@atlanta.com?subject",  // header without a value
            "1sip:alice@atlanta.com",  // scheme starting with a digit
        ])
    func invalidURIs(text: String) {
        #expect(SIPURI(text) == nil)
    }
}
