import CodecPolicy
import MediaCodecs
import MediaSessions
import NIOCore
import SDPNegotiation
import SDPWire
import SIPForking
import SIPTransactions
import SIPWire
import Testing

/// The chooser's switch carried by the pure forking leg: offer in the INVITE, device's 200, RTCP loss, re-INVITE
/// with the chooser's offer (RFC 3264 §8, RFC 3261 §14.1), the device's answer evaluated, the new codec in effect.
@Suite("Codec switch through SIPForkingLeg")
struct ReinviteThroughForkingLegTests {
    static let contact = SIPForkingContact(
        uri: SIPURI(user: "dev1", host: "198.51.100.1", port: 5060),
        nextHop: SIPTransportAddress(transport: "UDP", host: "198.51.100.1", port: 5060))

    static func leg(offer: SDPSessionDescription) -> SIPForkingLeg {
        var configuration = SIPForkingConfiguration(localHost: "192.0.2.10", localPort: 5060)
        configuration.sessionTimers = false
        let identity = SIPCallingIdentity(
            callingNumber: "31201234567", originalCalledNumber: "31612345678", calledNumber: "31208000000",
            redirectionReason: .mobileSubscriberNotReachable)
        return SIPForkingLeg(
            call: identity.call(domain: "gw.example", offer: offer.encoded), configuration: configuration,
            identifiers: SIPIdentifierGenerator(seed: 42))
    }

    /// The device's final response to `request`, with its tag and Contact, and an SDP body when given.
    static func response(_ request: SIPRequest, _ status: SIPStatus, body: SDPSessionDescription? = nil)
        -> SIPResponse
    {
        var response = SIPResponse(answering: request, status: status, toTag: "dev")
        if status.rawValue < 300 { response.headers.add("Contact", "<sip:dev@198.51.100.1:5060>") }
        if let body {
            response.headers.add("Content-Type", "application/sdp")
            response.body = body.encoded
        }
        return response
    }

    static func sentRequest(_ actions: [SIPForkingAction], _ method: SIPMethod) -> SIPRequest? {
        for case .sendRequest(let request, _, _) in actions where request.method == method { return request }
        return nil
    }

    @Test("RFC 3264 §8 + RFC 3261 §14.1: loss → re-INVITE with G.729 first → 200 → G.729 in effect; then a 488 keeps it")
    func reinvite() throws {
        let bandwidth = SDPDeviceBandwidth.applicationSpecific(kbps: 100)
        let offer = SDPOfferAnswer.offer(localMedia, bandwidth: bandwidth)
        var leg = Self.leg(offer: offer)
        let invite = try #require(Self.sentRequest(leg.start(contacts: [Self.contact]), .invite))
        #expect(invite.body == offer.encoded)
        // The device (no Opus) answers PCMA first: relayed to the E1 unchanged.
        let deviceAnswer = try deviceSDP([.pcma, .pcmu, .g729])
        let answered = leg.receiveResponse(Self.response(invite, .ok, body: deviceAnswer))
        let fork = try #require(answered.compactMap { action -> SIPForkID? in
            if case .answered(let fork, _) = action { return fork }
            return nil
        }.first)
        let negotiated = try SDPOfferAnswer.evaluate(answer: deviceAnswer, offer: offer)
        var chooser = try CodecChooser(
            local: localMedia, remote: deviceAnswer, negotiated: negotiated, bandwidth: bandwidth, at: .zero)
        #expect(chooser.current.codec.encodingName == "PCMA" && !chooser.current.transcoding)

        // Sustained loss: the chooser decides, the leg sends the re-INVITE with its offer.
        var script = ReportScript()
        let decisions = drive(&chooser, &script, count: 11) { $0 < 8 ? 0 : 0.06 }.compactMap(\.1.switchDecision)
        let decision = try #require(decisions.first)
        let sent = leg.modifySession(offer: decision.offer.encoded)
        let reinvite = try #require(Self.sentRequest(sent, .invite))
        #expect(reinvite.body == decision.offer.encoded)
        #expect(try reinvite.headers.callID() == invite.headers.callID())  // in the dialog
        #expect(try reinvite.headers.cseq().sequence > invite.headers.cseq().sequence)

        // The device accepts G.729: 200 with its answer → ACK, .sessionModified → evaluate → in effect.
        var g729Answer = try deviceSDP([.g729], version: 2)
        g729Answer.origin.sessionVersion = "2"
        let modified = leg.receiveResponse(Self.response(reinvite, .ok, body: g729Answer))
        #expect(modified.contains { if case .sendACK = $0 { true } else { false } })
        let sdp = try #require(modified.compactMap { action -> [UInt8]? in
            if case .sessionModified(let id, let sdp) = action, id == fork { return sdp }
            return nil
        }.first)
        let renegotiated = try SDPOfferAnswer.evaluate(
            answer: try SDPSessionDescription(parsing: sdp), offer: decision.offer)
        #expect(renegotiated.telephoneEventPayloadType == 101)
        let effect = chooser.receiveAnswer(renegotiated, at: script.time + .milliseconds(300))
        #expect(effect == [.codecInEffect(decision.to)])
        #expect(chooser.current.codec.encodingName == "G729" && chooser.current.transcoding)
        #expect(chooser.current.codec.format(opus: nil)?.isRelayable(to: .g711(.aLaw)) == false)

        // Later the leg is clean and the chooser asks to go back up; the device refuses with 488.
        let up = drive(&chooser, &script, count: 20) { _ in 0 }.compactMap(\.1.switchDecision)
        let upDecision = try #require(up.first)
        #expect(upDecision.to.codec.encodingName == "PCMA")
        let second = try #require(Self.sentRequest(leg.modifySession(offer: upDecision.offer.encoded), .invite))
        let refused = leg.receiveResponse(Self.response(second, .notAcceptableHere))
        #expect(refused.contains(.sessionModificationFailed(fork, .notAcceptableHere)))
        #expect(chooser.reinviteFailed(status: 488, at: script.time + .milliseconds(200)).isEmpty)
        #expect(chooser.current.codec.encodingName == "G729")
        #expect(chooser.refused.contains("pcma"))
    }
}
