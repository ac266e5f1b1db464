import NIOCore
import SIGTRANTransport
import Testing

/// Kernel SCTP (lksctp). Where the kernel has no SCTP, only the unavailable path runs; the functional tests are
/// reported as skipped with the reason, never passed.
@Suite("Kernel SCTP", .timeLimit(.minutes(1)))
struct KernelSCTPTests {
    typealias F = TransportFixtures

    @Test("Kernel SCTP missing: start fails with exactly one clear line")
    func unavailableIsOneClearLine() async throws {
        let line = #"kernel SCTP is not available; use transport "sctp-udp" or "tcp""#
        #expect(SIGTRANTransportError.kernelSCTPUnavailable.description == line)
        #expect(KernelSCTP.unavailableReason == line)
        guard !KernelSCTP.isAvailable else { return }
        let connect = SIGTRANTransportFactory.connect(
            kind: .kernelSCTP, configuration: F.client(.kernelSCTP, port: 2905), eventLoop: F.loop,
            onEvent: { _, _ in })
        #expect(try await expectFailure(connect, "kernel connect") == .kernelSCTPUnavailable)
        let listen = SIGTRANTransportFactory.listen(
            kind: .kernelSCTP, configuration: F.server(.kernelSCTP), eventLoop: F.loop, onAccept: { _ in { _, _ in } })
        let error = try await expectFailure(listen, "kernel listen")
        #expect(error == .kernelSCTPUnavailable)
        #expect("\(error)" == line)
    }

    @Test(
        "RFC 4960 §5.1 kernel association up with negotiated streams; PPID 3 and streams preserved",
        .enabled(if: KernelSCTP.isAvailable, "kernel SCTP is not available; use transport \"sctp-udp\" or \"tcp\"")
    )
    func kernelAssociationCarriesMessages() async throws {
        let pair = try await F.connectPair(
            .kernelSCTP, server: F.server(.kernelSCTP, inbound: 16, outbound: 4), clientStreams: (8, 8))
        #expect(pair.clientEvents.events.first == .associationUp(inboundStreams: 4, outboundStreams: 8))
        for stream in UInt16(0)..<4 {
            pair.client.send(message: F.beat(sequence: UInt32(stream)), stream: stream, ppid: 3)
        }
        try await pair.serverEvents.waitForMessages(4)
        #expect(pair.serverEvents.messages.map(\.1) == [0, 1, 2, 3])
        #expect(pair.serverEvents.messages.allSatisfy { $0.2 == 3 })
        try await wait(pair.client.close(), "client close")
        #expect(try await pair.serverEvents.waitForDown() == .peerShutdown)
        try await wait(pair.listener.close(), "listener close")
    }

    @Test(
        "RFC 4960 §6.4 kernel multi-homing: two local loopback addresses bound with sctp_bindx",
        .enabled(if: KernelSCTP.isAvailable, "kernel SCTP is not available; use transport \"sctp-udp\" or \"tcp\"")
    )
    func kernelMultiHoming() async throws {
        var server = F.server(.kernelSCTP)
        server.localAddresses = ["127.0.0.1", "127.0.0.2"]
        let pair = try await F.connectPair(.kernelSCTP, server: server)
        pair.client.send(message: F.beat(sequence: 9), stream: 1, ppid: 3)
        try await pair.serverEvents.waitForMessages(1)
        try await pair.close()
    }
}
