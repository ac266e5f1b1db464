import SIPForking
import SIPWire
import Testing

@Suite("Identity headers (RFC 3323, 3325, 7044, 4458, 5806)")
struct SIPCallingIdentityTests {
    let forwarded = SIPCallingIdentity(
        callingNumber: "31201234567", presentation: .allowed, originalCalledNumber: "+31612345678",
        calledNumber: "31208000000", redirectionReason: .mobileSubscriberNotReachable, redirectionCounter: 1)

    func value(_ fields: [SIPHeaders.Field], _ name: String) -> String? { fields.first { $0.name == name }?.value }

    @Test("From = the calling party as sip:+E164@domain;user=phone; To = the unreachable number that was called")
    func fromAndTo() {
        #expect(forwarded.from(domain: "gw.example").description == "<sip:+31201234567@gw.example;user=phone>")
        #expect(forwarded.to(domain: "gw.example").description == "<sip:+31612345678@gw.example;user=phone>")
        let headers = forwarded.headers(domain: "gw.example")
        #expect(value(headers, "P-Asserted-Identity") == "<sip:+31201234567@gw.example;user=phone>")
        #expect(value(headers, "Privacy") == nil)
    }

    @Test("RFC 3323 §4.1.1.3 + RFC 3325 §9.3: presentation restricted → anonymous From, PAI and Privacy: id")
    func restricted() throws {
        var identity = forwarded
        identity.presentation = .restricted
        let from = identity.from(domain: "gw.example")
        #expect(from.description == "\"Anonymous\" <sip:anonymous@anonymous.invalid>")
        let headers = identity.headers(domain: "gw.example")
        #expect(value(headers, "P-Asserted-Identity") == "<sip:+31201234567@gw.example;user=phone>")
        #expect(value(headers, "Privacy") == "id")
        // What we write is what a SIP parser reads back.
        #expect(SIPAddress(from.description)?.uri.host == "anonymous.invalid")
    }

    @Test("No calling number: anonymous From, no PAI")
    func unavailable() {
        let identity = SIPCallingIdentity(
            callingNumber: nil, presentation: .unavailable, originalCalledNumber: "1",
            calledNumber: "2")
        #expect(identity.from(domain: "d") == SIPCallingIdentity.anonymous)
        #expect(value(identity.headers(domain: "d"), "P-Asserted-Identity") == nil)
    }

    @Test("RFC 7044 History-Info with the RFC 4458 cause; RFC 5806 Diversion with reason and counter")
    func historyAndDiversion() throws {
        let headers = forwarded.headers(domain: "gw.example")
        let history = try #require(value(headers, "History-Info"))
        #expect(
            history == "<sip:+31612345678@gw.example;user=phone?Reason=SIP%3Bcause%3D503>;index=1, "
                + "<sip:+31208000000@gw.example;user=phone;cause=503>;index=1.1;mp=1")
        #expect(value(headers, "Diversion") == "<sip:+31612345678@gw.example;user=phone>;reason=unavailable;counter=1")
        // Each entry parses as a name-addr whose target URI carries the cause (RFC 4458 §3).
        var parsed = SIPHeaders()
        parsed.add("History-Info", history)
        let entries = try parsed.addresses("history-info")
        #expect(entries.count == 2)
        #expect(entries[1].uri.parameters.value("cause") == "503")
        #expect(entries[0].uri.headers.first?.value == "SIP;cause=503")
    }

    @Test(
        "Q.763 §3.45 redirecting reasons → RFC 4458 cause and RFC 5806 reason",
        arguments: [
            (SIPCallingIdentity.RedirectionReason.unconditional, 302, "unconditional"),
            (.userBusy, 486, "user-busy"),
            (.noReply, 408, "no-answer"),
            (.unknown, 404, "unknown"),
            (.deflectionDuringAlerting, 487, "deflection"),
            (.deflectionImmediateResponse, 480, "deflection"),
            (.mobileSubscriberNotReachable, 503, "unavailable"),
        ])
    func reasons(reason: SIPCallingIdentity.RedirectionReason, cause: Int, diversion: String) {
        #expect(reason.historyInfoCause == cause)
        #expect(reason.diversionReason == diversion)
    }

    @Test("Two diversions: the redirecting number in between, Diversion newest first with the counter")
    func twoDiversions() throws {
        let identity = SIPCallingIdentity(
            callingNumber: "1", originalCalledNumber: "31611111111", redirectingNumber: "31622222222",
            calledNumber: "31208000000", redirectionReason: .noReply, redirectionCounter: 2)
        let headers = identity.headers(domain: "d")
        let history = try #require(value(headers, "History-Info"))
        #expect(history.split(separator: ", ").count == 3)
        #expect(history.hasSuffix("<sip:+31208000000@d;user=phone;cause=408>;index=1.1.1;mp=1.1"))
        #expect(
            value(headers, "Diversion") == "<sip:+31622222222@d;user=phone>;reason=no-answer;counter=2, "
                + "<sip:+31611111111@d;user=phone>;reason=unknown;counter=1")
        #expect(identity.to(domain: "d").uri.user == "+31611111111")
    }

    @Test("The forking leg's INVITEs carry the identity")
    func inInvite() throws {
        var leg = Script.leg()
        let invite = try #require(Script.invites(leg.start(contacts: [Script.contact(1)]))[SIPForkID(0)])
        #expect(try invite.headers.from().uri.user == "+31201234567")
        #expect(try invite.headers.to().uri.user == "+31612345678")
        #expect(invite.headers["history-info"] != nil)
        #expect(invite.headers["diversion"] != nil)
        #expect(invite.headers["p-asserted-identity"] != nil)
    }
}
