/// A SIP, SIPS or tel URI (RFC 3261 §19.1, RFC 3966), or any other absolute URI kept opaque.
///
/// ```
/// sip:user:password@host:port;uri-parameters?headers
/// ```
/// The user, password, parameter values and header values are held unescaped; `description` escapes them again as
/// RFC 3261 §19.1.2 requires, so `sip:%61lice@x` and `sip:alice@x` parse to the same value.
public struct SIPURI: Hashable, Sendable, CustomStringConvertible {
    /// A `?name=value` URI header (RFC 3261 §19.1.1 "headers").
    public struct Header: Hashable, Sendable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The scheme, lower-cased (schemes are case-insensitive: RFC 3986 §3.1).
    public var scheme: String
    /// The user part (or the tel: number), unescaped.
    public var user: String?
    public var password: String?
    /// The host as written; an IPv6 reference keeps its brackets (`[2001:db8::1]`). Empty for tel: URIs.
    public var host: String
    public var port: Int?
    public var parameters: SIPParameters
    public var headers: [Header]
    /// Everything after `scheme:` for schemes other than sip, sips and tel.
    public var opaque: String?

    public init(
        scheme: String = "sip", user: String? = nil, password: String? = nil, host: String, port: Int? = nil,
        parameters: SIPParameters = SIPParameters(), headers: [Header] = []
    ) {
        self.scheme = scheme.lowercased()
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.parameters = parameters
        self.headers = headers
        self.opaque = nil
    }

    /// Parses `text`; nil when it is not a valid URI.
    public init?(_ text: String) {
        guard let uri = try? SIPURI(parsing: text) else { return nil }
        self = uri
    }

    /// Whether this is a sip: or sips: URI.
    public var isSIP: Bool { scheme == "sip" || scheme == "sips" }

    /// The `transport` URI parameter, lower-cased (RFC 3261 §19.1.1).
    public var transport: String? { parameters.value("transport")?.lowercased() }

    /// The host without IPv6 brackets, as a socket address wants it.
    public var hostWithoutBrackets: String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    public var description: String {
        if let opaque { return scheme + ":" + opaque }
        if scheme == "tel" {
            return "tel:" + (user ?? "") + parameters.escapedWireText
        }
        var out = scheme + ":"
        if let user {
            out += SIPGrammar.escape(user) { SIPGrammar.isUnreserved($0) || SIPGrammar.isUserUnreserved($0) }
            if let password {
                out += ":" + SIPGrammar.escape(password, allowing: SIPGrammar.isPasswordCharacter)
            }
            out += "@"
        }
        out += host
        if let port { out += ":\(port)" }
        out += parameters.escapedWireText
        if !headers.isEmpty {
            out += "?" + headers.map { header in
                SIPGrammar.escape(header.name, allowing: SIPGrammar.isHeaderCharacter) + "="
                    + SIPGrammar.escape(header.value, allowing: SIPGrammar.isHeaderCharacter)
            }.joined(separator: "&")
        }
        return out
    }
}

extension SIPParameters {
    /// URI parameters: names and values percent-escaped where `paramchar` does not allow the byte.
    var escapedWireText: String {
        var out = ""
        for item in items {
            out += ";" + SIPGrammar.escape(item.name, allowing: SIPGrammar.isParamCharacter)
            if let value = item.value {
                out += "=" + SIPGrammar.escape(value, allowing: SIPGrammar.isParamCharacter)
            }
        }
        return out
    }
}
