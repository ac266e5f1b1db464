/// A `name-addr` or `addr-spec` with header parameters: the value of From, To, Contact, Route, Record-Route,
/// Reply-To, Refer-To, P-Asserted-Identity, Diversion and History-Info entries (RFC 3261 §20.10, §20.20, §20.39).
///
/// ```
/// "Display \"Name\"" <sip:user@host;transport=tcp>;tag=a8x;expires=60
/// ```
/// Without angle brackets every `;parameter` after the URI belongs to the header, not the URI (RFC 3261 §20.10).
public struct SIPAddress: Hashable, Sendable, CustomStringConvertible {
    public var displayName: String?
    public var uri: SIPURI
    public var parameters: SIPParameters

    public init(displayName: String? = nil, uri: SIPURI, parameters: SIPParameters = SIPParameters()) {
        self.displayName = displayName
        self.uri = uri
        self.parameters = parameters
    }

    /// Parses one address; nil when invalid.
    public init?(_ text: String) {
        guard let address = try? SIPAddress(parsing: text) else { return nil }
        self = address
    }

    /// The `tag` parameter (RFC 3261 §19.3).
    public var tag: String? {
        get { parameters.value("tag") }
        set {
            if let newValue { parameters.set("tag", newValue) } else { parameters.remove("tag") }
        }
    }

    /// Always written as a name-addr, which RFC 3261 §20.10 allows everywhere an addr-spec is allowed.
    public var description: String {
        var out = ""
        if let displayName, !displayName.isEmpty { out += SIPQuoting.quote(displayName) + " " }
        out += "<" + uri.description + ">"
        return out + parameters.wireText
    }

    init(parsing text: String) throws(SIPSyntaxError) {
        var scanner = SIPScanner(text)
        self = try SIPAddress.parse(&scanner)
        try scanner.requireEnd("an address")
    }

    static func parse(_ scanner: inout SIPScanner) throws(SIPSyntaxError) -> SIPAddress {
        scanner.skipWhitespace()
        var displayName: String?
        if scanner.peek() == UInt8(ascii: "\"") {
            displayName = try scanner.quotedString()
            scanner.skipWhitespace()
            guard scanner.peek() == UInt8(ascii: "<") else { throw SIPSyntaxError("expected < after a display name") }
        } else if scanner.peek() != UInt8(ascii: "<") {
            // display-name = *(token LWS) / quoted-string; if no "<" follows, this is an addr-spec.
            let start = scanner.index
            var words: [String] = []
            while let word = scanner.token() {
                words.append(word)
                scanner.skipWhitespace()
            }
            if scanner.peek() == UInt8(ascii: "<") {
                displayName = words.joined(separator: " ")
            } else {
                scanner.index = start
                let uriBytes = scanner.span { $0 != UInt8(ascii: ";") && !SIPGrammar.isWhitespace($0) }
                let uri = try SIPURI(parsing: String(decoding: uriBytes, as: UTF8.self))
                // RFC 3261 §20: an addr-spec holding ",", "?" or ";" must be in angle brackets; the first ";" here
                // therefore starts the header parameters.
                guard uri.headers.isEmpty else { throw SIPSyntaxError("a URI with headers must be in <>") }
                return SIPAddress(displayName: nil, uri: uri, parameters: try scanner.parameters())
            }
        }
        try scanner.expect(UInt8(ascii: "<"), "<")
        let uriBytes = scanner.span { $0 != UInt8(ascii: ">") }
        try scanner.expect(UInt8(ascii: ">"), "> closing the URI")
        let uri = try SIPURI(parsing: String(decoding: uriBytes, as: UTF8.self))
        return SIPAddress(displayName: displayName, uri: uri, parameters: try scanner.parameters())
    }
}
