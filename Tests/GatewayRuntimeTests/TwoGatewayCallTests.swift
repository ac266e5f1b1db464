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

    /// Places calls from the MSC side, `parallel` at a time, until `total` have been answered and released.
    final class CallDriver: @unchecked Sendable {
        let total: Int
        let parallel: Int
        let done: EventLoopPromise<Void>
        var msc: SignallingGateway?
        var started = 0
        var completed = 0
        var retried = 0
        var answered: Set<UInt32> = []
        var failures: [String] = []

        init(total: Int, parallel: Int, done: EventLoopPromise<Void>) {
            self.total = total
            self.parallel = parallel
            self.done = done
        }

        /// Called on the MSC's event loop.
        func handle(_ event: GatewayEvent) {
            switch event {
            case .linkUp:
                for _ in 0..<parallel { placeNext() }
            case .callProgress(let cic, .answered), .callProgress(let cic, .connected):
                answered.insert(cic.value)
                msc?.release(cic: cic)
            case .callReleased(let cic, let cause):
                if answered.remove(cic.value) != nil {
                    completed += 1
                    if completed == total { done.succeed() } else if started < total { placeNext() }
                } else if cause == .temporaryFailure {
                    // Q.764 §2.9.3: the gateway refuses calls (cause 41) until its own GRS is acknowledged; an MSC
                    // reattempts.
                    retried += 1
                    started -= 1
                    placeNext()
                } else {
                    failures.append("CIC \(cic) released before answer, cause \(cause.rawValue)")
                    done.succeed()
                }
            case .linkDown:
                if completed < total { failures.append("link went down after \(completed) calls") }
            case .incomingCall, .callProgress:
                break
            }
        }

        func placeNext() {
            guard let msc, started < total else { return }
            started += 1
            msc.placeCall(called: "4670\(1_000_000 + started)", calling: "4687000000").whenSuccess { cic in
                if cic == nil {
                    // No circuit free yet (GRS still pending): try again shortly.
                    self.started -= 1
                    msc.eventLoop.scheduleTask(in: .milliseconds(5)) { self.placeNext() }
                }
            }
        }
    }

    @Test(
        "1,000 calls in a row, none lost or stuck (TCP and SCTP over UDP, RFC 6951)",
        .timeLimit(.minutes(2)),
        arguments: [SIGTRANTransportKind.tcp, .sctpUDP])
    func thousandCalls(kind: SIGTRANTransportKind) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let port = kind == .tcp ? 29_511 : 29_512
        let mscLoop = group.next()
        let done = mscLoop.makePromise(of: Void.self)
        let driver = CallDriver(total: 1000, parallel: 10, done: done)
        let msc = SignallingGateway(
            configuration: try Self.configuration(role: .sg, kind: kind, port: port, udpPort: Int(LoopbackPorts.usrsctpUDPPort)),
            eventLoop: mscLoop, observe: { driver.handle($0) })
        driver.msc = msc
        let gateway = SignallingGateway(
            configuration: try Self.configuration(role: .asp, kind: kind, port: port, udpPort: Int(LoopbackPorts.usrsctpUDPPort)),
            eventLoop: group.next())
        try await msc.start().get()
        try await gateway.start().get()
        let timeout = mscLoop.scheduleTask(in: .seconds(90)) {
            driver.failures.append("timed out after \(driver.completed) calls")
            done.succeed()
        }
        try await done.futureResult.get()
        timeout.cancel()
        let (completed, failures, retried) = try await mscLoop.submit { (driver.completed, driver.failures, driver.retried) }.get()
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        #expect(completed == 1000)
        #expect(retried < 30)
        let stuckAtGateway = try await gateway.busyCircuits().get()
        let stuckAtMSC = try await msc.busyCircuits().get()
        #expect(stuckAtGateway.isEmpty && stuckAtMSC.isEmpty, "busy: \(stuckAtGateway) / \(stuckAtMSC)")
        try await gateway.stop(grace: .milliseconds(200)).get()
        try await msc.stop(grace: .milliseconds(200)).get()
        try await group.shutdownGracefully()
    }
}
