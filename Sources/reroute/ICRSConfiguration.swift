import Foundation
import GatewayRuntime
import RoutingAPI
import RoutingCore
import RoutingService
import SMPPClient

/// What `reroute icrs` runs with: the `[icrs]` section of a configuration file (see `conf/icrs.conf`), then the
/// command-line flags, then defaults that need nothing (loopback, a private PostgreSQL).
struct ICRSConfiguration {
    var listener = ICRSListener()
    /// `nil`: start a private PostgreSQL cluster for this run.
    var databaseURL: String?
    /// `nil`: a random token, printed at start.
    var serviceToken: String?
    /// JSON lines of SMS sent (the SMSC stand-in); `nil`: written to the log.
    var smsSink: String?
    /// JSON lines of outbound-call (OBD) requests; `nil`: written to the log.
    var callSink: String?
    /// The SMSC (`[smpp]`, docs/smpp.md); when set, SMS go out as submit_sm and phones' SMS come in as deliver_sm.
    var smpp: SMPPClientConfiguration?
    /// Where voicemail audio is kept (the crash-safe spool and the files): deposits uploaded by the gateway
    /// (`PUT /v1/gateway/unanswered-calls/{call_ref}/voicemail`) and the app's downloads; `nil`: no voicemail.
    var voicemailDirectory: String?
    var routing = RoutingConfiguration()

    static let keys: Set<String> = [
        "listen", "tls-certificate", "tls-key", "database-url", "service-token", "sms-sink", "call-sink",
        "sms-source", "validation-sms-number", "missed-call-number", "country-code", "trunk-prefix",
        "validation-lifetime", "session-lifetime", "sip-domain", "sip-registrar", "voicemail-directory",
    ]

    init() {}

    /// Reads `[icrs]`; the first bad value is thrown as `FILE:LINE: message`.
    init(file: ConfigurationFile) throws(ConfigurationError) {
        try file.checkKnown(["icrs": Self.keys, "smpp": SMPPClientConfiguration.settingKeys])
        smpp = try file.smppSection()
        func value(_ key: String) -> ConfigurationFile.Value? { file.value("icrs", key) }
        func fail(_ key: String, _ message: String) -> ConfigurationError {
            ConfigurationError(path: file.path, line: value(key)?.line, "[icrs] \(key) \(message)")
        }
        func number(_ key: String) throws(ConfigurationError) -> E164Number? {
            guard let text = value(key)?.text else { return nil }
            guard text.hasPrefix("+"), let number = try? E164Number(parsing: text) else {
                throw fail(key, "must be an E.164 number (+ and digits), not \"\(text)\"")
            }
            return number
        }
        func seconds(_ key: String) throws(ConfigurationError) -> TimeInterval? {
            guard let text = value(key)?.text else { return nil }
            guard let seconds = TimeInterval(text), seconds >= 1, seconds <= 366 * 86_400 else {
                throw fail(key, "must be a number of seconds from 1 to 31622400, not \"\(text)\"")
            }
            return seconds
        }
        if let listen = value("listen") {
            do {
                (listener.host, listener.port) = try Self.hostPort(listen.text)
            } catch {
                throw fail("listen", error.message)
            }
        }
        switch (value("tls-certificate")?.text, value("tls-key")?.text) {
        case (nil, nil): break
        case (let certificate?, let key?): listener.tls = .init(certificateChain: certificate, privateKey: key)
        case (nil, _?): throw fail("tls-key", "needs tls-certificate too")
        case (_?, nil): throw fail("tls-certificate", "needs tls-key too")
        }
        databaseURL = value("database-url")?.text
        serviceToken = value("service-token")?.text
        if let token = serviceToken, token.count < 16 {
            throw fail("service-token", "must have at least 16 characters")
        }
        smsSink = value("sms-sink")?.text
        callSink = value("call-sink")?.text
        if let source = value("sms-source")?.text { routing.smsSourceAddress = source }
        routing.validationSMSNumber = try number("validation-sms-number")
        routing.missedCallNumber = try number("missed-call-number")
        if let code = value("country-code")?.text {
            guard (1...3).contains(code.count), code.allSatisfy(\.isNumber), code.first != "0" else {
                throw fail("country-code", "must be a country calling code such as 44, not \"\(code)\"")
            }
            routing.dialingPlan = DialingPlan(countryCode: code, trunkPrefix: value("trunk-prefix")?.text ?? "0")
        } else if value("trunk-prefix") != nil {
            throw fail("trunk-prefix", "needs country-code too")
        }
        if let lifetime = try seconds("validation-lifetime") { routing.validationLifetime = lifetime }
        if let lifetime = try seconds("session-lifetime") { routing.sessionLifetime = lifetime }
        if let domain = value("sip-domain")?.text { routing.sipDomain = domain }
        if let registrar = value("sip-registrar")?.text { routing.sipRegistrar = registrar }
        voicemailDirectory = value("voicemail-directory")?.text
    }

    struct HostPortError: Error { let message: String }

    /// `HOST:PORT`, `[IPv6]:PORT`.
    static func hostPort(_ text: String) throws(HostPortError) -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { throw HostPortError(message: "must be HOST:PORT (port 0 to 65535), not \"\(text)\"") }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw HostPortError(message: "must be HOST:PORT with a host, not \"\(text)\"") }
        return (host, port)
    }
}
