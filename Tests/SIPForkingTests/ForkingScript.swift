import NIOCore
import SIPForking
import SIPTransactions
import SIPWire
import TelecomTypes

/// Helpers that play the devices in the forking scripts.
enum Script {
    static let offer = Array("v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n".utf8)
    static let earlySDP = Array("v=0\r\no=- 7 1 IN IP4 198.51.100.2\r\ns=-\r\nc=IN IP4 198.51.100.2\r\nt=0 0\r\n".utf8)
    static let answerSDP = Array("v=0\r\no=- 8 1 IN IP4 198.51.100.1\r\ns=-\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\n".utf8)

    static func contact(_ number: Int) -> SIPForkingContact {
        SIPForkingContact(
            uri: SIPURI(user: "dev\(number)", host: "198.51.100.\(number)", port: 5060),
            nextHop: SIPTransportAddress(transport: "UDP", host: "198.51.100.\(number)", port: 5060))
    }

    static func leg(ring: TimeAmount = .seconds(25), sessionTimers: Bool = true) -> SIPForkingLeg {
        var configuration = SIPForkingConfiguration(localHost: "192.0.2.10", localPort: 5060)
        configuration.ringTimeout = ring
        configuration.sessionTimers = sessionTimers
        let identity = SIPCallingIdentity(
            callingNumber: "31201234567", originalCalledNumber: "31612345678", calledNumber: "31208000000",
            redirectionReason: .mobileSubscriberNotReachable)
        return SIPForkingLeg(
            call: identity.call(domain: "gw.example", offer: offer), configuration: configuration,
            identifiers: SIPIdentifierGenerator(seed: 42))
    }

    /// The INVITEs among the actions, by fork.
    static func invites(_ actions: [SIPForkingAction]) -> [SIPForkID: SIPRequest] {
        var out: [SIPForkID: SIPRequest] = [:]
        for case .sendRequest(let request, let fork, _) in actions where request.method == .invite {
            out[fork] = request
        }
        return out
    }

    static func requests(_ actions: [SIPForkingAction], _ method: SIPMethod) -> [SIPRequest] {
        actions.compactMap { action in
            if case .sendRequest(let request, _, _) = action, request.method == method { return request }
            return nil
        }
    }

    static func acks(_ actions: [SIPForkingAction]) -> [(SIPForkID, SIPRequest)] {
        actions.compactMap { action in
            if case .sendACK(let request, let fork, _) = action { return (fork, request) }
            return nil
        }
    }

    /// A device's response to `request` with its To tag, Contact, extra headers and body.
    static func response(
        _ request: SIPRequest, _ status: SIPStatus, tag: String = "dev", headers: [(String, String)] = [],
        body: [UInt8] = []
    ) -> SIPResponse {
        var response = SIPResponse(answering: request, status: status, toTag: status == .trying ? nil : tag)
        if status != .trying && status.rawValue < 300 {
            response.headers.add("Contact", "<sip:\(tag)@198.51.100.9:5060>")
        }
        for (name, value) in headers { response.headers.add(name, value) }
        if !body.isEmpty { response.headers.add("Content-Type", "application/sdp") }
        response.body = body
        return response
    }

    /// A request from the device in the dialog its 2xx to `invite` created (it is the UAS of that INVITE).
    static func deviceRequest(
        _ method: SIPMethod, in invite: SIPRequest, tag: String = "dev", sequence: UInt32 = 1,
        headers: [(String, String)] = [], body: [UInt8] = []
    ) throws -> SIPRequest {
        var from = try invite.headers.to()
        from.tag = tag
        let to = try invite.headers.from()
        var fields = SIPHeaders()
        fields.add("Via", "SIP/2.0/UDP 198.51.100.9:5060;branch=z9hG4bKdev\(sequence)")
        fields.add("From", from.description)
        fields.add("To", to.description)
        fields.add("Call-ID", try invite.headers.callID())
        fields.add("CSeq", "\(sequence) \(method.rawValue)")
        fields.add("Max-Forwards", "70")
        fields.add("Contact", "<sip:\(tag)@198.51.100.9:5060>")
        for (name, value) in headers { fields.add(name, value) }
        return SIPRequest(
            method: method, uri: SIPURI(user: "reroute", host: "192.0.2.10", port: 5060),
            headers: fields, body: body)
    }

    static let transaction = SIPTransactionID(rawValue: 900)
}
