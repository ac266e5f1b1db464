extension SIPURI {
    /// Parses a URI per RFC 3261 §25.1 `SIP-URI` / `SIPS-URI`, RFC 3966 `telephone-uri` (loosely) or
    /// RFC 3986 `absoluteURI` (kept opaque).
    init(parsing text: String) throws(SIPSyntaxError) {
        let bytes = Array(text.utf8)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0 else {
            throw SIPSyntaxError("URI without a scheme")
        }
        let schemeBytes = bytes[..<colon]
        // scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
        guard let first = schemeBytes.first, SIPGrammar.isAlphanumeric(first), !SIPGrammar.isDigit(first),
            schemeBytes.allSatisfy({ SIPGrammar.isAlphanumeric($0) || Array("+-.".utf8).contains($0) })
        else { throw SIPSyntaxError("bad URI scheme") }
        let scheme = String(decoding: schemeBytes, as: UTF8.self).lowercased()
        let rest = Array(bytes[(colon + 1)...])
        guard rest.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">")
            && $0 != UInt8(ascii: "\"") })
        else { throw SIPSyntaxError("URI contains a character that must be escaped") }
        switch scheme {
        case "sip", "sips":
            self = try SIPURI.parseSIP(scheme: scheme, rest)
        case "tel":
            self = try SIPURI.parseTel(rest)
        default:
            guard !rest.isEmpty else { throw SIPSyntaxError("empty URI") }
            self.init(scheme: scheme, host: "")
            self.opaque = String(decoding: rest, as: UTF8.self)
        }
    }

    private static func parseSIP(scheme: String, _ bytes: [UInt8]) throws(SIPSyntaxError) -> SIPURI {
        // The user part may hold ";" and "?" (user-unreserved) but never a bare "@", so the first "@" ends userinfo.
        var user: String?
        var password: String?
        var hostStart = 0
        if let at = bytes.firstIndex(of: UInt8(ascii: "@")) {
            let userinfo = bytes[..<at]
            let passwordColon = userinfo.firstIndex(of: UInt8(ascii: ":"))
            let userBytes = userinfo[..<(passwordColon ?? at)]
            guard !userBytes.isEmpty,
                userBytes.allSatisfy({ SIPGrammar.isUnreserved($0) || SIPGrammar.isUserUnreserved($0)
                    || $0 == UInt8(ascii: "%") }),
                let decodedUser = SIPGrammar.unescape(userBytes)
            else { throw SIPSyntaxError("bad user part") }
            user = decodedUser
            if let passwordColon {
                let passwordBytes = userinfo[(passwordColon + 1)...]
                guard passwordBytes.allSatisfy({ SIPGrammar.isPasswordCharacter($0) || $0 == UInt8(ascii: "%") }),
                    let decoded = SIPGrammar.unescape(passwordBytes)
                else { throw SIPSyntaxError("bad password") }
                password = decoded
            }
            hostStart = at + 1
        }
        var scanner = SIPScanner(bytes: Array(bytes[hostStart...]))
        let host = try parseHost(&scanner)
        var port: Int?
        if scanner.consume(UInt8(ascii: ":")) {
            let digits = scanner.span(while: SIPGrammar.isDigit)
            guard !digits.isEmpty, digits.count <= 5, let value = Int(String(decoding: digits, as: UTF8.self)),
                value <= 65_535
            else { throw SIPSyntaxError("bad port") }
            port = value
        }
        let parameters = try parseURIParameters(&scanner)
        var headers: [Header] = []
        if scanner.consume(UInt8(ascii: "?")) {
            repeat {
                let name = scanner.span { SIPGrammar.isHeaderCharacter($0) || $0 == UInt8(ascii: "%") }
                try scanner.expect(UInt8(ascii: "="), "= in a URI header")
                let value = scanner.span { SIPGrammar.isHeaderCharacter($0) || $0 == UInt8(ascii: "%") }
                guard !name.isEmpty, let decodedName = SIPGrammar.unescape(name),
                    let decodedValue = SIPGrammar.unescape(value)
                else { throw SIPSyntaxError("bad URI header") }
                headers.append(Header(name: decodedName, value: decodedValue))
            } while scanner.consume(UInt8(ascii: "&"))
        }
        guard scanner.isAtEnd else { throw SIPSyntaxError("unexpected characters in URI") }
        return SIPURI(
            scheme: scheme, user: user, password: password, host: host, port: port, parameters: parameters,
            headers: headers)
    }

    /// `host = hostname / IPv4address / IPv6reference` (RFC 3261 §25.1).
    private static func parseHost(_ scanner: inout SIPScanner) throws(SIPSyntaxError) -> String {
        if scanner.consume(UInt8(ascii: "[")) {
            let address = scanner.span { SIPGrammar.isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
            try scanner.expect(UInt8(ascii: "]"), "] closing an IPv6 reference")
            guard address.contains(UInt8(ascii: ":")), address.count >= 2 else {
                throw SIPSyntaxError("bad IPv6 reference")
            }
            return "[" + String(decoding: address, as: UTF8.self) + "]"
        }
        let host = scanner.span { SIPGrammar.isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
        guard !host.isEmpty, host.first != UInt8(ascii: "-"), host.first != UInt8(ascii: ".") else {
            throw SIPSyntaxError("bad host")
        }
        return String(decoding: host, as: UTF8.self)
    }

    /// `uri-parameters = *( ";" uri-parameter )`, values made of `paramchar` (escapes allowed).
    private static func parseURIParameters(_ scanner: inout SIPScanner) throws(SIPSyntaxError) -> SIPParameters {
        var parameters = SIPParameters()
        while scanner.consume(UInt8(ascii: ";")) {
            let name = scanner.span { SIPGrammar.isParamCharacter($0) || $0 == UInt8(ascii: "%") }
            guard !name.isEmpty, let decodedName = SIPGrammar.unescape(name) else {
                throw SIPSyntaxError("bad URI parameter")
            }
            if scanner.consume(UInt8(ascii: "=")) {
                let value = scanner.span { SIPGrammar.isParamCharacter($0) || $0 == UInt8(ascii: "%") }
                guard !value.isEmpty, let decodedValue = SIPGrammar.unescape(value) else {
                    throw SIPSyntaxError("bad value of URI parameter \(decodedName)")
                }
                parameters.append(decodedName, decodedValue)
            } else {
                parameters.append(decodedName, nil)
            }
        }
        return parameters
    }

    /// `tel:` URIs (RFC 3966): the number up to the first ";", then parameters.
    private static func parseTel(_ bytes: [UInt8]) throws(SIPSyntaxError) -> SIPURI {
        var scanner = SIPScanner(bytes: bytes)
        let number = scanner.span {
            SIPGrammar.isHexDigit($0) || Array("+-.()*#".utf8).contains($0) || $0 == UInt8(ascii: "p")
                || $0 == UInt8(ascii: "w")
        }
        guard !number.isEmpty else { throw SIPSyntaxError("bad tel: number") }
        let parameters = try parseURIParameters(&scanner)
        guard scanner.isAtEnd else { throw SIPSyntaxError("unexpected characters in tel: URI") }
        return SIPURI(scheme: "tel", user: String(decoding: number, as: UTF8.self), host: "", parameters: parameters)
    }
}
