import Foundation
import RoutingCore
import RoutingService

// Response bodies of `docs/openapi.yaml`, built from the service's values. Field names are the document's.

/// Schema `Account` (`POST /v1/accounts`).
struct AccountBody: Encodable {
    var account_id: String
    var numbers: [AccountNumberBody]

    init(_ view: AccountView) {
        account_id = view.accountID.description
        numbers = view.numbers.map(AccountNumberBody.init)
    }
}

/// Schema `AccountNumber`.
struct AccountNumberBody: Encodable {
    var number: String
    var role: String
    var validated: Bool

    init(_ view: NumberView) {
        number = view.number.description
        role = view.role.rawValue
        validated = view.validated
    }
}

/// Schema `Me` (`GET /v1/me`, `PUT /v1/me/primary`).
struct MeBody: Encodable {
    struct Number: Encodable {
        var number: String
        var role: String
        var validated: Bool
        var forwarding: ForwardingSummary
    }
    struct ForwardingSummary: Encodable {
        var state: String
        var method: String?
        var code: String?
    }
    struct Device: Encodable {
        var id: String
        var name: String
        var available: Bool
        var last_seen: Date?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(available, forKey: .available)
            // Schema: `last_seen` is always present, `null` for a device never seen.
            try container.encode(last_seen, forKey: .last_seen)
        }
        enum CodingKeys: String, CodingKey { case id, name, available, last_seen }
    }

    var account_id: String
    var primary: String?
    var numbers: [Number]
    var devices: [Device]

    init(_ view: AccountView) {
        account_id = view.accountID.description
        primary = view.primary?.description
        numbers = view.numbers.map {
            Number(
                number: $0.number.description, role: $0.role.rawValue, validated: $0.validated,
                forwarding: ForwardingSummary(
                    state: $0.forwarding.state.rawValue, method: $0.forwarding.method?.rawValue,
                    code: $0.forwarding.code))
        }
        devices = view.devices.map {
            Device(id: $0.id.value, name: $0.name, available: $0.available, last_seen: $0.lastSeen)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(account_id, forKey: .account_id)
        // Schema: `primary` is always present, `null` until a number is validated.
        try container.encode(primary, forKey: .primary)
        try container.encode(numbers, forKey: .numbers)
        try container.encode(devices, forKey: .devices)
    }
    enum CodingKeys: String, CodingKey { case account_id, primary, numbers, devices }
}

/// Schema `Validation` (`POST /v1/numbers/{e164}/validations`): the attempt and what the user must do.
struct ValidationBody: Encodable {
    var validation_id: String
    var number: String
    var method: String
    var expires_at: Date
    var send_sms_to: String?
    var text: String?
    var call: String?

    init(_ started: ValidationStarted) {
        validation_id = started.id.description
        number = started.number.description
        method = started.method.rawValue
        expires_at = started.expiresAt
        switch started.instructions {
        case .enterCodeSentBySMS, .enterCodeFromCall, .returnCodeFromSMS:
            break
        case .sendSMS(let to, let text):
            send_sms_to = to.description
            self.text = text
        case .call(let number):
            call = number.description
        }
    }
}

/// Schema `Validated` (`POST /v1/validations/{id}/confirm`).
struct ValidatedBody: Encodable {
    var number: String
    var validated = true

    init(_ confirmed: ValidationConfirmed) {
        number = confirmed.number.description
    }
}

/// Schema `Session` (`POST /v1/sessions`).
struct SessionBody: Encodable {
    struct SIP: Encodable {
        var username: String
        var password: String
        var domain: String
        var registrar: String
    }
    var token: String
    var expires_at: Date
    var sip: SIP

    init(_ result: LoginResult) {
        token = result.token
        expires_at = result.expiresAt
        sip = SIP(
            username: result.sip.username, password: result.sip.password, domain: result.sip.domain,
            registrar: result.sip.registrar)
    }
}

/// Schema `Forwarding` (`GET /v1/me/numbers/{e164}/forwarding` and its `/result`).
struct ForwardingBody: Encodable {
    struct Transition: Encodable {
        var from: String
        var to: String
        var time: Date
        var detail: String
    }
    var number: String
    var state: String
    var method: String?
    var code: String?
    var c_number: String?
    var history: [Transition]

    init(_ view: ForwardingView) {
        number = view.number.description
        state = view.state.rawValue
        method = view.method?.rawValue
        code = view.code
        c_number = view.cNumber?.description
        history = view.history.map {
            Transition(from: $0.from.rawValue, to: $0.to.rawValue, time: $0.at, detail: $0.detail)
        }
    }
}

/// Schema `Route` (`GET /v1/routes/{e164}`).
struct RouteBody: Encodable {
    struct Contact: Encodable {
        var device_id: String
        var uri: String
        var transport: String
        var codecs: [String]
        var bandwidth_kbps: Int?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(device_id, forKey: .device_id)
            try container.encode(uri, forKey: .uri)
            try container.encode(transport, forKey: .transport)
            try container.encode(codecs, forKey: .codecs)
            // Schema: always present, `null` when the device did not tell its bandwidth.
            try container.encode(bandwidth_kbps, forKey: .bandwidth_kbps)
        }
        enum CodingKeys: String, CodingKey { case device_id, uri, transport, codecs, bandwidth_kbps }
    }
    var available: Bool
    var account_id: String?
    var contacts: [Contact]?
    /// Devices to wake by push when none is connected (then `contacts` is empty).
    var wake: [String]?
    var reason: String?

    init(_ lookup: RouteLookup) {
        switch lookup {
        case .available(let accountID, let contacts):
            available = true
            account_id = accountID.description
            self.contacts = contacts.map {
                Contact(
                    device_id: $0.deviceID.value, uri: $0.uri, transport: $0.transport, codecs: $0.codecs,
                    bandwidth_kbps: $0.bandwidthKbps)
            }
        case .wakeable(let accountID, let devices):
            available = true
            account_id = accountID.description
            contacts = []
            wake = devices.map(\.value)
        case .unavailable(let reason):
            available = false
            self.reason = reason.rawValue
        }
    }
}

/// Schema `Carrier`: the catalog entry; a provisioning platform's token is never shown.
struct CarrierResponseBody: Encodable {
    struct Provisioning: Encodable {
        var type: String
        var url: String?
    }
    var id: String
    var country: String
    var mcc: String
    var mnc: String
    var name: String
    var technology: String
    var c_number: String
    var prefixes: [String]
    var provisioning: Provisioning

    init(_ carrier: Carrier) {
        let definition = carrier.definition
        id = carrier.id.description
        country = definition.country
        mcc = definition.mcc
        mnc = definition.mnc
        name = definition.name
        technology = definition.technology.rawValue
        c_number = definition.cNumber.description
        prefixes = definition.prefixes
        switch definition.provisioning {
        case .none: provisioning = Provisioning(type: "none")
        case .http(let url, _): provisioning = Provisioning(type: "http", url: url)
        }
    }
}
