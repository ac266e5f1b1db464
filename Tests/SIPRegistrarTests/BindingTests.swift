import NIOCore
import SIPRegistrar
import SIPTransactions
import SIPWire
import Testing

@Suite("RFC 3261 §10.3 and RFC 5626 §6 bindings")
struct BindingTests {
    @Test("RFC 3261 §10.3 step 8: the 200 lists every binding of the AOR with its expires; device state registered")
    func registerListsBindings() throws {
        var machine = registrar()
        var client = RegistrarTestClient()
        let actions = authenticatedRegister(&machine, &client, expires: "600")
        let response = try #require(actions.first?.response)
        #expect(response.status == .ok)
        #expect(response.headers.rows("contact") == ["<sip:alice@192.0.2.10:5062>;expires=600"])
        let changes = actions.compactMap(\.deviceState)
        #expect(changes.count == 1)
        guard case .registered(let binding) = changes.first else { Issue.record("not registered"); return }
        #expect(binding.accountID == "acct-1")
        // RFC 3581 §4: the stamped received/rport is where the device is reached.
        #expect(binding.reachableAddress == SIPTransportAddress(transport: "UDP", host: "192.0.2.10", port: 5062))
        // A second device (another contact) adds a binding; the 200 lists both.
        var laptop = RegistrarTestClient(callID: "c2@192.0.2.11", contact: "<sip:alice@192.0.2.11:5070>")
        laptop.source = SIPTransportAddress(transport: "UDP", host: "192.0.2.11", port: 5070)
        let second = authenticatedRegister(&machine, &laptop)
        #expect(second.first?.response?.headers.rows("contact").count == 2)
        #expect(machine.bindings(account: "acct-1").count == 2)
    }

    @Test("RFC 3261 §10.3 step 7: a refresh with a higher CSeq updates; an equal CSeq on the same Call-ID gets 500")
    func cseqOrdering() {
        var machine = registrar()
        var client = RegistrarTestClient()
        _ = authenticatedRegister(&machine, &client)
        let refresh = authenticatedRegister(&machine, &client, now: t0 + .seconds(100))
        #expect(refresh.first?.response?.status == .ok)
        #expect(refresh.compactMap(\.deviceState).count == 1)
        if case .refreshed = refresh.compactMap(\.deviceState).first {} else { Issue.record("expected refreshed") }
        // Replay the CSeq of the refresh (a reordered old request) with fresh credentials.
        client.cseq -= 1
        let offered = challenges(machine.receive(client.register(), from: client.flow, now: t0).response)
        let stale = client.register(authorization: client.answer(offered[0]))
        let actions = machine.register(stale, from: client.flow, credentials: client.credentials, now: t0)
        #expect(actions.first?.response?.status == .serverInternalError)
        #expect(actions.count == 1)
    }

    @Test("RFC 3261 §10.3 step 7: 423 Interval Too Brief with Min-Expires; longer expiries shortened to the maximum")
    func expiryBounds() {
        var machine = registrar { $0.minimumExpires = 60; $0.maximumExpires = 3600 }
        var client = RegistrarTestClient()
        let brief = authenticatedRegister(&machine, &client, expires: "30")
        #expect(brief.first?.response?.status == .intervalTooBrief)
        #expect(brief.first?.response?.headers["min-expires"] == "60")
        #expect(machine.bindings.isEmpty)
        let long = authenticatedRegister(&machine, &client, expires: "86400")
        #expect(long.first?.response?.headers.rows("contact") == ["<sip:alice@192.0.2.10:5062>;expires=3600"])
        // The Contact parameter wins over the header (RFC 3261 §10.2.1.1).
        let param = authenticatedRegister(
            &machine, &client, expires: "86400", contact: "<sip:alice@192.0.2.10:5062>;expires=120")
        #expect(param.first?.response?.headers.rows("contact") == ["<sip:alice@192.0.2.10:5062>;expires=120"])
    }

    @Test("RFC 3261 §10.2.2: Contact * with Expires 0 removes every binding; * without Expires 0 is 400")
    func wildcard() {
        var machine = registrar()
        var client = RegistrarTestClient()
        _ = authenticatedRegister(&machine, &client)
        let bad = authenticatedRegister(&machine, &client, expires: "60", contact: "*")
        #expect(bad.first?.response?.status == .badRequest)
        let removed = authenticatedRegister(&machine, &client, expires: "0", contact: "*")
        #expect(removed.first?.response?.status == .ok)
        #expect(removed.first?.response?.headers.rows("contact") == [])
        #expect(machine.bindings.isEmpty)
        guard case .deregistered(_, let reason) = removed.compactMap(\.deviceState).first else {
            Issue.record("no deregistration"); return
        }
        #expect(reason == .unregistered)
    }

    @Test("RFC 5626 §6: a re-REGISTER with the same +sip.instance and reg-id but a new Call-ID replaces the binding")
    func instanceReplaces() throws {
        var machine = registrar()
        let contact = "<sip:alice@192.0.2.10:5062;transport=tcp>"
            + ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\";reg-id=1"
        var client = RegistrarTestClient(contact: contact)
        client.source = SIPTransportAddress(transport: "TCP", host: "192.0.2.10", port: 40001)
        client.extraHeaders = [("Supported", "outbound")]
        let first = authenticatedRegister(&machine, &client)
        let response = try #require(first.first?.response)
        // RFC 5626 §6: Require: outbound in the response; Flow-Timer (§10) for the keepalive interval.
        #expect(response.headers["require"] == "outbound")
        #expect(response.headers["flow-timer"] == "25")
        let id = try #require(machine.bindings.first?.id)
        // The phone lost its connection and comes back from a new port with a new Call-ID (RFC 5626 §4.2.1).
        var again = client
        again.callID = "c9@192.0.2.10"
        again.cseq = 1
        again.source = SIPTransportAddress(transport: "TCP", host: "192.0.2.10", port: 40002)
        let second = authenticatedRegister(&machine, &again)
        #expect(second.first?.response?.headers.rows("contact").count == 1)
        #expect(machine.bindings.count == 1)
        #expect(machine.bindings.first?.id == id)
        #expect(machine.bindings.first?.flow.source.port == 40002)
        #expect(machine.bindings.first?.regID == 1)
        if case .registered = second.compactMap(\.deviceState).first {} else { Issue.record("expected registered") }
    }

    @Test("RFC 3261 §10.3: an unrefreshed binding expires: deregistered(expired)")
    func expiry() throws {
        var machine = registrar()
        var client = RegistrarTestClient()
        let actions = authenticatedRegister(&machine, &client, expires: "120")
        let expiryTimer = try #require(actions.compactMap { action -> SIPRegistrarTimer? in
            if case .startTimer(let timer, let after) = action, case .expiry = timer, after == .seconds(120) {
                return timer
            }
            return nil
        }.first)
        let fired = machine.timerFired(expiryTimer, now: t0 + .seconds(120))
        guard case .deregistered(_, let reason) = fired.compactMap(\.deviceState).first else {
            Issue.record("no deregistration"); return
        }
        #expect(reason == .expired)
        #expect(machine.bindings.isEmpty)
        #expect(machine.timerFired(expiryTimer, now: t0 + .seconds(121)).isEmpty)
    }

    @Test("Issue 5 item 7: 503 with Retry-After past the per-source REGISTER rate; INVITE 403; other methods 405")
    func securityAnswers() {
        var machine = registrar { $0.rateLimit = .init(ratePerSecond: 1, burst: 3) }
        var client = RegistrarTestClient()
        var statuses: [SIPStatus?] = []
        for _ in 0..<4 {
            statuses.append(machine.receive(client.register(), from: client.flow, now: t0).response?.status)
        }
        #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .serviceUnavailable])
        let limited = machine.receive(client.register(), from: client.flow, now: t0).response
        #expect(limited?.headers["retry-after"] == "1")
        // Another source is not affected; time refills the bucket.
        let later = machine.receive(client.register(), from: client.flow, now: t0 + .seconds(2)).response
        #expect(later?.status == .unauthorized)
        var invite = client.register()
        invite.method = .invite
        invite.headers.replace("CSeq", with: "1 INVITE")
        #expect(machine.receive(invite, from: client.flow, now: t0).response?.status == .forbidden)
        var message = invite
        message.method = .message
        let answer = machine.receive(message, from: client.flow, now: t0).response
        #expect(answer?.status == .methodNotAllowed)
        #expect(answer?.headers["allow"] == "REGISTER, OPTIONS")
        var options = invite
        options.method = .options
        #expect(machine.receive(options, from: client.flow, now: t0).response?.status == .ok)
    }

    @Test("RFC 3261 §8.2.2.3: Require with an unknown option tag gets 420 with Unsupported")
    func requireUnknown() {
        var machine = registrar()
        var client = RegistrarTestClient()
        client.extraHeaders = [("Require", "foo, outbound")]
        let response = machine.receive(client.register(), from: client.flow, now: t0).response
        #expect(response?.status == .badExtension)
        #expect(response?.headers["unsupported"] == "foo")
    }

    @Test("RFC 3261 §21.4.1: a REGISTER with an unreadable Expires gets 400 naming the header")
    func malformedExpires() {
        var machine = registrar()
        var client = RegistrarTestClient()
        let response = machine.receive(client.register(expires: "soon"), from: client.flow, now: t0).response
        #expect(response?.status == .badRequest)
        #expect(response?.reason.lowercased().contains("expires") == true, "\(String(describing: response?.reason))")
    }
}
