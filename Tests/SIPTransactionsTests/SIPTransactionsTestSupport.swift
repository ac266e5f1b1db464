import NIOCore
import SIPTransactions
import SIPWire

/// Messages from RFC 3261 §4 (Alice calls Bob through atlanta.com and biloxi.com), parsed from text.
enum Fixture {
    static let invite = """
        INVITE sip:bob@biloxi.com SIP/2.0\r
        Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r
        Max-Forwards: 70\r
        To: Bob <sip:bob@biloxi.com>\r
        From: Alice <sip:alice@atlanta.com>;tag=1928301774\r
        Call-ID: a84b4c76e66710@pc33.atlanta.com\r
        CSeq: 314159 INVITE\r
        Contact: <sip:alice@pc33.atlanta.com>\r
        Content-Length: 0\r
        \r

        """

    static let options = """
        OPTIONS sip:carol@chicago.com SIP/2.0\r
        Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKhjhs8ass877\r
        Max-Forwards: 70\r
        To: <sip:carol@chicago.com>\r
        From: Alice <sip:alice@atlanta.com>;tag=1928301774\r
        Call-ID: a84b4c76e66710\r
        CSeq: 63104 OPTIONS\r
        Accept: application/sdp\r
        Content-Length: 0\r
        \r

        """

    static func request(_ text: String) -> SIPRequest {
        guard case .request(let request) = try? SIPMessage(datagram: Array(text.utf8)) else {
            fatalError("fixture does not parse: \(text)")
        }
        return request
    }

    static func response(_ text: String) -> SIPResponse {
        guard case .response(let response) = try? SIPMessage(datagram: Array(text.utf8)) else {
            fatalError("fixture does not parse: \(text)")
        }
        return response
    }

    /// The request with its top Via replaced.
    static func request(_ text: String, via: String) -> SIPRequest {
        var request = request(text)
        request.headers.replace("via", with: via)
        return request
    }

    /// A response to `request` as the UAS builds it (RFC 3261 §8.2.6), with a To tag except on 100.
    static func response(
        to request: SIPRequest, _ status: Int, toTag: String? = "a6c85cf", contact: String? = nil
    ) -> SIPResponse {
        var response = SIPResponse(answering: request, status: SIPStatus(status), toTag: status == 100 ? nil : toTag)
        if let contact { response.headers.add("Contact", contact) }
        return response
    }

    static let udpPeer = SIPTransportAddress(transport: "UDP", host: "192.0.2.4", port: 5060)
    static let tcpPeer = SIPTransportAddress(transport: "TCP", host: "192.0.2.4", port: 40_123)
}

extension Array where Element == SIPTransactionAction {
    /// The started timer of `kind` and its duration.
    func started(_ kind: SIPTimer.Kind) -> (SIPTimer, TimeAmount)? {
        for action in self {
            if case .startTimer(let timer, let after) = action, timer.kind == kind { return (timer, after) }
        }
        return nil
    }

    var startedKinds: [SIPTimer.Kind] {
        compactMap { if case .startTimer(let timer, _) = $0 { timer.kind } else { nil } }
    }

    var cancelledKinds: [SIPTimer.Kind] {
        compactMap { if case .cancelTimer(let timer) = $0 { timer.kind } else { nil } }
    }

    var sent: [SIPMessage] {
        compactMap { if case .send(let message) = $0 { message } else { nil } }
    }

    var delivered: [SIPMessage] {
        compactMap { if case .deliver(let message) = $0 { message } else { nil } }
    }

    var terminates: Bool { contains(.terminated) }
}

/// A virtual clock for one transaction machine: the armed timers with their deadlines.
struct MachineClock {
    private(set) var now: Int64 = 0
    private var armed: [SIPTimer: Int64] = [:]

    mutating func apply(_ actions: [SIPTransactionAction]) {
        for action in actions {
            switch action {
            case .startTimer(let timer, let after): armed[timer] = now + after.nanoseconds
            case .cancelTimer(let timer): armed[timer] = nil
            case .send, .deliver, .timeout, .transportError, .terminated: continue
            }
        }
    }

    /// The earliest armed timer, removed, with the clock moved to its deadline.
    mutating func next() -> SIPTimer? {
        guard let (timer, deadline) = armed.min(by: { ($0.value, $0.key.generation) < ($1.value, $1.key.generation) })
        else { return nil }
        armed[timer] = nil
        now = deadline
        return timer
    }

    var isIdle: Bool { armed.isEmpty }

    var milliseconds: Int64 { now / 1_000_000 }
}

extension TimeAmount {
    static func ms(_ value: Int64) -> TimeAmount { .milliseconds(value) }
}
