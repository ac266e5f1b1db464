public import Hummingbird
import Foundation

/// Path parameters, percent-decoded and checked before any handler sees them.
extension Parameters {
    /// The `{e164}` segment: `+` and 7 to 15 digits (ITU-T E.164 §6: at most 15 digits), `+` sent as is or as `%2B`
    /// (RFC 3986 §2.1).
    func e164(_ name: String = "e164") throws(APIError) -> String {
        let raw = get(name) ?? ""
        guard let text = raw.removingPercentEncoding, E164Text.isValid(text) else {
            throw .invalidNumber(raw.removingPercentEncoding ?? raw)
        }
        return text
    }

    /// A UUID segment (`{id}` of validations and carriers); anything else names no resource.
    func uuid(_ name: String, what: String) throws(APIError) -> UUID {
        let raw = get(name) ?? ""
        guard let id = UUID(uuidString: raw.removingPercentEncoding ?? raw) else {
            throw .badRequest("\(what) id \"\(raw)\" is not a UUID")
        }
        return id
    }
}

/// The textual forms of numbers the API accepts; the service parses them into its own number type.
enum E164Text {
    /// `+`, a country code not starting with 0 (E.164 §6.2.1) and 7 to 15 digits in all (RoutingCore's
    /// `E164Number` limits), as in `docs/openapi.yaml` schema `E164`.
    static func isValid(_ text: String) -> Bool {
        guard text.first == "+" else { return false }
        let digits = text.utf8.dropFirst()
        return (7...15).contains(digits.count) && digits.first != 0x30 && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// E.164 or national digits (schema `NumberInput`): an optional `+` and 2 to 15 digits; the service reads
    /// national digits with the configured dialing plan.
    static func isValidInput(_ text: String) -> Bool {
        let digits = text.utf8.first == 0x2B ? text.utf8.dropFirst() : text.utf8.dropFirst(0)
        return (2...15).contains(digits.count) && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
