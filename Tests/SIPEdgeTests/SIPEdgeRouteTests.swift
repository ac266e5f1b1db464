import RerouteTestSupport
import SIPEdge
import SIPWire
import Testing

/// The dispatch rule of the shared address and the edge's answers outside any call, without sockets.
@Suite("SIPEdgeRoute (issue 5 item 7, RFC 3261 §8.2.1)")
struct SIPEdgeRouteTests {
    static func request(_ method: String, toTag: Bool = false) -> SIPRequest {
        var headers = SIPHeaders()
        headers.add("Via", "SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-\(method.lowercased())")
        headers.add("From", "<sip:alice@reroute.test>;tag=a1")
        headers.add("To", "<sip:reroute.test>" + (toTag ? ";tag=b2" : ""))
        headers.add("Call-ID", "c-\(method)@127.0.0.1")
        headers.add("CSeq", "1 \(method)")
        headers.add("Max-Forwards", "70")
        return SIPRequest(method: SIPMethod(rawValue: method), uri: SIPURI(host: "reroute.test"), headers: headers)
    }

    static func response(_ method: String) -> SIPMessage {
        .response(SIPResponse(answering: request(method), status: .ok, toTag: "x"))
    }

    @Test("Issue 5 item 7: the registrar owns REGISTER, a client's INVITE (403) and the ACK of that 403")
    func registrarOwnsRegisterAndClientInvite() {
        for method in ["REGISTER", "INVITE", "ACK"] {
            #expect(SIPEdgeRoute.owner(of: .request(Self.request(method)), isCall: false, isEdgeTransaction: false)
                == .registrar, "\(method)")
        }
    }

    @Test("RFC 3261 §12.2.2: requests and responses of our forked calls go to the call service, whatever the method")
    func callsOwnTheirDialogs() {
        for method in ["BYE", "INVITE", "UPDATE", "ACK", "PRACK"] {
            #expect(SIPEdgeRoute.owner(of: .request(Self.request(method)), isCall: true, isEdgeTransaction: false)
                == .calls)
        }
        #expect(SIPEdgeRoute.owner(of: Self.response("INVITE"), isCall: true, isEdgeTransaction: false) == .calls)
    }

    @Test("RFC 3261 §17.1.3: a response to our MESSAGE goes to the edge; other strays to the registrar (OPTIONS probes)")
    func responsesByTransaction() {
        #expect(SIPEdgeRoute.owner(of: Self.response("MESSAGE"), isCall: false, isEdgeTransaction: true) == .edge)
        #expect(SIPEdgeRoute.owner(of: Self.response("OPTIONS"), isCall: false, isEdgeTransaction: false) == .registrar)
    }

    @Test("RFC 3261 §11.2: OPTIONS outside a call → 200 with Allow, Accept and Supported, answered by the edge")
    func optionsAnswered() throws {
        let request = Self.request("OPTIONS")
        #expect(SIPEdgeRoute.owner(of: .request(request), isCall: false, isEdgeTransaction: false) == .edge)
        let response = try #require(SIPEdgeRoute.answer(outOfDialog: request, toTag: "t"))
        #expect(response.status == .ok)
        let allow = try #require(response.headers["allow"])
        for method in ["INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER"] { #expect(allow.contains(method)) }
        #expect(response.headers["accept"] == "application/sdp")
        #expect(try response.headers.to().tag == "t")
    }

    @Test("RFC 3261 §12.2.2 / §9.2: BYE, CANCEL, UPDATE, PRACK, INFO naming no call of ours → 481")
    func unknownDialog481() throws {
        for method in ["BYE", "CANCEL", "UPDATE", "PRACK", "INFO"] {
            let response = try #require(SIPEdgeRoute.answer(outOfDialog: Self.request(method, toTag: true), toTag: "t"))
            #expect(response.status == .callOrTransactionDoesNotExist, "\(method)")
        }
    }

    @Test("RFC 3261 §8.2.1: a recognised method we do not take (SUBSCRIBE, MESSAGE, …) → 405 with Allow")
    func recognisedButNotAllowed405() throws {
        for method in ["SUBSCRIBE", "NOTIFY", "REFER", "PUBLISH", "MESSAGE"] {
            let response = try #require(SIPEdgeRoute.answer(outOfDialog: Self.request(method), toTag: "t"))
            #expect(response.status == .methodNotAllowed, "\(method)")
            #expect(response.headers["allow"] == SIPEdgeRoute.allow)
        }
    }

    @Test("RFC 3261 §21.5.2: an unrecognised method → 501; ACK → no answer (§17.1.1.3)")
    func unrecognised501() throws {
        let response = try #require(SIPEdgeRoute.answer(outOfDialog: Self.request("FROBNICATE"), toTag: "t"))
        #expect(response.status == .notImplemented)
        #expect(SIPEdgeRoute.answer(outOfDialog: Self.request("ACK"), toTag: "t") == nil)
    }

    @Test("Hostile input (seeded mutation loop): every request the edge owns gets one answer from RFC 3261's set, with its Call-ID and CSeq")
    func mutationLoop() {
        var rng = SeededGenerator(seed: 0x5EED_ED6E)
        let seeds = ["OPTIONS", "BYE", "SUBSCRIBE", "CANCEL", "INFO"].map {
            SIPMessage.request(Self.request($0)).encoded
        }
        var owned = 0
        for round in 0..<3000 {
            let bytes = Mutator.mutate(seeds[round % seeds.count], using: &rng)
            guard case .request(let request) = try? SIPMessage(datagram: bytes) else { continue }
            guard SIPEdgeRoute.owner(of: .request(request), isCall: false, isEdgeTransaction: false) == .edge else {
                continue
            }
            owned += 1
            let response = SIPEdgeRoute.answer(outOfDialog: request, toTag: "t")
            if request.method == .ack {
                #expect(response == nil)
                continue
            }
            guard let response else {
                Issue.record("no answer to \(request.method.rawValue)")
                continue
            }
            #expect([200, 405, 481, 501].contains(response.status.rawValue), "\(request.method.rawValue)")
            #expect(response.headers["call-id"] == request.headers["call-id"])
            #expect(response.headers["cseq"] == request.headers["cseq"])
        }
        #expect(owned > 100)
    }
}
