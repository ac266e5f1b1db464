import NIOCore
import SIPRegistrar
import SIPTransactions
import SIPWire

/// A scripted SIP client for the registrar tests: builds REGISTERs as RFC 3261 §10.2 describes and answers
/// challenges as RFC 7616 §3.4 describes (a client implementation written from the RFC, independent of the
/// registrar's own checking code path).
struct RegistrarTestClient {
    static let realm = "reroute.test"

    var username: String
    var password: String
    var callID: String
    var cseq: UInt32 = 1
    var contact: String
    var nc: UInt32 = 0
    var source = SIPTransportAddress(transport: "UDP", host: "192.0.2.10", port: 5062)
    var extraHeaders: [(String, String)] = []
    var branchCounter = 0

    var flow: SIPRegistrarFlow { SIPRegistrarFlow(source: source, connection: source.isReliable ? 1 : nil) }

    init(username: String = "alice", password: String = "secret", callID: String = "c1@192.0.2.10",
        contact: String = "<sip:alice@192.0.2.10:5062>")
    {
        self.username = username
        self.password = password
        self.callID = callID
        self.contact = contact
    }

    var credentials: SIPDigestCredentials {
        SIPDigestCredentials(
            username: username, password: password, realm: Self.realm, accountID: "acct-1", deviceID: "dev-\(username)")
    }

    /// A REGISTER; `authorization` answers a challenge.
    mutating func register(expires: String? = "600", contact: String? = nil, authorization: String? = nil)
        -> SIPRequest
    {
        branchCounter += 1
        var text = "REGISTER sip:\(Self.realm) SIP/2.0\r\n"
        let branch = "z9hG4bK-\(username)-\(branchCounter)"
        text += "Via: SIP/2.0/\(source.transport) \(source.host):\(source.port);rport;branch=\(branch)\r\n"
        text += "Max-Forwards: 70\r\n"
        text += "From: <sip:\(username)@\(Self.realm)>;tag=ft\(username)\r\n"
        text += "To: <sip:\(username)@\(Self.realm)>\r\n"
        text += "Call-ID: \(callID)\r\nCSeq: \(cseq) REGISTER\r\n"
        text += "Contact: \(contact ?? self.contact)\r\n"
        if let expires { text += "Expires: \(expires)\r\n" }
        for (name, value) in extraHeaders { text += "\(name): \(value)\r\n" }
        if let authorization { text += "Authorization: \(authorization)\r\n" }
        text += "Content-Length: 0\r\n\r\n"
        guard case .request(let request) = try! SIPMessage(datagram: Array(text.utf8)) else { fatalError() }
        // The transaction layer stamps received/rport before the TU sees the request (RFC 3261 §18.2.1).
        return SIPViaProcessing.stamp(request, from: source)
    }

    /// The Authorization answering `challenge` (RFC 7616 §3.4).
    mutating func answer(_ challenge: SIPAuthentication, uri: String = "sip:\(Self.realm)", password: String? = nil)
        -> String
    {
        nc += 1
        let algorithm = DigestAlgorithm(parameter: challenge["algorithm"])!
        let ncText = hex8(nc)
        let cnonce = "cn\(nc)"
        let ha1 = algorithm.ha1(username: username, realm: challenge["realm"]!, password: password ?? self.password)
        let response = algorithm.response(
            ha1: ha1, nonce: challenge["nonce"]!, nc: ncText, cnonce: cnonce, qop: "auth", method: "REGISTER",
            uri: uri)
        return "Digest username=\"\(username)\", realm=\"\(challenge["realm"]!)\", nonce=\"\(challenge["nonce"]!)\", "
            + "uri=\"\(uri)\", response=\"\(response)\", algorithm=\(algorithm.rawValue), qop=auth, nc=\(ncText), "
            + "cnonce=\"\(cnonce)\""
    }
}

/// `nc` as RFC 7616 §3.4 writes it: 8 hex digits.
func hex8(_ value: UInt32) -> String {
    let hex = String(value, radix: 16)
    return String(repeating: "0", count: Swift.max(0, 8 - hex.count)) + hex
}

extension SIPRegistrarAction {
    var response: SIPResponse? {
        if case .respond(let response) = self { return response }
        return nil
    }

    var deviceState: SIPDeviceStateChange? {
        if case .deviceState(let change) = self { return change }
        return nil
    }
}

extension SIPRegistrarAdmission {
    var response: SIPResponse? {
        if case .respond(let response) = self { return response }
        return nil
    }
}

func challenges(_ response: SIPResponse?) -> [SIPAuthentication] {
    (try? response?.headers.authentications("www-authenticate")) ?? []
}

let testSecret = [UInt8](repeating: 0xA5, count: 32)

func registrar(_ configure: (inout SIPRegistrarConfiguration) -> Void = { _ in }) -> SIPRegistrar {
    var configuration = SIPRegistrarConfiguration(realm: RegistrarTestClient.realm)
    configure(&configuration)
    return SIPRegistrar(configuration: configuration, secret: testSecret, seed: 42)
}

let t0 = NIODeadline.uptimeNanoseconds(1_000 * 1_000_000_000)

/// Runs REGISTER → 401 → REGISTER with credentials; returns the final actions.
func authenticatedRegister(
    _ registrar: inout SIPRegistrar, _ client: inout RegistrarTestClient, expires: String? = "600",
    contact: String? = nil, now: NIODeadline = t0
) -> [SIPRegistrarAction] {
    let first = client.register(expires: expires, contact: contact)
    guard let challenge = challenges(registrar.receive(first, from: client.flow, now: now).response).first else {
        return []
    }
    client.cseq += 1
    let authorization = client.answer(challenge)
    let second = client.register(expires: expires, contact: contact, authorization: authorization)
    guard case .authenticate(let username) = registrar.receive(second, from: client.flow, now: now),
        username == client.username
    else { return [] }
    client.cseq += 1
    return registrar.register(second, from: client.flow, credentials: client.credentials, now: now)
}
