import GatewayRuntime
import ISUPProtocol
import NIOCore
import Testing

@Suite("Gateway configuration: [timers]")
struct GatewayConfigurationTests {
    private func configuration(_ timers: String) throws(ConfigurationError) -> GatewayConfiguration {
        try GatewayConfiguration(file: ConfigurationFile(
            text: "[isup]\npoint-code = 2\npeer-point-code = 1\n[timers]\n" + timers, path: "gw.conf"))
    }

    @Test("Q.764 Annex A: every timer the switch runs can be set, defaults stay otherwise")
    func everyTimer() throws {
        let set = try configuration("t2 = 200\nt8 = 12\nt27 = 300\nt33 = 14\nt36 = 11\n")
        #expect(set.isupTimers.t2 == .seconds(200))
        #expect(set.isupTimers.t8 == .seconds(12))
        #expect(set.isupTimers.t27 == .seconds(300))
        #expect(set.isupTimers.t33 == .seconds(14))
        #expect(set.isupTimers.t36 == .seconds(11))
        #expect(set.isupTimers.t7 == ISUPTimerTable().t7)
    }

    @Test("A timer of zero or an unknown timer is one line naming the file and line")
    func badTimers() throws {
        let zero = try #require(throws: ConfigurationError.self) { try configuration("t33 = 0\n") }
        #expect("\(zero)".hasPrefix("gw.conf:5:"))
        let unknown = try #require(throws: ConfigurationError.self) { try configuration("t99 = 5\n") }
        #expect("\(unknown)".hasPrefix("gw.conf:5:"))
    }
}
