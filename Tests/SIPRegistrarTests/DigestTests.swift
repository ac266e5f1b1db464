import NIOCore
import SIPRegistrar
import SIPWire
import Testing

@Suite("RFC 7616 digest authentication")
struct DigestTests {
    // RFC 7616 §3.9.1: username "Mufasa", password "Circle of Life", realm "http-auth@example.org", GET
    // /dir/index.html, qop=auth, nc=00000001.
    private static let nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"
    private static let cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"

    @Test("RFC 7616 §3.9.1: the MD5 example response is 8ca523f5e9506fed4657c9700eebdbec")
    func rfc7616ExampleMD5() {
        let ha1 = DigestAlgorithm.md5.ha1(
            username: "Mufasa", realm: "http-auth@example.org", password: "Circle of Life")
        let response = DigestAlgorithm.md5.response(
            ha1: ha1, nonce: Self.nonce, nc: "00000001", cnonce: Self.cnonce, qop: "auth", method: "GET",
            uri: "/dir/index.html")
        #expect(response == "8ca523f5e9506fed4657c9700eebdbec")
    }

    @Test("RFC 7616 §3.9.1: the SHA-256 example response is 753927fa…6cb6c1")
    func rfc7616ExampleSHA256() {
        let ha1 = DigestAlgorithm.sha256.ha1(
            username: "Mufasa", realm: "http-auth@example.org", password: "Circle of Life")
        let response = DigestAlgorithm.sha256.response(
            ha1: ha1, nonce: Self.nonce, nc: "00000001", cnonce: Self.cnonce, qop: "auth", method: "GET",
            uri: "/dir/index.html")
        #expect(response == "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")
    }

    @Test("RFC 7616 §3.7: a REGISTER without credentials gets 401 with SHA-256 then MD5 challenges, qop=auth")
    func challengeOrder() {
        var machine = registrar()
        var client = RegistrarTestClient()
        let response = machine.receive(client.register(), from: client.flow, now: t0).response
        #expect(response?.status == .unauthorized)
        let offered = challenges(response)
        #expect(offered.map { $0["algorithm"] } == ["SHA-256", "MD5"])
        #expect(offered.allSatisfy { $0["qop"] == "auth" && $0["realm"] == RegistrarTestClient.realm })
        #expect(Set(offered.compactMap { $0["nonce"] }).count == 2)
    }

    @Test("RFC 7616 §3.4: both algorithms are accepted with the right password", arguments: [0, 1])
    func acceptsEachAlgorithm(index: Int) {
        var machine = registrar()
        var client = RegistrarTestClient()
        let offered = challenges(machine.receive(client.register(), from: client.flow, now: t0).response)
        client.cseq += 1
        let request = client.register(authorization: client.answer(offered[index]))
        let actions = machine.register(request, from: client.flow, credentials: client.credentials, now: t0)
        #expect(actions.first?.response?.status == .ok)
    }

    @Test("RFC 7235 §3.1: a wrong password gets a fresh 401, and no binding")
    func wrongPassword() {
        var machine = registrar()
        var client = RegistrarTestClient()
        let offered = challenges(machine.receive(client.register(), from: client.flow, now: t0).response)
        client.cseq += 1
        let request = client.register(authorization: client.answer(offered[0], password: "guess"))
        let actions = machine.register(request, from: client.flow, credentials: client.credentials, now: t0)
        #expect(actions.count == 1)
        #expect(actions.first?.response?.status == .unauthorized)
        #expect(challenges(actions.first?.response).first?["nonce"] != offered[0]["nonce"])
        #expect(challenges(actions.first?.response).first?["stale"] == nil)
        #expect(machine.bindings.isEmpty)
        // An unknown user (no credentials in the store) is answered the same way.
        let unknown = machine.register(request, from: client.flow, credentials: nil, now: t0)
        #expect(unknown.first?.response?.status == .unauthorized)
    }

    @Test("RFC 7616 §3.3: a right digest on an expired nonce gets 401 with stale=true; a forged nonce does not")
    func staleNonce() {
        var machine = registrar { $0.nonceLifetime = 300 }
        var client = RegistrarTestClient()
        let offered = challenges(machine.receive(client.register(), from: client.flow, now: t0).response)
        client.cseq += 1
        let request = client.register(authorization: client.answer(offered[0]))
        let late = t0 + .seconds(301)
        let actions = machine.register(request, from: client.flow, credentials: client.credentials, now: late)
        #expect(actions.first?.response?.status == .unauthorized)
        #expect(challenges(actions.first?.response).allSatisfy { $0["stale"] == "true" })
        // The same nonce with one character changed is not ours: a plain challenge, no stale.
        var forged = offered[0]
        let nonce = forged["nonce"]!
        let flipped = (nonce.first == "A" ? "B" : "A") + nonce.dropFirst()
        forged.parameters = forged.parameters.map {
            $0.name == "nonce" ? .init(name: "nonce", value: flipped, quoted: true) : $0
        }
        client.cseq += 1
        let forgedRequest = client.register(authorization: client.answer(forged))
        let forgedActions = machine.register(forgedRequest, from: client.flow, credentials: client.credentials, now: t0)
        #expect(forgedActions.first?.response?.status == .unauthorized)
        #expect(challenges(forgedActions.first?.response).allSatisfy { $0["stale"] == nil })
    }

    @Test("RFC 7616 §3.4 nc: a replayed nc on the same nonce is refused; a higher nc is accepted")
    func ncReplay() {
        var machine = registrar()
        var client = RegistrarTestClient()
        let offered = challenges(machine.receive(client.register(), from: client.flow, now: t0).response)
        client.cseq += 1
        let authorization = client.answer(offered[0])
        let request = client.register(authorization: authorization)
        let first = machine.register(request, from: client.flow, credentials: client.credentials, now: t0)
        #expect(first.first?.response?.status == .ok)
        // A captured request replayed as is (same nonce, same nc) — even with a new CSeq.
        client.cseq += 1
        let replay = client.register(authorization: authorization)
        let replayed = machine.register(replay, from: client.flow, credentials: client.credentials, now: t0)
        #expect(replayed.first?.response?.status == .unauthorized)
        // The client's next request on the same nonce with nc 2 goes through.
        client.cseq += 1
        let next = client.register(authorization: client.answer(offered[0]))
        let accepted = machine.register(next, from: client.flow, credentials: client.credentials, now: t0)
        #expect(accepted.first?.response?.status == .ok)
    }

    @Test("RFC 3261 §10.3 step 3: a user registering another user's address-of-record gets 403")
    func foreignAOR() {
        var machine = registrar()
        var client = RegistrarTestClient()
        let offered = challenges(machine.receive(client.register(), from: client.flow, now: t0).response)
        client.cseq += 1
        var request = client.register(authorization: client.answer(offered[0]))
        request.headers.replace("To", with: "<sip:bob@\(RegistrarTestClient.realm)>")
        let actions = machine.register(request, from: client.flow, credentials: client.credentials, now: t0)
        #expect(actions.first?.response?.status == .forbidden)
    }
}
