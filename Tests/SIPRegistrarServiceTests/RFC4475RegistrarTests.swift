import Crypto
import Foundation
import NIOCore
import SIPRegistrar
import SIPTransactions
import SIPWire
import Testing

/// RFC 4475 §3.3: well-formed messages whose answer is the application's. The registrar is the UAS behind the SIP
/// port, so these are its answers (docs/sip.md, "RFC 4475", says which layer answers the others).
@Suite("RFC 4475 §3.3 at the registrar")
struct RFC4475RegistrarTests {
    static let fixtures: URL = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        url.deleteLastPathComponent()
        return url.appendingPathComponent("SIPWireTests/RFC4475")
    }()

    static let flow = SIPRegistrarFlow(source: SIPTransportAddress(transport: "UDP", host: "192.0.2.9", port: 5060))
    static let now = NIODeadline.uptimeNanoseconds(1_000_000_000_000)

    static func request(_ name: String) throws -> SIPRequest {
        let bytes = Array(try Data(contentsOf: fixtures.appendingPathComponent(name + ".dat")))
        guard case .request(let request) = try SIPMessage(datagram: bytes) else {
            throw RFC4475RegistrarFailure(reason: "\(name) is not a request")
        }
        return request
    }

    static func registrar(algorithms: [DigestAlgorithm] = [.sha256, .md5]) -> SIPRegistrar {
        SIPRegistrar(
            configuration: SIPRegistrarConfiguration(realm: "example.com", algorithms: algorithms),
            secret: (0..<32).map { UInt8($0) }, seed: 4475)
    }

    /// The immediate answer of `receive`.
    static func answer(_ name: String, registrar: inout SIPRegistrar) throws -> SIPResponse {
        guard case .respond(let response?) = registrar.receive(try request(name), from: flow, now: now) else {
            throw RFC4475RegistrarFailure(reason: "\(name) was not answered at once")
        }
        return response
    }

    @Test("RFC 4475 §3.3.2 unkscm: an unknown Request-URI scheme is answered 416 (RFC 3261 §8.2.2.1)")
    func unkscm() throws {
        var registrar = Self.registrar()
        let response = try Self.answer("unkscm", registrar: &registrar)
        #expect(response.status == .unsupportedURIScheme)
        #expect(response.reason.contains("nobodyknowsthisscheme"))
    }

    @Test("RFC 4475 §3.3.3 novelsc: a known but unsupported scheme (soap.beep) is answered 416")
    func novelsc() throws {
        var registrar = Self.registrar()
        #expect(try Self.answer("novelsc", registrar: &registrar).status == .unsupportedURIScheme)
    }

    @Test("RFC 4475 §3.3.5 bext01: unknown Require tags → 420 listing them in Unsupported; Proxy-Require is ignored")
    func bext01() throws {
        var registrar = Self.registrar()
        let response = try Self.answer("bext01", registrar: &registrar)
        #expect(response.status == .badExtension)
        #expect(try response.headers.optionTags("unsupported") == ["nothingSupportsThis", "nothingSupportsThisEither"])
    }

    @Test("RFC 4475 §3.3.11 zeromf: OPTIONS with Max-Forwards 0 reaches the UAS, which answers 200 (no 483)")
    func zeromf() throws {
        var registrar = Self.registrar()
        let response = try Self.answer("zeromf", registrar: &registrar)
        #expect(response.status == .ok)
        #expect(response.headers["allow"] != nil)
    }

    @Test(
        "RFC 4475 §3.3.6 invut, §3.3.15 sdp01: INVITEs from clients are refused 403 before their body or Accept",
        arguments: ["invut", "sdp01"])
    func invitesRefused(name: String) throws {
        // Issue 5 item 7: no calls from clients through the gateway. RFC 3261 §8.2 lets authorization policy come
        // before content processing (415, §8.2.3) and Accept (406); with allowClientInvite the call side decides.
        var registrar = Self.registrar()
        #expect(try Self.answer(name, registrar: &registrar).status == .forbidden)
    }

    @Test("RFC 4475 §3.3.7 regaut01: an unknown Authorization scheme is ignored and challenged (401)")
    func regaut01() throws {
        var registrar = Self.registrar()
        let response = try Self.answer("regaut01", registrar: &registrar)
        #expect(response.status == .unauthorized)
        let challenges = try response.headers.authentications("www-authenticate")
        #expect(challenges.map { $0["algorithm"] } == ["SHA-256", "MD5"])
    }

    @Test("RFC 4475 §3.3.4 unksm2: a REGISTER for an isbn: AOR is challenged first (RFC 3261 §10.3 step 3 before 5)")
    func unksm2() throws {
        var registrar = Self.registrar()
        #expect(try Self.answer("unksm2", registrar: &registrar).status == .unauthorized)
    }

    @Test("RFC 4475 §3.3.8 multi01, §3.3.9 mcl01: duplicated single headers never reach the registrar", arguments: [
        "multi01", "mcl01",
    ])
    func duplicates(name: String) throws {
        let bytes = Array(try Data(contentsOf: Self.fixtures.appendingPathComponent(name + ".dat")))
        let error = try #require(throws: SIPDecodingError.self) { try SIPMessage(datagram: bytes) }
        #expect(error.errorResponse()?.status == .badRequest)
    }

    /// Answers the registrar's MD5 challenge for `name` as user `watson` and runs the REGISTER to its end.
    static func authenticatedRegister(_ name: String) throws -> SIPResponse {
        var registrar = registrar(algorithms: [.md5])
        var request = try request(name)
        guard case .respond(let challenge?) = registrar.receive(request, from: flow, now: now),
            let nonce = try challenge.headers.authentications("www-authenticate").first?["nonce"]
        else { throw RFC4475RegistrarFailure(reason: "no challenge") }
        let md5 = { (text: String) in Insecure.MD5.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined() }
        let uri = request.uri.description
        let ha1 = md5("watson:example.com:s3cret")
        let ha2 = md5("REGISTER:\(uri)")
        let digest = md5("\(ha1):\(nonce):00000001:c4475:auth:\(ha2)")
        request.headers.add(
            "Authorization",
            "Digest username=\"watson\", realm=\"example.com\", nonce=\"\(nonce)\", uri=\"\(uri)\", "
                + "response=\"\(digest)\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c4475\"")
        guard case .authenticate(username: "watson") = registrar.receive(request, from: flow, now: now) else {
            throw RFC4475RegistrarFailure(reason: "credentials not taken")
        }
        let credentials = SIPDigestCredentials(
            username: "watson", password: "s3cret", realm: "example.com", accountID: "a", deviceID: "d")
        for case .respond(let response) in registrar.register(request, from: flow, credentials: credentials, now: now) {
            return response
        }
        throw RFC4475RegistrarFailure(reason: "no answer")
    }

    @Test("RFC 4475 §3.3.12 cparam01: ;unknownparam outside <> stays a contact parameter in the 200")
    func cparam01() throws {
        let response = try Self.authenticatedRegister("cparam01")
        #expect(response.status == .ok)
        guard case .addresses(let contacts) = try response.headers.contacts() else {
            Issue.record("no Contact in the 200")
            return
        }
        #expect(contacts.count == 1)
        #expect(contacts[0].uri.parameters.isEmpty)
        #expect(contacts[0].parameters["unknownparam"] == .some(nil))
        #expect(contacts[0].parameters.value("expires") != nil)
    }

    @Test("RFC 4475 §3.3.13 cparam02: ;unknownparam inside <> stays a URI parameter in the 200")
    func cparam02() throws {
        let response = try Self.authenticatedRegister("cparam02")
        #expect(response.status == .ok)
        guard case .addresses(let contacts) = try response.headers.contacts() else {
            Issue.record("no Contact in the 200")
            return
        }
        #expect(contacts.count == 1)
        #expect(contacts[0].uri.parameters["unknownparam"] == .some(nil))
        #expect(contacts[0].parameters["unknownparam"] == nil)
    }

    @Test("RFC 4475 §3.3.14 regescrt: the escaped Route in the Contact URI is stored and returned, not applied")
    func regescrt() throws {
        // regescrt registers user@example.com: the same digest dance, as user "user".
        var registrar = Self.registrar(algorithms: [.md5])
        var request = try Self.request("regescrt")
        guard case .respond(let challenge?) = registrar.receive(request, from: Self.flow, now: Self.now),
            let nonce = try challenge.headers.authentications("www-authenticate").first?["nonce"]
        else { throw RFC4475RegistrarFailure(reason: "no challenge") }
        let md5 = { (text: String) in Insecure.MD5.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined() }
        let ha1 = md5("user:example.com:pw")
        let digest = md5("\(ha1):\(nonce):00000001:c1:auth:\(md5("REGISTER:sip:example.com"))")
        request.headers.add(
            "Authorization",
            "Digest username=\"user\", realm=\"example.com\", nonce=\"\(nonce)\", uri=\"sip:example.com\", "
                + "response=\"\(digest)\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c1\"")
        #expect(registrar.receive(request, from: Self.flow, now: Self.now) == .authenticate(username: "user"))
        let credentials = SIPDigestCredentials(
            username: "user", password: "pw", realm: "example.com", accountID: "a", deviceID: "d")
        let responses = registrar.register(request, from: Self.flow, credentials: credentials, now: Self.now)
            .compactMap { action -> SIPResponse? in if case .respond(let response) = action { response } else { nil } }
        let response = try #require(responses.first)
        #expect(response.status == .ok)
        guard case .addresses(let contacts) = try response.headers.contacts() else {
            Issue.record("no Contact in the 200")
            return
        }
        #expect(contacts.first?.uri.headers == [SIPURI.Header(name: "Route", value: "<sip:sip.example.com>")])
        #expect(registrar.bindings(aor: "user").first?.contact.uri.headers.first?.name == "Route")
    }
}

struct RFC4475RegistrarFailure: Error {
    var reason: String
}
