import NIOCore
import SIGTRANTransport
import Testing

/// What only SCTP over UDP (usrsctp, RFC 6951) has: one process-wide UDP port, a peer UDP port.
@Suite("SCTP over UDP (usrsctp)", .timeLimit(.minutes(1)))
struct UsrSCTPTests {
    typealias F = TransportFixtures

    @Test("RFC 6951 §5 one local UDP port per process: asking for another is a typed error")
    func secondUDPPortRejected() async throws {
        let pair = try await F.connectPair(.sctpUDP)  // makes sure the stack runs on F.udpPort
        var other = F.client(.sctpUDP, port: pair.listener.localPort)
        other.udpEncapsulation.localPort = F.udpPort &+ 1
        let error = try await expectFailure(
            SIGTRANTransportFactory.connect(kind: .sctpUDP, configuration: other, eventLoop: F.loop) { _, _ in },
            "connect on another UDP port")
        #expect(error == .udpEncapsulationPortMismatch(running: F.udpPort, requested: F.udpPort &+ 1))
        try await pair.close()
    }

    @Test("RFC 6951 unreachable peer UDP port: connect times out with a typed error, not a hang")
    func unreachablePeerTimesOut() async throws {
        let silent = TransportFixtures.freeUDPPort()  // nobody listens there
        let events = EventRecorder(eventLoop: F.loop)
        let attempt = SIGTRANTransportFactory.connect(
            kind: .sctpUDP,
            configuration: F.client(.sctpUDP, port: 2905, timeout: .milliseconds(300), remoteUDPPort: silent),
            eventLoop: F.loop, onEvent: events.handler)
        let error = try await expectFailure(attempt, "connect to a silent UDP port", timeout: .seconds(5))
        #expect(error.description.hasPrefix("no association with "), "\(error)")
        #expect(events.events.isEmpty)
    }
}
