import NIOCore
import SIPForking
import SIPTransactions
import SIPWire
import TelecomTypes
import Testing

/// Branches to TLS devices offered SRTP (RFC 4568 SDES), and answers refused under RFC 4568 §7.1.3.
@Suite("SIPForking: secure offers towards TLS devices, refused SDES answers")
struct SIPForkingSecurityTests {
    static let secureOffer = Array(
        "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/SAVP 8\r\n".utf8)

    static func contact(_ number: Int, transport: String) -> SIPForkingContact {
        SIPForkingContact(
            uri: SIPURI(user: "dev\(number)", host: "198.51.100.\(number)", port: 5061),
            nextHop: SIPTransportAddress(transport: transport, host: "198.51.100.\(number)", port: 5061))
    }

    static func leg() -> SIPForkingLeg {
        let identity = SIPCallingIdentity(
            callingNumber: "31201234567", originalCalledNumber: "31612345678", calledNumber: "31208000000",
            redirectionReason: .mobileSubscriberNotReachable)
        var call = identity.call(domain: "gw.example", offer: Script.offer)
        call.secureOffer = secureOffer
        return SIPForkingLeg(
            call: call, configuration: SIPForkingConfiguration(localHost: "192.0.2.10", localPort: 5060),
            identifiers: SIPIdentifierGenerator(seed: 42))
    }

    @Test("RFC 4568 §8.3: the TLS and WSS branches get the SDES offer, the UDP, TCP and WS branches the plain one")
    func secureOfferOnlyOverProtectedSignalling() throws {
        var leg = Self.leg()
        let transports = ["TLS", "UDP", "WSS", "TCP", "WS"]
        let invites = Script.invites(
            leg.start(contacts: transports.enumerated().map { Self.contact($0.offset + 1, transport: $0.element) }))
        for (index, transport) in transports.enumerated() {
            let secure = transport == "TLS" || transport == "WSS"
            #expect(invites[SIPForkID(index)]?.body == (secure ? Self.secureOffer : Script.offer), "\(transport)")
            #expect(leg.isSecured(SIPForkID(index)) == secure, "\(transport)")
        }
        // Without a secure offer every branch gets the plain one.
        var plain = Script.leg()
        let plainInvites = Script.invites(plain.start(contacts: [Self.contact(1, transport: "TLS")]))
        #expect(plainInvites[SIPForkID(0)]?.body == Script.offer)
        #expect(!plain.isSecured(SIPForkID(0)))
    }

    @Test(
        "RFC 4568 §7.1.3 with RFC 3261 §13.2.2.4: a TLS branch's 2xx with an unusable answer is ACKed and ended by BYE (Reason 488); the UDP branch rings on and wins"
    )
    func refusedAnswerEndsOnlyThatBranch() throws {
        var leg = Self.leg()
        let invites = Script.invites(
            leg.start(contacts: [Self.contact(1, transport: "TLS"), Self.contact(2, transport: "UDP")]))
        let (secure, plain) = (try #require(invites[SIPForkID(0)]), try #require(invites[SIPForkID(1)]))
        _ = leg.receiveResponse(Script.response(plain, .ringing, tag: "p"))
        let refused = leg.refuseSession(in: Script.response(secure, .ok, tag: "s", body: Script.answerSDP))
        #expect(Script.acks(refused).map(\.0) == [SIPForkID(0)])
        let byes = Script.requests(refused, .bye)
        #expect(byes.count == 1)
        #expect(try byes.first?.headers.callID() == secure.headers.callID())
        #expect(byes.first?.headers["reason"] == SIPForkingLeg.sessionRefusedReason)
        #expect(!refused.contains { if case .answered = $0 { true } else { false } })
        #expect(!refused.contains { if case .failed = $0 { true } else { false } })
        #expect(Script.requests(refused, .cancel).isEmpty)
        #expect(leg.winner == nil)
        // The 2xx retransmitted: ACKed again, no second BYE.
        let again = leg.receiveResponse(Script.response(secure, .ok, tag: "s", body: Script.answerSDP))
        #expect(Script.acks(again).count == 1 && Script.requests(again, .bye).isEmpty)
        // The other branch answers and wins.
        let won = leg.receiveResponse(Script.response(plain, .ok, tag: "p", body: Script.answerSDP))
        #expect(won.contains(.answered(SIPForkID(1), sdp: Script.answerSDP)))
        #expect(leg.winner == SIPForkID(1))
    }

    @Test(
        "RFC 4568 §7.1.3 with RFC 3261 §9.1, §16.7: a TLS branch's 183 with an unusable answer gives no early media and is CANCELled; when every branch failed, the call fails as 488 (Q.850 cause 127, RFC 3398 §8.2.6.1 gives 488 no fixed value)"
    )
    func refusedEarlyAnswerCancelsTheBranch() throws {
        var leg = Self.leg()
        let invites = Script.invites(
            leg.start(contacts: [Self.contact(1, transport: "TLS"), Self.contact(2, transport: "UDP")]))
        let (secure, plain) = (try #require(invites[SIPForkID(0)]), try #require(invites[SIPForkID(1)]))
        let early = leg.refuseSession(in: Script.response(secure, .sessionProgress, tag: "s", body: Script.earlySDP))
        #expect(early.contains(.alerting(SIPForkID(0))))
        #expect(!early.contains { if case .earlyMedia = $0 { true } else { false } })
        let cancels = Script.requests(early, .cancel)
        #expect(cancels.count == 1)
        #expect(try cancels.first?.headers.callID() == secure.headers.callID())
        #expect(cancels.first?.headers["reason"] == SIPForkingLeg.sessionRefusedReason)
        // The cancelled branch's 487, then the plain branch's 480: both 4xx, the first branch's is chosen
        // (§16.7), and it is the refusal's 488 rather than the 487 our own CANCEL drew.
        #expect(leg.receiveResponse(Script.response(secure, .requestTerminated, tag: "s")) == [])
        let failed = leg.receiveResponse(Script.response(plain, .busyHere, tag: "p"))
        let outcome = failed.compactMap { action -> SIPForkingFailure? in
            if case .failed(let failure) = action { return failure }
            return nil
        }
        #expect(outcome.count == 1, "\(failed)")
        #expect(outcome.first == .rejected(.notAcceptableHere, cause: .interworkingUnspecified))
    }
}
