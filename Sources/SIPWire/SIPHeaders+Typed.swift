/// Typed views of the headers the SIP machinery needs. Each throws `SIPDecodingError` (400) naming the header.
extension SIPHeaders {
    /// Call-ID (RFC 3261 §20.8): `word [ "@" word ]`.
    public func callID() throws(SIPDecodingError) -> String {
        let value = try single("call-id")
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(SIPGrammar.isWord) }) else {
            throw malformed("call-id", "not a word[@word]")
        }
        return value
    }

    public func cseq() throws(SIPDecodingError) -> SIPCSeq {
        let value = try single("cseq")
        do { return try SIPCSeq(parsing: value) } catch { throw malformed("cseq", error.reason) }
    }

    public func from() throws(SIPDecodingError) -> SIPAddress { try address("from") }

    public func to() throws(SIPDecodingError) -> SIPAddress { try address("to") }

    /// Every Via value, top first (RFC 3261 §20.42).
    public func vias() throws(SIPDecodingError) -> [SIPVia] {
        var out: [SIPVia] = []
        for value in values("via") {
            do { out.append(try SIPVia(parsing: value)) } catch { throw malformed("via", error.reason) }
        }
        return out
    }

    public func topVia() throws(SIPDecodingError) -> SIPVia {
        guard let first = try vias().first else {
            throw SIPDecodingError(.missingHeader, header: "via", reason: "missing", headers: self)
        }
        return first
    }

    /// Contact (RFC 3261 §20.10): `*` or a list of addresses.
    public func contacts() throws(SIPDecodingError) -> SIPContacts {
        let values = values("contact")
        if values.count == 1, SIPListSplitter.trimmed(Array(values[0].utf8)) == "*" { return .wildcard }
        return .addresses(try addresses("contact"))
    }

    public func routes() throws(SIPDecodingError) -> [SIPAddress] { try addresses("route") }

    public func recordRoutes() throws(SIPDecodingError) -> [SIPAddress] { try addresses("record-route") }

    /// Every address of a list header such as Route, Path, Diversion, History-Info or P-Asserted-Identity.
    public func addresses(_ name: String) throws(SIPDecodingError) -> [SIPAddress] {
        var out: [SIPAddress] = []
        for value in values(name) {
            do { out.append(try SIPAddress(parsing: value)) } catch {
                throw malformed(SIPHeaderName.canonical(name), error.reason)
            }
        }
        return out
    }

    /// Max-Forwards (RFC 3261 §20.22), nil when absent.
    public func maxForwards() throws(SIPDecodingError) -> Int? { try integer("max-forwards", limit: 255) }

    /// Content-Length (RFC 3261 §20.14), nil when absent.
    public func contentLength() throws(SIPDecodingError) -> Int? { try integer("content-length", limit: 1 << 30) }

    /// Expires (RFC 3261 §20.19: delta-seconds), nil when absent.
    public func expires() throws(SIPDecodingError) -> UInt32? {
        try integer("expires", limit: Int(UInt32.max)).map { UInt32($0) }
    }

    /// The option tags of Supported, Require, Proxy-Require or Unsupported (RFC 3261 §20.37).
    public func optionTags(_ name: String) throws(SIPDecodingError) -> [String] {
        var out: [String] = []
        for value in values(name) {
            guard !value.isEmpty, value.utf8.allSatisfy(SIPGrammar.isToken) else {
                throw malformed(SIPHeaderName.canonical(name), "not an option tag: \(value)")
            }
            out.append(value)
        }
        return out
    }

    /// Digest challenges or credentials (WWW-Authenticate, Proxy-Authenticate, Authorization, Proxy-Authorization).
    public func authentications(_ name: String) throws(SIPDecodingError) -> [SIPAuthentication] {
        var out: [SIPAuthentication] = []
        for value in rows(name) {
            do { out.append(try SIPAuthentication(parsing: value)) } catch {
                throw malformed(SIPHeaderName.canonical(name), error.reason)
            }
        }
        return out
    }

    /// Checks Date when present (RFC 3261 §20.17: `Date = "Date" HCOLON SIP-date`, `SIP-date = rfc1123-date`,
    /// `rfc1123-date = wkday "," SP date1 SP time SP "GMT"`). RFC 3261 §20.17 "SIP only supports recent dates, and
    /// the date MUST be expressed in GMT" — RFC 4475 §3.1.2.12 sends "EST".
    public func checkDate() throws(SIPDecodingError) {
        guard contains("date") else { return }
        let value = try single("date")
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6 else { throw malformed("date", "not an RFC 1123 date") }
        let digits = { (text: String, count: Int) in text.utf8.count == count && text.utf8.allSatisfy(SIPGrammar.isDigit) }
        let time = parts[4].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts[0].hasSuffix(","), weekdays.contains(String(parts[0].dropLast())), digits(parts[1], 2),
            months.contains(parts[2]), digits(parts[3], 4), time.count == 3, time.allSatisfy({ digits($0, 2) })
        else { throw malformed("date", "not an RFC 1123 date") }
        guard parts[5] == "GMT" else { throw malformed("date", "time zone \(parts[5]) is not GMT") }
    }

    // MARK: - Helpers

    private func single(_ name: String) throws(SIPDecodingError) -> String {
        let rows = rows(name)
        guard let first = rows.first else {
            throw SIPDecodingError(.missingHeader, header: name, reason: "missing", headers: self)
        }
        guard rows.count == 1 else {
            throw SIPDecodingError(.duplicateHeader, header: name, reason: "appears \(rows.count) times", headers: self)
        }
        return first
    }

    private func address(_ name: String) throws(SIPDecodingError) -> SIPAddress {
        let value = try single(name)
        do { return try SIPAddress(parsing: value) } catch { throw malformed(name, error.reason) }
    }

    private func integer(_ name: String, limit: Int) throws(SIPDecodingError) -> Int? {
        let rows = rows(name)
        guard let value = rows.first else { return nil }
        guard rows.count == 1 else {
            throw SIPDecodingError(.duplicateHeader, header: name, reason: "appears \(rows.count) times", headers: self)
        }
        guard !value.isEmpty, value.utf8.count <= 10, value.utf8.allSatisfy(SIPGrammar.isDigit),
            let number = Int(value), number <= limit
        else { throw malformed(name, "not a number up to \(limit)") }
        return number
    }

    private func malformed(_ name: String, _ reason: String) -> SIPDecodingError {
        SIPDecodingError(.malformedHeader, header: name, reason: reason, headers: self)
    }
}

/// The value of a Contact header: `*` (only in a REGISTER that removes every binding) or addresses.
public enum SIPContacts: Hashable, Sendable {
    case wildcard
    case addresses([SIPAddress])
}
