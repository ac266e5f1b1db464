/// What is wrong with a parameter list, before it is turned into an `M3UADecodingError` with the offending message.
enum M3UAParameterFault: Error, Hashable, Sendable {
    /// A length field that is too short, overruns the message, or does not fit the parameter's format
    /// (RFC 4666 §3.8.1 "Parameter Field Error").
    case fieldError(M3UAParameterTag?)
    /// A value the RFC forbids, e.g. a DUPU Affected Point Code with a mask other than 0 (§3.8.1 "Invalid Parameter
    /// Value").
    case invalidValue(M3UAParameterTag)
    /// A known parameter this message must not carry, or a repeat of one that may appear only once
    /// (§3.8.1 "Unexpected Parameter").
    case unexpected(M3UAParameterTag)
    /// A mandatory parameter is absent (§3.8.1 "Missing Parameter").
    case missing(M3UAParameterTag)
}
