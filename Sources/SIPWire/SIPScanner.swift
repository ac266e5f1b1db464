/// A cursor over the bytes of one (already unfolded) header value or start-line element.
///
/// Grammar helpers throw `SIPSyntaxError`; the message parser turns it into a `SIPDecodingError` naming the header.
struct SIPScanner {
    let bytes: [UInt8]
    var index: Int

    init(_ text: String) {
        self.bytes = Array(text.utf8)
        self.index = 0
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        self.index = 0
    }

    var isAtEnd: Bool { index >= bytes.count }

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while let byte = peek(), SIPGrammar.isWhitespace(byte) { index += 1 }
    }

    /// Consumes `byte` (after optional whitespace when `aroundWhitespace`); returns whether it was there.
    mutating func consume(_ byte: UInt8, aroundWhitespace: Bool = false) -> Bool {
        let saved = index
        if aroundWhitespace { skipWhitespace() }
        guard peek() == byte else {
            index = saved
            return false
        }
        index += 1
        if aroundWhitespace { skipWhitespace() }
        return true
    }

    mutating func expect(_ byte: UInt8, aroundWhitespace: Bool = false, _ what: String) throws(SIPSyntaxError) {
        guard consume(byte, aroundWhitespace: aroundWhitespace) else {
            throw SIPSyntaxError("expected \(what)")
        }
    }

    /// `1*(token characters)`; nil when none.
    mutating func token() -> String? {
        let start = index
        while let byte = peek(), SIPGrammar.isToken(byte) { index += 1 }
        return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
    }

    mutating func requireToken(_ what: String) throws(SIPSyntaxError) -> String {
        guard let value = token() else { throw SIPSyntaxError("expected \(what)") }
        return value
    }

    /// Bytes while `predicate` holds.
    mutating func span(while predicate: (UInt8) -> Bool) -> ArraySlice<UInt8> {
        let start = index
        while let byte = peek(), predicate(byte) { index += 1 }
        return bytes[start..<index]
    }

    /// `quoted-string = SWS DQUOTE *(qdtext / quoted-pair ) DQUOTE` (RFC 3261 §25.1), returned without the quotes
    /// and with quoted pairs resolved.
    mutating func quotedString() throws(SIPSyntaxError) -> String {
        skipWhitespace()
        guard consume(UInt8(ascii: "\"")) else { throw SIPSyntaxError("expected a quoted string") }
        var out: [UInt8] = []
        while let byte = peek() {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
                guard let next = peek(), next <= 0x7F, next != 0x0A, next != 0x0D else {
                    throw SIPSyntaxError("bad quoted pair")
                }
                out.append(next)
                index += 1
            case 0x0A, 0x0D:
                throw SIPSyntaxError("line break inside a quoted string")
            default:
                out.append(byte)
            }
        }
        throw SIPSyntaxError("unterminated quoted string")
    }

    /// `*( SEMI generic-param )` where `generic-param = token [ EQUAL gen-value ]` and
    /// `gen-value = token / host / quoted-string` (RFC 3261 §25.1).
    mutating func parameters() throws(SIPSyntaxError) -> SIPParameters {
        var parameters = SIPParameters()
        while consume(UInt8(ascii: ";"), aroundWhitespace: true) {
            let name = try requireToken("a parameter name")
            if consume(UInt8(ascii: "="), aroundWhitespace: true) {
                if peek() == UInt8(ascii: "\"") {
                    parameters.append(name, try quotedString(), quoted: true)
                } else {
                    let value = span { SIPGrammar.isToken($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "[")
                        || $0 == UInt8(ascii: "]") }
                    guard !value.isEmpty else { throw SIPSyntaxError("empty value of parameter \(name)") }
                    parameters.append(name, String(decoding: value, as: UTF8.self))
                }
            } else {
                parameters.append(name, nil)
            }
        }
        return parameters
    }

    /// The rest of the bytes as text.
    mutating func rest() -> String {
        defer { index = bytes.count }
        return String(decoding: bytes[min(index, bytes.count)...], as: UTF8.self)
    }

    mutating func requireEnd(_ what: String) throws(SIPSyntaxError) {
        skipWhitespace()
        guard isAtEnd else { throw SIPSyntaxError("unexpected characters after \(what)") }
    }
}

/// A grammar failure inside one element; wrapped into `SIPDecodingError` with the header it came from.
struct SIPSyntaxError: Error, Equatable {
    var reason: String

    init(_ reason: String) {
        self.reason = reason
    }
}

/// Splits a header value at top-level commas (RFC 3261 §7.3.1 "a comma-separated list"), ignoring commas inside
/// quoted strings and angle brackets.
enum SIPListSplitter {
    static func split(_ value: String) -> [String] {
        var parts: [String] = []
        var current: [UInt8] = []
        var inQuotes = false
        var inAngle = false
        var escaped = false
        for byte in value.utf8 {
            if escaped {
                current.append(byte)
                escaped = false
                continue
            }
            switch byte {
            case UInt8(ascii: "\\") where inQuotes:
                escaped = true
            case UInt8(ascii: "\""):
                inQuotes.toggle()
            case UInt8(ascii: "<") where !inQuotes:
                inAngle = true
            case UInt8(ascii: ">") where !inQuotes:
                inAngle = false
            case UInt8(ascii: ",") where !inQuotes && !inAngle:
                parts.append(trimmed(current))
                current.removeAll(keepingCapacity: true)
                continue
            default:
                break
            }
            current.append(byte)
        }
        parts.append(trimmed(current))
        return parts.filter { !$0.isEmpty }
    }

    static func trimmed(_ bytes: [UInt8]) -> String {
        var slice = bytes[...]
        while let first = slice.first, SIPGrammar.isWhitespace(first) { slice = slice.dropFirst() }
        while let last = slice.last, SIPGrammar.isWhitespace(last) { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }
}
