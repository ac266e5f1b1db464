/// A fault inside one field's value; the parser turns it into an ``SDPDecodingError`` with the line.
struct SDPFieldError: Error {
    var reason: String

    init(_ reason: String) { self.reason = reason }

    /// Exactly `count` words separated by single spaces (RFC 8866 §9: fields are separated by SP).
    static func words(_ value: String, count: Int, _ what: String) throws(SDPFieldError) -> [String] {
        let words = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.count == count, words.allSatisfy({ !$0.isEmpty }) else {
            throw SDPFieldError("\(what) needs \(count) space-separated words")
        }
        return words
    }

    /// At least `count` non-empty words separated by single spaces.
    static func words(_ value: String, atLeast count: Int, _ what: String) throws(SDPFieldError) -> [String] {
        let words = value.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.count >= count, words.allSatisfy({ !$0.isEmpty }) else {
            throw SDPFieldError("\(what) needs at least \(count) space-separated words")
        }
        return words
    }

    static func isDigits(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// A decimal integer in `range` (at most 19 digits, so no overflow).
    static func integer<T: FixedWidthInteger>(
        _ text: some StringProtocol, _ what: String, as type: T.Type = T.self
    ) throws(SDPFieldError) -> T {
        guard text.count <= 19, isDigits(String(text)), let value = T(text) else {
            throw SDPFieldError("\(what) is not a number in range")
        }
        return value
    }
}
