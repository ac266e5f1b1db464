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

/// The association to the MSC fails mid-call: RFC 4666 §4.3.4.1 (the ASP goes down with its transport, and
/// reconnects), Q.764 §2.9.3 (calls are lost with the link; circuits are reset by GRS when it returns).
@Suite("Link failure mid-call")
struct LinkFailureTests {
    /// Collects a gateway's events so a test can wait for one.
    final class Events: Sendable {
        private let box = NIOLockedValueBox<[GatewayEvent]>([])

        func append(_ event: GatewayEvent) { box.withLockedValue { $0.append(event) } }

        func count(where predicate: (GatewayEvent) -> Bool) -> Int { box.withLockedValue { $0.filter(predicate).count } }

        func all() -> [GatewayEvent] { box.withLockedValue { $0 } }

        func clear() { box.withLockedValue { $0.removeAll() } }

        /// Waits (polling, bounded) until `predicate` holds for at least `count` events.
        func wait(for count: Int, timeout: TimeAmount = .seconds(20), _ predicate: @escaping (GatewayEvent) -> Bool)
            async throws -> Bool
        {
            let deadline = NIODeadline.now() + timeout
            while NIODeadline.now() < deadline {
                if self.count(where: predicate) >= count { return true }
                try await Task.sleep(for: .milliseconds(10))
            }
            // Once more after the deadline: a busy test process may have woken this task late.
            return self.count(where: predicate) >= count
        }
    }

    /// Starts a listening gateway; while its port is still held (the previous listener's sockets closing under
    /// load), the bind is retried for up to 30 s.
    static func start(_ gateway: SignallingGateway) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            do {
                try await gateway.start().get()
                return
            } catch where ContinuousClock.now < deadline && "\(error)".contains("address already in use") {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    @Test("Calls ringing when the association is lost are released on both sides; at reconnection GRS resets every circuit")
    func associationLostMidCall() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let port = Int(LoopbackPorts.freeTCPPort())
        // The gateway keeps its calls ringing (answer after 60 s), so they are in progress when the link drops.
        var gatewayConfiguration = try TwoGatewayCallTests.configuration(role: .asp, kind: .tcp, port: port, udpPort: 9899)
        gatewayConfiguration.callRule = .answer(after: .seconds(60))
        let gatewayEvents = Events()
        let gateway = SignallingGateway(
            configuration: gatewayConfiguration, eventLoop: group.next(), observe: { gatewayEvents.append($0) })
        let mscEvents = Events()
        let msc = SignallingGateway(
            configuration: try TwoGatewayCallTests.configuration(role: .sg, kind: .tcp, port: port, udpPort: 9899),
            eventLoop: group.next(), observe: { mscEvents.append($0) })
        try await Self.start(msc)
        try await gateway.start().get()
        #expect(try await mscEvents.wait(for: 1) { $0 == .linkUp })
        // Place five calls once the circuits are reset (placeCall answers nil until the GRA is back).
        var placed: [CircuitIdentificationCode] = []
        for _ in 0..<500 where placed.count < 5 {
            if let cic = try await msc.placeCall(called: "46701234567").get() { placed.append(cic) } else {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        #expect(placed.count == 5)
        #expect(try await gatewayEvents.wait(for: 5) { if case .incomingCall = $0 { true } else { false } })
        #expect(try await gateway.busyCircuits().get().count == 5)

        // The MSC side goes away: the gateway sees the link drop and every call is released.
        try await msc.stop(grace: .zero).get()
        #expect(try await gatewayEvents.wait(for: 1) { $0 == .linkDown })
        #expect(try await gateway.busyCircuits().get().isEmpty)
        #expect(gatewayEvents.count { if case .callReleased = $0 { true } else { false } } == 5)

        // A new MSC on the same port: the gateway reconnects by itself (backoff) and the link comes up with GRS.
        let returning = SignallingGateway(
            configuration: try TwoGatewayCallTests.configuration(role: .sg, kind: .tcp, port: port, udpPort: 9899),
            eventLoop: group.next(), observe: { mscEvents.append($0) })
        try await Self.start(returning)
        #expect(try await gatewayEvents.wait(for: 2) { $0 == .linkUp })
        #expect(try await gateway.busyCircuits().get().isEmpty)
        try await gateway.stop(grace: .zero).get()
        try await returning.stop(grace: .zero).get()
        try await group.shutdownGracefully()
    }
}
