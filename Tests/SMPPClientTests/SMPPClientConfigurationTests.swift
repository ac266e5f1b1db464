import SMPPClient
import SMPPProtocol
import SMPPWire
import Testing

@Suite("SMPP client configuration")
struct SMPPClientConfigurationTests {
    @Test("Settings: every key read; defaults for the rest")
    func settings() throws {
        let configuration = try SMPPClientConfiguration(settings: [
            "host": "smsc.example.net", "port": "2776", "system_id": "reroute", "password": "secret",
            "system_type": "OTA", "source_addr": "+447700900000", "registered_delivery": "1", "window": "20",
            "response_timeout_ms": "2500", "enquire_link_interval_ms": "15000",
        ])
        #expect(configuration.host == "smsc.example.net")
        #expect(configuration.port == 2776)
        #expect(configuration.bind == SMPPBind(systemID: "reroute", password: "secret", systemType: "OTA"))
        #expect(configuration.sourceAddress == .international("+447700900000"))
        #expect(configuration.registeredDelivery == .receiptOnSuccessOrFailure)
        #expect(configuration.windowSize == 20)
        #expect(configuration.timers.response == .milliseconds(2500))
        #expect(configuration.timers.enquireLink == .seconds(15))
        #expect(configuration.timers.queue == .seconds(30))
    }

    @Test("SMPP 3.4 §4.1.5 field sizes and plain errors naming the key")
    func errors() {
        func failure(_ settings: [String: String]) -> String? {
            do {
                _ = try SMPPClientConfiguration(settings: settings)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(failure(["system_id": "x"]) == "host: missing")
        #expect(
            failure(["host": "h", "system_id": "x", "password": "123456789"]) == "password: longer than 8 characters")
        #expect(failure(["host": "h", "system_id": "sixteen-chars-id"]) == "system_id: longer than 15 characters")
        #expect(
            failure(["host": "h", "system_id": "x", "port": "99999"]) == "port: '99999' is not a number from 1 to 65535"
        )
        #expect(failure(["host": "h", "system_id": "x", "speed": "1"]) == "speed: unknown key")
    }

    @Test("Source addresses: digits are E.164 international (TON 1, NPI 1), names are alphanumeric (TON 5)")
    func sourceAddress() {
        #expect(
            SMPPClientConfiguration.address("+447700900000")
                == SMPPAddress(typeOfNumber: .international, numberingPlan: .isdn, address: "447700900000"))
        #expect(SMPPClientConfiguration.address("Reroute").typeOfNumber == .alphanumeric)
        #expect(SMPPClientConfiguration.address("+44 77").typeOfNumber == .alphanumeric)
    }
}
