/// A telephone number in the international public telecommunication numbering plan.
///
/// See ITU-T E.164 §6 (at most 15 digits: country code, then national significant number) and ITU-T E.123 §7
/// (the `+` prefix and the visual separators a person may type). Stored and compared as digits only.
public struct E164Number: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The digits after `+`: country code followed by the national significant number.
    public let digits: String

    /// Maximum length of an international number (ITU-T E.164 §6.1).
    public static let maximumDigits = 15
    /// Shortest international number accepted (country code + a few digits, e.g. small Pacific plans).
    public static let minimumDigits = 7

    /// Parses `+<digits>` (E.123 separators allowed), the international prefix `00`, or a national number when a
    /// dialing plan says which country code and trunk prefix apply.
    public init(parsing text: String, plan: DialingPlan? = nil) throws(NumberParseError) {
        var cleaned = ""
        var plus = false
        for (offset, character) in text.enumerated() {
            switch character {
            case "0"..."9":
                cleaned.append(character)
            case "+" where cleaned.isEmpty && !plus:
                plus = true
            // E.123 §7.2: spaces, hyphens, dots, parentheses and slashes only group digits for the reader.
            case " ", "-", ".", "(", ")", "/", "\u{00A0}":
                continue
            default:
                throw .invalidCharacter(character, offset: offset)
            }
        }
        if cleaned.isEmpty { throw .empty }
        let international: String
        if plus {
            international = cleaned
        } else if let plan, cleaned.hasPrefix(plan.internationalPrefix) {
            international = String(cleaned.dropFirst(plan.internationalPrefix.count))
        } else if let plan {
            var national = Substring(cleaned)
            if !plan.trunkPrefix.isEmpty, national.hasPrefix(plan.trunkPrefix) {
                national = national.dropFirst(plan.trunkPrefix.count)
            }
            international = plan.countryCode + national
        } else {
            throw .nationalNumberWithoutCountry
        }
        try self.init(digits: international)
    }

    /// Wraps digits already known to be international (for values read back from storage); checks the length and
    /// that the country code does not start with 0 (E.164 §6.2.1).
    public init(digits: String) throws(NumberParseError) {
        guard !digits.isEmpty else { throw .empty }
        for (offset, character) in digits.enumerated() where !("0"..."9").contains(character) {
            throw .invalidCharacter(character, offset: offset)
        }
        guard digits.first != "0" else { throw .invalidCountryCode }
        guard digits.count >= Self.minimumDigits else { throw .tooShort(digits.count) }
        guard digits.count <= Self.maximumDigits else { throw .tooLong(digits.count) }
        self.digits = digits
    }

    /// `+` followed by the digits (the form used in JSON, SMPP addresses with TON international, and SIP URIs).
    public var description: String { "+" + digits }

    /// True when this number starts with `prefix` (a `+`-prefixed or bare digit string).
    public func hasPrefix(_ prefix: String) -> Bool {
        digits.hasPrefix(prefix.hasPrefix("+") ? String(prefix.dropFirst()) : prefix)
    }

    public static func < (lhs: E164Number, rhs: E164Number) -> Bool { lhs.digits < rhs.digits }
}

/// How national input is turned into an international number for one country (the carrier's).
public struct DialingPlan: Hashable, Sendable {
    /// The country calling code without `+` (E.164 Annex to the ITU Operational Bulletin), e.g. `44`.
    public var countryCode: String
    /// The national trunk prefix dropped before the national significant number, e.g. `0` (empty when none).
    public var trunkPrefix: String
    /// The international call prefix a subscriber dials instead of `+`, e.g. `00`.
    public var internationalPrefix: String

    public init(countryCode: String, trunkPrefix: String = "0", internationalPrefix: String = "00") {
        self.countryCode = countryCode
        self.trunkPrefix = trunkPrefix
        self.internationalPrefix = internationalPrefix
    }
}

/// Why text is not an E.164 number.
public enum NumberParseError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case invalidCharacter(Character, offset: Int)
    case tooShort(Int)
    case tooLong(Int)
    case invalidCountryCode
    case nationalNumberWithoutCountry

    public var description: String {
        switch self {
        case .empty: "no digits"
        case .invalidCharacter(let character, let offset): "invalid character '\(character)' at offset \(offset)"
        case .tooShort(let count): "\(count) digits is too short for an international number"
        case .tooLong(let count): "\(count) digits; E.164 allows at most 15"
        case .invalidCountryCode: "a country code never starts with 0"
        case .nationalNumberWithoutCountry: "a national number needs a country: write it as +<country code><number>"
        }
    }
}
