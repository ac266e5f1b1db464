import NIOCore
import SIGTRANTransport
import Testing

/// Client and server in one process over loopback, for SCTP over UDP (usrsctp, RFC 6951) and M3UA over TCP.
@Suite("Loopback transports", .timeLimit(.minutes(1)))
struct LoopbackTransportTests {
    typealias F = TransportFixtures

    @Test("RFC 4960 §5.1 association up; RFC 4960 §3.3.2 stream counts negotiated", arguments: SIGTRANTransportKind.loopbackKinds)
    func associationUpWithNegotiatedStreams(kind: SIGTRANTransportKind) async throws {
        // Client asks 8 out / 8 in; server allows 16 in and asks 4 out: the client ends with 8 out and 4 in.
        let pair = try await F.connectPair(
            kind, server: F.server(kind, inbound: 16, outbound: 4), clientStreams: (inbound: 8, outbound: 8))
        let expectedClient: SIGTRANTransportEvent =
            kind == .tcp
            ? .associationUp(inboundStreams: 8, outboundStreams: 8) : .associationUp(inboundStreams: 4, outboundStreams: 8)
        let expectedServer: SIGTRANTransportEvent =
            kind == .tcp
            ? .associationUp(inboundStreams: 16, outboundStreams: 4)
            : .associationUp(inboundStreams: 8, outboundStreams: 4)
        #expect(pair.clientEvents.events.first == expectedClient)
        #expect(pair.serverEvents.events.first == expectedServer)
        try await pair.close()
    }

    @Test("RFC 4666 §1.4.7 PPID 3 and the stream preserved both ways", arguments: SIGTRANTransportKind.loopbackKinds)
    func messagesBothWaysOnSeveralStreams(kind: SIGTRANTransportKind) async throws {
        let pair = try await F.connectPair(kind)
        for stream in UInt16(0)..<4 {
            pair.client.send(message: F.beat(sequence: UInt32(stream)), stream: stream, ppid: 3)
            pair.server.send(message: F.beat(sequence: 100 + UInt32(stream)), stream: stream, ppid: 3)
        }
        try await pair.serverEvents.waitForMessages(4)
        try await pair.clientEvents.waitForMessages(4)
        for (received, side) in [(pair.serverEvents.messages, 0), (pair.clientEvents.messages, 100)] {
            #expect(received.count == 4)
            for (buffer, stream, ppid) in received {
                let sequence = try #require(F.sequence(of: buffer))
                #expect(buffer == F.beat(sequence: sequence))
                #expect(ppid == 3)
                #expect(stream == (kind == .tcp ? 0 : UInt16(sequence) - UInt16(side)))
            }
        }
        try await pair.close()
    }

    @Test("RFC 4960 §6.6 1,000 messages in order on each of two streams", arguments: SIGTRANTransportKind.loopbackKinds)
    func thousandMessagesInOrderPerStream(kind: SIGTRANTransportKind) async throws {
        let pair = try await F.connectPair(kind)
        for sequence in UInt32(0)..<1000 {
            pair.client.send(message: F.beat(sequence: sequence), stream: 1, ppid: 3)
            pair.client.send(message: F.beat(sequence: 10_000 + sequence), stream: 2, ppid: 3)
        }
        try await pair.serverEvents.waitForMessages(2000)
        let received = pair.serverEvents.messages
        let first = received.compactMap { $0.0 }.compactMap(F.sequence(of:)).filter { $0 < 10_000 }
        let second = received.compactMap { $0.0 }.compactMap(F.sequence(of:)).filter { $0 >= 10_000 }
        #expect(first == Array(0..<1000))
        #expect(second == Array(10_000..<11_000))
        if kind == .sctpUDP {
            #expect(received.allSatisfy { ($0.2 == 3) && (F.sequence(of: $0.0).map { $0 < 10_000 ? 1 : 2 } == $0.1) })
        }
        try await pair.close()
    }

    @Test("RFC 4960 §6.9 large messages (10 KB, 60 KB) arrive whole", arguments: SIGTRANTransportKind.loopbackKinds)
    func largeMessagesIntact(kind: SIGTRANTransportKind) async throws {
        let pair = try await F.connectPair(kind)
        let small = F.beat(sequence: 1, dataLength: 10 * 1024)
        let large = F.beat(sequence: 2, dataLength: 60 * 1024)
        pair.client.send(message: small, stream: 1, ppid: 3)
        pair.client.send(message: large, stream: 1, ppid: 3)
        pair.server.send(message: large, stream: 1, ppid: 3)
        try await pair.serverEvents.waitForMessages(2)
        try await pair.clientEvents.waitForMessages(1)
        #expect(pair.serverEvents.messages.map(\.0) == [small, large])
        #expect(pair.clientEvents.messages.map(\.0) == [large])
        try await pair.close()
    }

    @Test("RFC 4960 §9.2 peer shutdown seen as associationDown on both sides", arguments: SIGTRANTransportKind.loopbackKinds)
    func peerCloseSeenByServer(kind: SIGTRANTransportKind) async throws {
        let pair = try await F.connectPair(kind)
        try await wait(pair.client.close(), "client close")
        #expect(try await pair.serverEvents.waitForDown() == .peerShutdown)
        #expect(try await pair.clientEvents.waitForDown() == .closedLocally)
        // No more events after the down event; sending on a closed association reports nothing and does not crash.
        pair.client.send(message: F.beat(sequence: 1), stream: 0, ppid: 3)
        try await wait(pair.listener.close(), "listener close")
        #expect(pair.clientEvents.events.count == 2)
    }

    @Test("Client reconnects after the server restarts on the same port", arguments: SIGTRANTransportKind.loopbackKinds)
    func reconnectAfterServerRestart(kind: SIGTRANTransportKind) async throws {
        let first = try await F.connectPair(kind)
        let port = first.listener.localPort
        try await wait(first.listener.close(), "listener close")
        #expect(try await first.clientEvents.waitForDown() != .closedLocally)
        #expect(try await first.serverEvents.waitForDown() == .closedLocally)

        let second = try await F.connectPair(kind, server: F.server(kind, port: port))
        #expect(second.listener.localPort == port)
        second.client.send(message: F.beat(sequence: 7), stream: 1, ppid: 3)
        try await second.serverEvents.waitForMessages(1)
        #expect(second.serverEvents.messages.first?.0 == F.beat(sequence: 7))
        try await second.close()
    }

    @Test("Port conflict is a typed error, not a hang", arguments: SIGTRANTransportKind.loopbackKinds)
    func portConflict(kind: SIGTRANTransportKind) async throws {
        let accepts = AcceptRecorder(eventLoop: F.loop)
        let listener = try await wait(
            SIGTRANTransportFactory.listen(
                kind: kind, configuration: F.server(kind), eventLoop: F.loop, onAccept: accepts.onAccept), "listen")
        let second = SIGTRANTransportFactory.listen(
            kind: kind, configuration: F.server(kind, port: listener.localPort), eventLoop: F.loop,
            onAccept: accepts.onAccept)
        let error = try await expectFailure(second, "second listen")
        #expect(error.description.hasPrefix("address already in use: "), "\(error)")
        try await wait(listener.close(), "listener close")
    }

    @Test("Nobody listening: connect refused (SCTP ABORT / TCP RST), a typed error", arguments: SIGTRANTransportKind.loopbackKinds)
    func connectRefused(kind: SIGTRANTransportKind) async throws {
        // Port 1 (tcpmux) is outside the ephemeral range and nobody listens there, on TCP or in this process's
        // usrsctp stack. (A freed ephemeral port could be handed to a parallel test's client, even to this very
        // client: TCP would then connect to itself.)
        let port = 1
        let events = EventRecorder(eventLoop: F.loop)
        let attempt = SIGTRANTransportFactory.connect(
            kind: kind, configuration: F.client(kind, port: port), eventLoop: F.loop, onEvent: events.handler)
        let error = try await expectFailure(attempt, "refused connect")
        #expect(error.description.hasPrefix("connection refused by "), "\(error)")
        #expect(events.events.isEmpty)
    }
}

extension SIGTRANTransportKind {
    /// The transports that run on this machine's loopback.
    static let loopbackKinds: [SIGTRANTransportKind] = [.sctpUDP, .tcp]
}

/// Waits (bounded) for `future` to fail, and returns its transport error.
func expectFailure<T: Sendable>(
    _ future: EventLoopFuture<T>, _ what: String, timeout: TimeAmount = .seconds(10)
) async throws -> SIGTRANTransportError {
    do {
        _ = try await wait(future, what, timeout: timeout)
    } catch let error as SIGTRANTransportError {
        return error
    }
    Issue.record("\(what) succeeded; expected a SIGTRANTransportError")
    throw TimedOut(what: what)
}
