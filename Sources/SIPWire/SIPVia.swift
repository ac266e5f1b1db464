/// One Via entry (RFC 3261 §20.42): `SIP/2.0/UDP host:port;branch=z9hG4bK...;rport;received=...`.
public struct SIPVia: Hashable, Sendable, CustomStringConvertible {
    /// The transport, upper-cased (`UDP`, `TCP`, `TLS`, `WS`, `WSS`, `SCTP`).
    public var transport: String
    /// `protocol-name SLASH protocol-version`, upper-cased; `SIP/2.0` but for a peer of another version, whose
    /// request is still answered (505) with its Via copied (RFC 3261 §8.2.6.2, RFC 4475 §3.1.2.16).
    public var sentProtocol: String = "SIP/2.0"
    public var host: String
    public var port: Int?
    public var parameters: SIPParameters

    /// RFC 3261 §8.1.1.7: "The branch ID inserted by an element compliant with this specification MUST always begin
    /// with the characters "z9hG4bK"".
    public static let magicCookie = "z9hG4bK"

    public init(transport: String, host: String, port: Int? = nil, parameters: SIPParameters = SIPParameters()) {
        self.transport = transport.uppercased()
        self.host = host
        self.port = port
        self.parameters = parameters
    }

    public var branch: String? { parameters.value("branch") }

    /// Whether the branch carries the RFC 3261 magic cookie (otherwise RFC 2543 transaction matching applies).
    public var hasRFC3261Branch: Bool { branch?.hasPrefix(SIPVia.magicCookie) ?? false }

    /// `received` (RFC 3261 §18.2.1).
    public var received: String? { parameters.value("received") }

    /// `rport`: `.some(nil)` when requested without a value, `.some(port)` when filled in (RFC 3581 §4).
    public var rport: Int?? {
        guard let value = parameters["rport"] else { return nil }
        return .some(value.flatMap { Int($0) })
    }

    public var description: String {
        var out = sentProtocol + "/" + transport + " " + host
        if let port { out += ":\(port)" }
        return out + parameters.wireText
    }

    public init?(_ text: String) {
        guard let via = try? SIPVia(parsing: text) else { return nil }
        self = via
    }

    /// `via-parm = sent-protocol LWS sent-by *( SEMI via-params )`, `sent-protocol = protocol-name SLASH
    /// protocol-version SLASH transport` (RFC 3261 §25.1; LWS is allowed around the slashes).
    init(parsing text: String) throws(SIPSyntaxError) {
        var scanner = SIPScanner(text)
        scanner.skipWhitespace()
        let name = try scanner.requireToken("the Via protocol name")
        try scanner.expect(UInt8(ascii: "/"), aroundWhitespace: true, "/ in the Via protocol")
        let version = try scanner.requireToken("the Via protocol version")
        try scanner.expect(UInt8(ascii: "/"), aroundWhitespace: true, "/ in the Via protocol")
        let transport = try scanner.requireToken("the Via transport")
        // sent-protocol = protocol-name SLASH protocol-version SLASH transport, each a token (RFC 3261 §25.1).
        scanner.skipWhitespace()
        var host: String
        if scanner.consume(UInt8(ascii: "[")) {
            let address = scanner.span { SIPGrammar.isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
            try scanner.expect(UInt8(ascii: "]"), "] closing an IPv6 reference")
            host = "[" + String(decoding: address, as: UTF8.self) + "]"
        } else {
            let bytes = scanner.span { SIPGrammar.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
            guard !bytes.isEmpty else { throw SIPSyntaxError("Via without a host") }
            host = String(decoding: bytes, as: UTF8.self)
        }
        var port: Int?
        if scanner.consume(UInt8(ascii: ":"), aroundWhitespace: true) {
            let digits = scanner.span(while: SIPGrammar.isDigit)
            guard !digits.isEmpty, digits.count <= 5, let value = Int(String(decoding: digits, as: UTF8.self)),
                value <= 65_535
            else { throw SIPSyntaxError("bad Via port") }
            port = value
        }
        let parameters = try scanner.parameters()
        try scanner.requireEnd("a Via entry")
        self.init(transport: transport, host: host, port: port, parameters: parameters)
        sentProtocol = name.uppercased() + "/" + version.uppercased()
    }

    /// Whether this Via names SIP/2.0 (RFC 3261 §8.1.1.7).
    public var isSIP20: Bool { sentProtocol == "SIP/2.0" }
}
