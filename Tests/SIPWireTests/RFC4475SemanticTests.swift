import Foundation
import SIPWire
import Testing

/// RFC 4475 §3.3 (application-layer semantics) and §3.4 (backward compatibility), as far as the parser is concerned:
/// these messages are well formed, and the decision belongs to the layer above. The registrar's answers are tested in
/// `SIPRegistrarServiceTests/RFC4475RegistrarTests`; docs/sip.md says which layer answers each one.
@Suite("RFC 4475 §3.3, §3.4 torture messages at the parser")
struct RFC4475SemanticTests {
    @Test("RFC 4475 §3.3.1 insuf: no From, To or Call-ID → 400, still answered from Via and CSeq")
    func insuf() throws {
        let error = try RFC4475.error("insuf")
        #expect(error.kind == .missingHeader)
        #expect(error.status == .badRequest)
        let response = try #require(error.errorResponse())
        #expect(response.status == .badRequest)
        #expect(response.reason.contains("missing"))
        #expect(try response.headers.topVia().branch == "z9hG4bKkdj.insuf")
        #expect(try response.headers.cseq() == SIPCSeq(sequence: 193942, method: .invite))
    }

    @Test("RFC 4475 §3.3.2 unkscm: an unknown Request-URI scheme parses (kept opaque); 416 is the UAS's call")
    func unkscm() throws {
        let request = try RFC4475.request("unkscm")
        #expect(request.uri.scheme == "nobodyknowsthisscheme")
        #expect(request.uri.opaque == "totallyopaquecontent")
        #expect(!request.uri.isSIP)
        #expect(try RFC4475.roundTrips(.request(request)))
    }

    @Test("RFC 4475 §3.3.3 novelsc: a known but atypical scheme parses (kept opaque)")
    func novelsc() throws {
        let request = try RFC4475.request("novelsc")
        #expect(request.uri.scheme == "soap.beep")
        #expect(request.uri.opaque == "//192.0.2.103:3002")
    }

    @Test("RFC 4475 §3.3.4 unksm2: unknown schemes in To, From and Contact parse")
    func unksm2() throws {
        let request = try RFC4475.request("unksm2")
        #expect(try request.headers.to().uri.scheme == "isbn")
        #expect(try request.headers.from().uri.scheme == "http")
        guard case .addresses(let contacts) = try request.headers.contacts() else {
            Issue.record("Contact is not an address")
            return
        }
        #expect(contacts.first?.uri.scheme == "name")
    }

    @Test("RFC 4475 §3.3.5 bext01: Require and Proxy-Require option tags are read")
    func bext01() throws {
        let request = try RFC4475.request("bext01")
        #expect(try request.headers.optionTags("require") == ["nothingSupportsThis", "nothingSupportsThisEither"])
        #expect(try request.headers.optionTags("proxy-require")
            == ["noProxiesSupportThis", "norDoAnyProxiesSupportThis"])
    }

    @Test("RFC 4475 §3.3.6 invut: an unknown Content-Type parses with its body")
    func invut() throws {
        let request = try RFC4475.request("invut")
        #expect(request.headers["content-type"] == "application/unknownformat")
        #expect(request.body.count == 40)
    }

    @Test("RFC 4475 §3.3.7 regaut01: an unknown authorization scheme parses as a header")
    func regaut01() throws {
        let request = try RFC4475.request("regaut01")
        #expect(request.headers["authorization"] == "NoOneKnowsThisScheme opaque-data=here")
        #expect(try request.headers.contentLength() == 0)
    }

    @Test("RFC 4475 §3.3.8 multi01: two CSeq, Call-ID, To, From and Max-Forwards → 400 naming a duplicate")
    func multi01() throws {
        let error = try RFC4475.error("multi01")
        #expect(error.kind == .duplicateHeader)
        let response = try #require(error.errorResponse())
        #expect(response.status == .badRequest)
        #expect(response.reason.contains("appears 2 times"))
    }

    @Test("RFC 4475 §3.3.9 mcl01: two Content-Length values → 400")
    func mcl01() throws {
        let error = try RFC4475.error("mcl01")
        #expect(error.header == "content-length")
        #expect(error.kind == .duplicateHeader)
        #expect(error.errorResponse()?.status == .badRequest)
    }

    @Test("RFC 4475 §3.3.10 bcast: a response with a broadcast Via parses; discarding it is the transport's job")
    func bcast() throws {
        let response = try RFC4475.response("bcast")
        #expect(try response.headers.vias().map(\.host) == ["192.0.2.198", "255.255.255.255"])
    }

    @Test("RFC 4475 §3.3.11 zeromf: Max-Forwards 0 parses (a UAS answers OPTIONS; only a proxy says 483)")
    func zeromf() throws {
        let request = try RFC4475.request("zeromf")
        #expect(try request.headers.maxForwards() == 0)
    }

    @Test("RFC 4475 §3.3.12 cparam01: without <>, ;unknownparam is a Contact header parameter")
    func cparam01() throws {
        let request = try RFC4475.request("cparam01")
        guard case .addresses(let contacts) = try request.headers.contacts() else {
            Issue.record("Contact is not an address")
            return
        }
        #expect(contacts[0].uri.user == "+19725552222")
        #expect(contacts[0].uri.parameters.isEmpty)
        #expect(contacts[0].parameters["unknownparam"] == .some(nil))
    }

    @Test("RFC 4475 §3.3.13 cparam02: inside <>, ;unknownparam is a URI parameter")
    func cparam02() throws {
        let request = try RFC4475.request("cparam02")
        guard case .addresses(let contacts) = try request.headers.contacts() else {
            Issue.record("Contact is not an address")
            return
        }
        #expect(contacts[0].uri.parameters["unknownparam"] == .some(nil))
        #expect(contacts[0].parameters.isEmpty)
    }

    @Test("RFC 4475 §3.3.14 regescrt: an escaped Route header inside the Contact URI is kept, unescaped once")
    func regescrt() throws {
        let request = try RFC4475.request("regescrt")
        guard case .addresses(let contacts) = try request.headers.contacts() else {
            Issue.record("Contact is not an address")
            return
        }
        #expect(contacts[0].uri.headers == [SIPURI.Header(name: "Route", value: "<sip:sip.example.com>")])
        // And it is escaped again on the way out.
        #expect(contacts[0].uri.description == "sip:user@example.com?Route=%3Csip:sip.example.com%3E")
    }

    @Test("RFC 4475 §3.3.15 sdp01: Accept naming only an unknown type parses; 406 is the UAS's call")
    func sdp01() throws {
        let request = try RFC4475.request("sdp01")
        #expect(request.headers.values("accept") == ["text/nobodyKnowsThis"])
    }

    @Test("RFC 4475 §3.4.1 inv2543: RFC 2543 syntax (no branch, no Max-Forwards, no Content-Length) parses")
    func inv2543() throws {
        let request = try RFC4475.request("inv2543")
        let via = try request.headers.topVia()
        #expect(via.branch == nil)
        #expect(!via.hasRFC3261Branch)
        #expect(try request.headers.maxForwards() == nil)
        #expect(try request.headers.contentLength() == nil)
        // On a datagram, the body is everything after the empty line.
        #expect(request.body.count == 105)
        // Without <>, user=phone is a header parameter of To, not a URI parameter.
        let to = try request.headers.to()
        #expect(to.parameters.value("user") == "phone")
        #expect(to.uri.parameters.isEmpty)
        #expect(try request.headers.from().uri.parameters.value("user") == "phone")
    }
}
