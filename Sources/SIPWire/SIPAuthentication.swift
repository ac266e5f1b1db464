/// A digest challenge or credentials: the value of WWW-Authenticate, Proxy-Authenticate, Authorization and
/// Proxy-Authorization (RFC 3261 §25.1 `challenge`, `credentials`; RFC 7616 §3.3–3.4).
///
/// ```
/// Digest realm="reroute", nonce="b1a2", algorithm=SHA-256, qop="auth"
/// ```
/// Parameter names are case-insensitive; values keep whether they were quoted, because RFC 7616 fixes that per
/// parameter (e.g. `algorithm` and `nc` unquoted, `nonce` quoted).
public struct SIPAuthentication: Hashable, Sendable, CustomStringConvertible {
    public var scheme: String
    public var parameters: [SIPParameters.Parameter]

    public init(scheme: String = "Digest", parameters: [SIPParameters.Parameter]) {
        self.scheme = scheme
        self.parameters = parameters
    }

    public subscript(name: String) -> String? {
        parameters.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var description: String {
        scheme + " " + parameters.map { item in
            item.name + "=" + (item.quoted ? SIPQuoting.quote(item.value ?? "") : (item.value ?? ""))
        }.joined(separator: ", ")
    }

    public init?(_ text: String) {
        guard let value = try? SIPAuthentication(parsing: text) else { return nil }
        self = value
    }

    /// `challenge = ("Digest" LWS digest-cln *(COMMA digest-cln)) / other-challenge`, `auth-param = auth-param-name
    /// EQUAL ( token / quoted-string )`.
    init(parsing text: String) throws(SIPSyntaxError) {
        var scanner = SIPScanner(text)
        scanner.skipWhitespace()
        let scheme = try scanner.requireToken("an authentication scheme")
        var parameters: [SIPParameters.Parameter] = []
        scanner.skipWhitespace()
        while !scanner.isAtEnd {
            let name = try scanner.requireToken("an auth parameter name")
            try scanner.expect(UInt8(ascii: "="), aroundWhitespace: true, "= after \(name)")
            if scanner.peek() == UInt8(ascii: "\"") {
                parameters.append(.init(name: name, value: try scanner.quotedString(), quoted: true))
            } else {
                // Tokens, plus the few extra characters seen unquoted in the wild (e.g. `uri=sip:x` from old UAs).
                let value = scanner.span {
                    SIPGrammar.isToken($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/")
                        || $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: "=")
                }
                guard !value.isEmpty else { throw SIPSyntaxError("empty value of \(name)") }
                parameters.append(.init(name: name, value: String(decoding: value, as: UTF8.self)))
            }
            scanner.skipWhitespace()
            guard scanner.consume(UInt8(ascii: ","), aroundWhitespace: true) || scanner.isAtEnd else {
                throw SIPSyntaxError("expected , between auth parameters")
            }
        }
        self.init(scheme: scheme, parameters: parameters)
    }
}
