/// A carrier of the catalog: who serves a number, its C number, and how forwarding is switched on there.
public struct Carrier: Hashable, Sendable {
    public let id: CarrierID
    public var definition: CarrierDefinition

    public init(id: CarrierID, definition: CarrierDefinition) {
        self.id = id
        self.definition = definition
    }

    /// The carrier whose longest prefix matches `number` (a number matches a prefix when its digits start with it).
    public static func serving(_ number: E164Number, among carriers: [Carrier]) -> Carrier? {
        var best: (carrier: Carrier, length: Int)?
        for carrier in carriers {
            for prefix in carrier.definition.prefixes where number.hasPrefix(prefix) {
                if prefix.count > best?.length ?? -1 { best = (carrier, prefix.count) }
            }
        }
        return best?.carrier
    }
}

/// Radio technology of a carrier: decides the forwarding codes (3GPP TS 22.030 for GSM/UMTS/LTE, vertical service
/// codes for CDMA).
public enum CarrierTechnology: String, Hashable, Sendable, CaseIterable {
    case gsm, cdma
}

/// Whether the carrier's service provisioning platform is integrated, and how to reach it.
public enum ProvisioningIntegration: Hashable, Sendable {
    case none
    case http(url: String, token: String)
}

/// The catalog fields of a carrier, checked: what the admin API and `reroute carriers import` accept.
public struct CarrierDefinition: Hashable, Sendable {
    /// ISO 3166-1 alpha-2 country code, upper case.
    public let country: String
    /// Mobile country code (ITU-T E.212), three digits.
    public let mcc: String
    /// Mobile network code (ITU-T E.212), two or three digits.
    public let mnc: String
    public let name: String
    public let technology: CarrierTechnology
    /// The number calls are forwarded to: Reroute's gateway number at this carrier.
    public let cNumber: E164Number
    /// `+` and digits: numbers starting with one of these belong to the carrier's subscribers.
    public let prefixes: [String]
    public let provisioning: ProvisioningIntegration

    public init(
        country: String, mcc: String, mnc: String, name: String, technology: String, cNumber: String,
        prefixes: [String], provisioning: ProvisioningIntegration
    ) throws(CarrierDefinitionError) {
        guard country.utf8.count == 2, country.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else {
            throw .invalid(field: "country", "'\(country)' is not an ISO 3166-1 alpha-2 code (two upper-case letters)")
        }
        guard mcc.utf8.count == 3, mcc.allSatisfy(\.isASCIIDigit) else {
            throw .invalid(field: "mcc", "'\(mcc)' is not a mobile country code (three digits)")
        }
        guard (2...3).contains(mnc.utf8.count), mnc.allSatisfy(\.isASCIIDigit) else {
            throw .invalid(field: "mnc", "'\(mnc)' is not a mobile network code (two or three digits)")
        }
        let trimmedName = name.trimmingSpaces
        guard !trimmedName.isEmpty, trimmedName.count <= 100 else {
            throw .invalid(field: "name", "the name must have 1 to 100 characters")
        }
        guard let technology = CarrierTechnology(rawValue: technology) else {
            throw .invalid(field: "technology", "'\(technology)' is neither gsm nor cdma")
        }
        guard cNumber.hasPrefix("+"), let c = try? E164Number(parsing: cNumber) else {
            throw .invalid(field: "c_number", "'\(cNumber)' is not an E.164 number (+ and digits)")
        }
        guard !prefixes.isEmpty else { throw .invalid(field: "prefixes", "at least one prefix is needed") }
        for prefix in prefixes {
            let digits = prefix.dropFirst()
            guard prefix.hasPrefix("+"), (1...15).contains(digits.count), digits.allSatisfy(\.isASCIIDigit),
                digits.first != "0"
            else { throw .invalid(field: "prefixes", "'\(prefix)' is not + followed by 1 to 15 digits") }
        }
        if case .http(let url, let token) = provisioning {
            guard url.hasPrefix("http://") || url.hasPrefix("https://"), url.count > 8 else {
                throw .invalid(field: "provisioning.url", "'\(url)' is not an http:// or https:// URL")
            }
            guard !token.isEmpty else { throw .invalid(field: "provisioning.token", "the token is empty") }
        }
        self.country = country
        self.mcc = mcc
        self.mnc = mnc
        self.name = trimmedName
        self.technology = technology
        self.cNumber = c
        self.prefixes = prefixes
        self.provisioning = provisioning
    }
}

/// A catalog entry that cannot be accepted, naming the field.
public enum CarrierDefinitionError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalid(field: String, String)

    public var description: String {
        switch self {
        case .invalid(let field, let message): "\(field): \(message)"
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
