import Foundation
import HTTPTypes
import RoutingCore
import RoutingService

// Request bodies of `docs/openapi.yaml`, each decoded strictly: a field the schema does not name is refused
// (`additionalProperties: false`), and the schema's patterns and lengths are checked here so that what the
// document allows and what the server accepts never differ.

/// `POST /v1/accounts` (schema `CreateAccount`).
struct CreateAccountBody: Decodable {
    var number: String
    var password: String

    enum CodingKeys: String, CodingKey, CaseIterable { case number, password }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        number = try container.numberInput(.number)
        password = try container.text(.password, lengths: 8...128)
    }
}

/// `POST /v1/numbers/{e164}/validations` (schema `StartValidation`).
struct StartValidationBody: Decodable {
    var method: ValidationMethod

    enum CodingKeys: String, CodingKey, CaseIterable { case method }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let text = try container.decode(String.self, forKey: .method)
        guard let method = ValidationMethod(rawValue: text) else {
            throw APIError.badRequest("field \"method\" must be one of "
                + ValidationMethod.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.method = method
    }
}

/// `POST /v1/validations/{id}/confirm` (schema `ConfirmValidation`).
struct ConfirmValidationBody: Decodable {
    var code: String

    enum CodingKeys: String, CodingKey, CaseIterable { case code }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(String.self, forKey: .code)
        guard code.utf8.count == 6, code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw APIError(.badRequest, "wrong_code", "field \"code\" must be the 6 digits received")
        }
    }
}

/// `POST /v1/sessions` (schema `Login`).
struct LoginBody: Decodable {
    var number: String
    var password: String
    var device: DeviceRegistration

    enum CodingKeys: String, CodingKey, CaseIterable { case number, password, device }
    enum DeviceKeys: String, CodingKey, CaseIterable {
        case id, name, vendor, os
        case appVersion = "app_version"
        case pushToken = "push_token"
    }
    enum PushKeys: String, CodingKey, CaseIterable { case provider, param, prid }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        number = try container.numberInput(.number)
        password = try container.text(.password, lengths: 1...128)
        let deviceDecoder = try container.superDecoder(forKey: .device)
        try deviceDecoder.rejectUnknownFields(DeviceKeys.self)
        let device = try deviceDecoder.container(keyedBy: DeviceKeys.self)
        let id = try device.decode(String.self, forKey: .id)
        // Schema DeviceID: what RoutingCore's DeviceID accepts, restricted to the characters of a SIP user part.
        guard (1...128).contains(id.utf8.count),
            id.utf8.allSatisfy({ $0 < 0x80 && (Character(UnicodeScalar($0)).isLetter
                || Character(UnicodeScalar($0)).isNumber || "_.:-".utf8.contains($0)) })
        else {
            throw APIError.badRequest("field \"device.id\" must be 1 to 128 letters, digits, _ . : or -")
        }
        var push: PushToken?
        if device.contains(.pushToken) {
            let pushDecoder = try device.superDecoder(forKey: .pushToken)
            try pushDecoder.rejectUnknownFields(PushKeys.self)
            let fields = try pushDecoder.container(keyedBy: PushKeys.self)
            let provider = try fields.decode(String.self, forKey: .provider)
            // RFC 8599 §4.1.1: pn-provider is a token naming the push service.
            guard (1...64).contains(provider.utf8.count),
                provider.utf8.allSatisfy({ $0 < 0x80 && (Character(UnicodeScalar($0)).isLetter
                    || Character(UnicodeScalar($0)).isNumber || "_.-".utf8.contains($0)) })
            else {
                throw APIError.badRequest("field \"device.push_token.provider\" must be a token such as apns or fcm")
            }
            push = PushToken(
                provider: provider,
                param: try fields.optionalText(.param, lengths: 1...256),
                prid: try fields.text(.prid, lengths: 1...4096))
        }
        self.device = DeviceRegistration(
            id: id, name: try device.text(.name, lengths: 1...128), vendor: try device.text(.vendor, lengths: 1...128),
            os: try device.text(.os, lengths: 1...128),
            appVersion: try device.optionalText(.appVersion, lengths: 1...128),
            pushToken: push)
    }
}

/// `POST /v1/me/numbers` and `PUT /v1/me/primary` (schema `NumberBody`).
struct NumberBody: Decodable {
    var number: String

    enum CodingKeys: String, CodingKey, CaseIterable { case number }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        number = try decoder.container(keyedBy: CodingKeys.self).numberInput(.number)
    }
}

/// `POST /v1/me/numbers/{e164}/forwarding/result` (schema `ForwardingResult`).
struct ForwardingResultBody: Decodable {
    var succeeded: Bool
    var detail: String

    enum CodingKeys: String, CodingKey, CaseIterable { case succeeded, detail }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        succeeded = try container.decode(Bool.self, forKey: .succeeded)
        detail = try container.optionalText(.detail, lengths: 0...1024) ?? ""
    }
}

/// `POST /v1/admin/carriers` and `PUT /v1/admin/carriers/{id}` (schema `CarrierInput`), checked by RoutingCore.
struct CarrierBody: Decodable {
    var definition: CarrierDefinition

    enum CodingKeys: String, CodingKey, CaseIterable {
        case country, mcc, mnc, name, technology, prefixes, provisioning
        case cNumber = "c_number"
    }
    enum ProvisioningKeys: String, CodingKey, CaseIterable { case type, url, token }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let provisioningDecoder = try container.superDecoder(forKey: .provisioning)
        try provisioningDecoder.rejectUnknownFields(ProvisioningKeys.self)
        let fields = try provisioningDecoder.container(keyedBy: ProvisioningKeys.self)
        let provisioning: ProvisioningIntegration
        switch try fields.decode(String.self, forKey: .type) {
        case "none":
            guard !fields.contains(.url), !fields.contains(.token) else {
                throw APIError(.badRequest, "unknown_field", "provisioning of type \"none\" takes no url or token")
            }
            provisioning = .none
        case "http":
            let url = try fields.text(.url, lengths: 1...2048)
            // Schema: ^https?://[^\x00\t\n\r ]{2,}$
            let rest = url.hasPrefix("https://") ? url.dropFirst(8) : url.hasPrefix("http://") ? url.dropFirst(7) : nil
            guard let rest, rest.unicodeScalars.count >= 2,
                !rest.unicodeScalars.contains(where: { "\u{0}\t\n\r ".unicodeScalars.contains($0) })
            else {
                throw APIError(
                    .badRequest, "invalid_carrier", "field \"provisioning.url\" must be an http:// or https:// URL")
            }
            provisioning = .http(url: url, token: try fields.text(.token, lengths: 1...1024))
        default:
            throw APIError.badRequest("field \"provisioning.type\" must be none or http")
        }
        // The schema's own limits first (CarrierInput), so nothing it refuses is accepted; then RoutingCore's rules.
        let name = try container.text(.name, lengths: 1...100)
        // Schema: ^[^\x00\t\n\r ]([^\x00\n\r]*[^\x00\t\n\r ])?$ (U+0000 is refused by text(_:lengths:)).
        let ends = "\t\n\r ".unicodeScalars
        guard let first = name.unicodeScalars.first, let last = name.unicodeScalars.last,
            !ends.contains(first), !ends.contains(last),
            !name.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" })
        else {
            throw APIError.badRequest("field \"name\" must not start or end with spaces or hold line breaks")
        }
        let cNumber = try container.decode(String.self, forKey: .cNumber)
        guard E164Text.isValid(cNumber) else {
            throw APIError(.badRequest, "invalid_carrier", "field \"c_number\" must be + and 7 to 15 digits")
        }
        let prefixes = try container.decode([String].self, forKey: .prefixes)
        guard (1...1000).contains(prefixes.count), prefixes.allSatisfy(Self.isPrefix) else {
            throw APIError(.badRequest, "invalid_carrier",
                "field \"prefixes\" must hold 1 to 1000 prefixes, each + and 1 to 15 digits not starting with 0")
        }
        do {
            definition = try CarrierDefinition(
                country: try container.decode(String.self, forKey: .country),
                mcc: try container.decode(String.self, forKey: .mcc),
                mnc: try container.decode(String.self, forKey: .mnc),
                name: name,
                technology: try container.decode(String.self, forKey: .technology),
                cNumber: cNumber,
                prefixes: prefixes,
                provisioning: provisioning)
        } catch let error as CarrierDefinitionError {
            throw APIError(.badRequest, "invalid_carrier", error.description)
        }
    }
}

extension CarrierBody {
    /// `+` and 1 to 15 digits, the first not 0 (schema `CarrierInput.prefixes`).
    static func isPrefix(_ text: String) -> Bool {
        let digits = text.utf8.dropFirst()
        return text.utf8.first == 0x2B && (1...15).contains(digits.count) && digits.first != 0x30
            && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}

extension KeyedDecodingContainer {
    /// A string whose length lies in `lengths`, counted as JSON Schema counts (`minLength`/`maxLength`: code
    /// points), without U+0000 (schema pattern `^[^\x00]*$`: PostgreSQL text cannot hold it).
    func text(_ key: Key, lengths: ClosedRange<Int>) throws -> String {
        let value = try decode(String.self, forKey: key)
        guard lengths.contains(value.unicodeScalars.count) else {
            throw APIError.badRequest("field \"\(StrictJSON.path(codingPath + [key]))\" must have "
                + "\(lengths.lowerBound) to \(lengths.upperBound) characters")
        }
        guard !value.unicodeScalars.contains("\u{0}") else {
            throw APIError.badRequest("field \"\(StrictJSON.path(codingPath + [key]))\" must not contain U+0000")
        }
        return value
    }

    func optionalText(_ key: Key, lengths: ClosedRange<Int>) throws -> String? {
        guard contains(key) else { return nil }
        return try text(key, lengths: lengths)
    }

    /// A number as typed (schema `NumberInput`): an optional `+` and 2 to 15 digits.
    func numberInput(_ key: Key) throws -> String {
        let value = try decode(String.self, forKey: key)
        guard E164Text.isValidInput(value) else {
            throw APIError(.badRequest, "invalid_number",
                "field \"\(StrictJSON.path(codingPath + [key]))\" must be + and digits, or national digits")
        }
        return value
    }
}
