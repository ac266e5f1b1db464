import GatewayReplay
import GatewayRuntime
import ISUPProtocol
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RerouteTestSupport
import SIGTRANTransport
import TelecomTypes
import Testing

/// Two gateways back to back on loopback over a real transport: one plays the MSC (M3UA SG, places calls), the
/// other is Reroute's gateway (M3UA ASP, answers every call). RFC 4666 §4.3 ASP up/active, Q.764 §2.9.3.2 GRS at
/// link-up, then Q.764 §2.1 calls IAM → ACM → ANM → REL → RLC.
@Suite("Two gateways on loopback: M3UA link, GRS, 1,000 calls")
struct TwoGatewayCallTests {
    static func configuration(
        role: GatewayConfiguration.Role, kind: SIGTRANTransportKind, port: Int, udpPort: Int
    ) throws -> GatewayConfiguration {
        let text = """
            [sigtran]
            role = \(role.rawValue)
            transport = \(kind.rawValue)
            local-addresses = 127.0.0.1
            local-port = \(role == .sg ? port : 0)
            remote-addresses = 127.0.0.1
            remote-port = \(port)
            udp-port = \(udpPort)
            remote-udp-port = \(udpPort)
            routing-context = 7
            [isup]
            point-code = \(role == .sg ? 1 : 2)
            peer-point-code = \(role == .sg ? 2 : 1)
            circuits = 1-15,17-31
            [calls]
            rule = answer
            answer-after = 0
            """
        return try GatewayConfiguration(file: ConfigurationFile(text: text, path: "test.conf"))
    }

    @Test(
        "1,000 calls in a row, none lost or stuck (TCP and SCTP over UDP, RFC 6951)",
        .timeLimit(.minutes(2)),
        arguments: [SIGTRANTransportKind.tcp, .sctpUDP])
    func thousandCalls(kind: SIGTRANTransportKind) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let port = Int(LoopbackPorts.freeTCPPort())
        let mscLoop = group.next()
        let load = CallLoadGenerator(total: 1000, parallel: 10, eventLoop: mscLoop)
        let msc = SignallingGateway(
            configuration: try Self.configuration(role: .sg, kind: kind, port: port, udpPort: Int(LoopbackPorts.usrsctpUDPPort)),
            eventLoop: mscLoop, observe: { load.handle($0) })
        load.gateway = msc
        let gateway = SignallingGateway(
            configuration: try Self.configuration(role: .asp, kind: kind, port: port, udpPort: Int(LoopbackPorts.usrsctpUDPPort)),
            eventLoop: group.next())
        try await msc.start().get()
        try await gateway.start().get()
        let timeout = mscLoop.scheduleTask(in: .seconds(90)) { load.abandon(reason: "timed out") }
        let figures = try await load.finished.get()
        timeout.cancel()
        #expect(figures.failures.isEmpty, "\(figures.failures.prefix(3))")
        #expect(figures.completed == 1000)
        #expect(figures.retried < 30)
        #expect(figures.setupLatencies.count == 1000)
        let stuckAtGateway = try await gateway.busyCircuits().get()
        let stuckAtMSC = try await msc.busyCircuits().get()
        #expect(stuckAtGateway.isEmpty && stuckAtMSC.isEmpty, "busy: \(stuckAtGateway) / \(stuckAtMSC)")
        try await gateway.stop(grace: .milliseconds(200)).get()
        try await msc.stop(grace: .milliseconds(200)).get()
        try await group.shutdownGracefully()
    }
}
