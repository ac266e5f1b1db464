public import Interworking
public import NIOCore
public import RoutingCore

/// The `[routing]` section of `conf/gateway.conf`: whether and how incoming calls ask the routing server.
public struct GatewayRoutingSettings: Sendable {
    public enum Mode: String, Sendable, CaseIterable {
        /// The routing service runs in this process, on PostgreSQL (`DATABASE_URL` or a private cluster).
        case inProcess = "in-process"
        /// `reroute icrs` elsewhere, over its HTTP API with the service token.
        case http
        /// No routing server: every call follows `[calls] rule`.
        case none
    }

    public var mode: Mode
    /// `http`: the routing server's base URL (`http://127.0.0.1:8080`).
    public var url: String?
    /// `http`: the token of the service routes (`X-Service-Token`).
    public var serviceToken: String?
    /// How the gateway reads IAM numbers: default country code, C numbers, validation number.
    public var plan: InterworkingPlan
    /// How long one question to the routing server may take before the call is released with cause 41.
    public var timeout: TimeAmount
    /// Where voicemail audio is kept: in-process, the routing server's crash-safe store; over HTTP, the gateway's
    /// spool of messages not yet taken by the remote routing server. nil: no voicemail.
    public var voicemailDirectory: String?

    public static let disabled = GatewayRoutingSettings(
        mode: .none, url: nil, serviceToken: nil, plan: InterworkingPlan(defaultCountryCode: "44"),
        timeout: .seconds(2))

    public init(mode: Mode, url: String?, serviceToken: String?, plan: InterworkingPlan, timeout: TimeAmount) {
        self.mode = mode
        self.url = url
        self.serviceToken = serviceToken
        self.plan = plan
        self.timeout = timeout
    }

    static let keys: Set<String> = [
        "mode", "url", "service-token", "country-code", "c-numbers", "validation-number", "timeout",
        "redirection-limit", "voicemail-directory",
    ]

    /// Reads `[routing]`; absent means `mode = none`.
    init(reader: Reader) throws(ConfigurationError) {
        mode = try reader.choice("routing", "mode", default: .none)
        let countryCode: String = try reader.string("routing", "country-code", default: "")
        if mode != .none || !countryCode.isEmpty {
            guard (1...3).contains(countryCode.count), countryCode.allSatisfy({ $0.isASCII && $0.isNumber }),
                countryCode.first != "0"
            else {
                throw reader.error(
                    "routing", "country-code",
                    "must be a country calling code (1 to 3 digits, E.164), not \"\(countryCode)\"")
            }
        }
        var cNumbers: [InterworkingPlan.CNumber] = []
        for item in try reader.list("routing", "c-numbers", default: []) {
            let parts = item.split(separator: "/")
            guard parts.count == 2, parts[1].count <= 3, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
                let number = try? E164Number(parsing: String(parts[0])), parts[0].hasPrefix("+"),
                number.digits.hasPrefix(String(parts[1]))
            else {
                throw reader.error(
                    "routing", "c-numbers",
                    "must list +NUMBER/COUNTRY-CODE items like +447700900000/44, not \"\(item)\"")
            }
            cNumbers.append(.init(number: number, countryCode: String(parts[1])))
        }
        var validationNumber: E164Number?
        if let text = reader.file.value("routing", "validation-number")?.text {
            guard text.hasPrefix("+"), let number = try? E164Number(parsing: text) else {
                throw reader.error(
                    "routing", "validation-number", "must be an E.164 number (+ and digits), not \"\(text)\"")
            }
            validationNumber = number
        }
        let limit = try reader.integer("routing", "redirection-limit", in: 1...5, default: 5)
        plan = InterworkingPlan(
            defaultCountryCode: countryCode.isEmpty ? "44" : countryCode, cNumbers: cNumbers,
            validationNumber: validationNumber, redirectionLimit: UInt8(limit))
        let seconds = try reader.optionalSeconds("routing", "timeout") ?? .seconds(2)
        guard seconds > .zero, seconds <= .seconds(30) else {
            throw reader.error("routing", "timeout", "must be more than 0 and at most 30 seconds")
        }
        timeout = GatewayConfiguration.timeAmount(seconds)
        voicemailDirectory = reader.file.value("routing", "voicemail-directory")?.text
        if voicemailDirectory != nil, mode == .none {
            throw reader.error("routing", "voicemail-directory", "needs a routing server (mode = in-process or http)")
        }
        url = reader.file.value("routing", "url")?.text
        serviceToken = reader.file.value("routing", "service-token")?.text
        if mode == .http {
            guard let url, url.hasPrefix("http://") || url.hasPrefix("https://"), url.count > 8 else {
                throw reader.error(
                    "routing", "url", "must be the routing server's http:// or https:// URL with mode = http")
            }
            guard let serviceToken, serviceToken.count >= 16 else {
                throw reader.error(
                    "routing", "service-token", "must be set (at least 16 characters) with mode = http")
            }
        }
    }
}
