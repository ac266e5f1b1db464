/// Header field names: compact forms and which headers are comma-separated lists.
public enum SIPHeaderName {
    /// RFC 3261 §7.3.3 compact forms and those registered since (RFC 3262/3265/3515/3892/4028/6665...).
    static let compactForms: [String: String] = [
        "a": "accept-contact", "b": "referred-by", "c": "content-type", "d": "request-disposition",
        "e": "content-encoding", "f": "from", "i": "call-id", "j": "reject-contact", "k": "supported",
        "l": "content-length", "m": "contact", "n": "identity-info", "o": "event", "r": "refer-to", "s": "subject",
        "t": "to", "u": "allow-events", "v": "via", "x": "session-expires", "y": "identity",
    ]

    /// Headers whose value is a comma-separated list, so several rows or several values per row are the same thing
    /// (RFC 3261 §7.3.1). The authentication headers are excluded on purpose: their commas separate parameters.
    static let listHeaders: Set<String> = [
        "via", "contact", "route", "record-route", "allow", "supported", "require", "proxy-require", "unsupported",
        "accept", "accept-encoding", "accept-language", "content-encoding", "content-language", "alert-info",
        "call-info", "error-info", "in-reply-to", "warning", "allow-events", "path", "service-route", "diversion",
        "history-info", "p-asserted-identity", "p-preferred-identity", "reason", "security-client",
        "security-server", "security-verify", "accept-contact", "reject-contact", "request-disposition",
        "p-associated-uri",
    ]

    /// The lower-cased long form of `name` (RFC 3261 §7.3.1: "Field names are always case-insensitive").
    public static func canonical(_ name: String) -> String {
        let lower = name.lowercased()
        return compactForms[lower] ?? lower
    }

    /// Whether `name` (any spelling) is a comma-separated list header.
    public static func isList(_ name: String) -> Bool {
        listHeaders.contains(canonical(name))
    }
}
