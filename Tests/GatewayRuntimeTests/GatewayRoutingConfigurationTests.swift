import GatewayRuntime
import Interworking
import SMPPClient
import NIOCore
import RoutingCore
import Testing

@Suite("Gateway configuration: [routing]")
struct GatewayRoutingConfigurationTests {
    private func configuration(_ routing: String) throws(ConfigurationError) -> GatewayConfiguration {
        try GatewayConfiguration(file: ConfigurationFile(
            text: "[isup]\npoint-code = 2\npeer-point-code = 1\n[routing]\n" + routing, path: "gw.conf"))
    }

    @Test("mode = in-process may name the voicemail directory of its voicemail store")
    func voicemailDirectory() throws {
        let settings = try configuration("mode = in-process\ncountry-code = 44\nvoicemail-directory = /var/spool/vm\n").routing
        #expect(settings.voicemailDirectory == "/var/spool/vm")
    }

    @Test("No [routing]: mode none, `[calls] rule` decides every call")
    func absent() throws {
        let plain = try GatewayConfiguration(file: ConfigurationFile(
            text: "[isup]\npoint-code = 2\npeer-point-code = 1\n", path: "gw.conf"))
        #expect(plain.routing.mode == .none)
    }

    @Test("mode = http with its URL, token, country codes of the C numbers, validation number and timeout")
    func http() throws {
        let settings = try configuration("""
            mode = http
            url = http://127.0.0.1:8080
            service-token = a-token-of-24-characters
            country-code = 44
            c-numbers = +447700900000/44, +33612000000/33
            validation-number = +447700900999
            timeout = 1.5
            """).routing
        #expect(settings.mode == .http)
        #expect(settings.url == "http://127.0.0.1:8080")
        #expect(settings.plan.defaultCountryCode == "44")
        #expect(settings.plan.cNumbers.map(\.countryCode) == ["44", "33"])
        #expect(settings.plan.validationNumber == (try E164Number(parsing: "+447700900999")))
        #expect(settings.timeout == .milliseconds(1500))
    }

    @Test("Bad [routing] values: one line naming the file, the line and the key", arguments: [
        ("mode = sometimes\n", "gw.conf:5:", "mode"),
        ("mode = none\nvoicemail-directory = /tmp/vm\n", "gw.conf:6:", "voicemail-directory"),
        ("mode = http\ncountry-code = 44\n", "gw.conf:", "url"),
        ("mode = http\ncountry-code = 44\nurl = http://127.0.0.1:1\nservice-token = short\n", "gw.conf:8:",
            "service-token"),
        ("mode = in-process\n", "gw.conf:", "country-code"),
        ("mode = in-process\ncountry-code = 44\nvalidation-number = 0800\n", "gw.conf:7:", "validation-number"),
        ("mode = in-process\ncountry-code = 44\nc-numbers = +447700900000\n", "gw.conf:7:", "c-numbers"),
        ("mode = in-process\ncountry-code = 44\ntimeout = 0\n", "gw.conf:7:", "timeout"),
    ])
    func bad(text: String, prefix: String, key: String) throws {
        let error = try #require(throws: ConfigurationError.self) { try configuration(text) }
        #expect("\(error)".hasPrefix(prefix), "\(error)")
        #expect("\(error)".contains("[routing] \(key)"), "\(error)")
        #expect(!"\(error)".contains("\n"))
    }
}

@Suite("Gateway configuration: [smpp] for the routing server in this process")
struct GatewaySMPPConfigurationTests {
    @Test("[smpp] beside [routing] mode = in-process: the SMSC's address and bind credentials (SMPP 3.4 §4.1)")
    func inProcess() throws {
        let file = try GatewayConfiguration(file: ConfigurationFile(
            text: """
                [isup]
                point-code = 2
                peer-point-code = 1
                [routing]
                mode = in-process
                country-code = 44
                [smpp]
                host = 127.0.0.1
                port = 2775
                system_id = reroute
                password = secret
                """,
            path: "gw.conf"))
        #expect(file.smpp?.host == "127.0.0.1")
        #expect(file.smpp?.port == 2775)
        #expect(file.smpp?.systemID == "reroute")
    }

    @Test("[smpp] without the routing server in this process, or with a bad key, is one line naming the place")
    func refused() throws {
        let remote = "[isup]\npoint-code = 2\npeer-point-code = 1\n[routing]\nmode = http\nurl = http://127.0.0.1:8080\n"
            + "service-token = a-token-of-24-characters\ncountry-code = 44\n[smpp]\nhost = 127.0.0.1\nsystem_id = reroute\n"
        #expect {
            _ = try GatewayConfiguration(file: ConfigurationFile(text: remote, path: "gw.conf"))
        } throws: { error in
            "\(error)".hasPrefix("gw.conf:10: [smpp] needs [routing] mode = in-process")
        }
        let missing = "[isup]\npoint-code = 2\npeer-point-code = 1\n[routing]\nmode = in-process\ncountry-code = 44\n"
            + "[smpp]\nport = 2775\nsystem_id = reroute\n"
        #expect {
            _ = try GatewayConfiguration(file: ConfigurationFile(text: missing, path: "gw.conf"))
        } throws: { error in
            "\(error)".contains("[smpp] host missing")
        }
    }
}
