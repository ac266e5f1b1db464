import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RerouteTestSupport
import SIPTransport
import SIPWire
import Testing

/// The transport against real peers on loopback: sipp over UDP and TCP, raw sockets for hostile bytes.
@Suite("SIP transport (RFC 3261 §18, RFC 5626 §3.5.1)", .serialized)
struct SIPTransportTests {
    /// A transport that answers every request 200 OK on the flow it came in on and records its events.
    final class Responder: Sendable {
        let events = NIOLockedValueBox<[SIPTransportEvent]>([])
        let transport = NIOLockedValueBox<SIPTransportLayer?>(nil)

        func handle(_ event: SIPTransportEvent) {
            events.withLockedValue { $0.append(event) }
            guard case .message(.request(let request), let flow) = event, request.method != .ack,
                let transport = transport.withLockedValue({ $0 })
            else { return }
            let response = SIPResponse(answering: request, status: .ok, toTag: "rr1")
            _ = transport.send(.response(response), over: flow)
        }

        var requests: Int {
            events.withLockedValue { events in
                events.filter { if case .message(.request, _) = $0 { true } else { false } }.count
            }
        }
    }

    private static func start(_ responder: Responder, udp: Bool = true, tcp: Bool = true) throws -> SIPTransportLayer {
        let configuration = SIPTransportConfiguration(host: "127.0.0.1", udpPort: udp ? 0 : nil, tcpPort: tcp ? 0 : nil)
        let transport = try SIPTransportLayer.start(
            configuration: configuration, eventLoop: MultiThreadedEventLoopGroup.singleton.next(),
            handler: { responder.handle($0) }
        ).wait()
        responder.transport.withLockedValue { $0 = transport }
        return transport
    }

    @Test(
        "RFC 3261 §18.2.2: sipp's OPTIONS over UDP and TCP each get their 200 on the flow they came in on",
        .enabled(if: SIPpRunner.executable != nil, "sipp (Debian sip-tester) is not installed"),
        arguments: ["u1", "t1"])
    func sippOptions(transportMode: String) throws {
        let responder = Responder()
        let transport = try Self.start(responder)
        defer { try? transport.shutdown().wait() }
        let port = (transportMode == "u1" ? transport.udpAddress : transport.tcpAddress)?.port ?? 0
        let result = try SIPpRunner.run(
            scenario: SIPpRunner.optionsScenario, transport: transportMode,
            arguments: ["127.0.0.1:\(port)", "-i", "127.0.0.1", "-p", "0", "-m", "50", "-r", "100", "-l", "10"])
        #expect(result.status == 0, "\(result.output.suffix(2000))")
        #expect(responder.requests == 50)
    }

    @Test(
        "RFC 3261 §18.1.1: requests to sipp over TCP open one connection and reuse it",
        .enabled(if: SIPpRunner.executable != nil, "sipp (Debian sip-tester) is not installed"))
    func outgoingTCP() async throws {
        let responder = Responder()
        let transport = try Self.start(responder, udp: false)
        defer { try? transport.shutdown().wait() }
        let sippPort = Int(LoopbackPorts.freeTCPPort())
        let sipp = Task.detached {
            try SIPpRunner.run(
                scenario: SIPpRunner.optionsServerScenario, transport: "t1",
                arguments: ["-i", "127.0.0.1", "-p", "\(sippPort)", "-m", "5"])
        }
        let remote = try SocketAddress(ipAddress: "127.0.0.1", port: sippPort)
        var usedFlows: Set<SIPFlow> = []
        // sipp needs a moment to listen: retry the connection, bounded, until it accepts.
        var attempts = 0
        for sequence in 1...5 {
            while true {
                do {
                    let flow = try await transport.send(.request(Self.options(sequence, port: sippPort)),
                        over: SIPFlow(kind: .tcp, remote: remote)).get()
                    usedFlows.insert(flow)
                    break
                } catch {
                    attempts += 1
                    guard attempts < 200 else { throw error }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
        }
        let result = try await sipp.value
        #expect(result.status == 0, "\(result.output.suffix(2000))")
        #expect(usedFlows.count == 1)
        // sipp may exit before the transport has handed its last 200 up: wait for it, bounded.
        var responses: [SIPFlow] = []
        for _ in 0..<200 {
            responses = responder.events.withLockedValue { events in
                events.compactMap { event -> SIPFlow? in
                    if case .message(.response(let response), let flow) = event, response.status == .ok { flow } else { nil }
                }
            }
            if responses.count >= 5 { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(responses.count == 5)
        #expect(Set(responses) == usedFlows)
    }

    private static func options(_ sequence: Int, port: Int) -> SIPRequest {
        var headers = SIPHeaders()
        headers.add("Via", "SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-opt\(sequence)")
        headers.add("From", "<sip:gw@127.0.0.1>;tag=f\(sequence)")
        headers.add("To", "<sip:sipp@127.0.0.1:\(port)>")
        headers.add("Call-ID", "opt-\(sequence)@reroute")
        headers.add("CSeq", "1 OPTIONS")
        headers.add("Max-Forwards", "70")
        return SIPRequest(method: .options, uri: SIPURI(user: "sipp", host: "127.0.0.1", port: port), headers: headers)
    }

    @Test("RFC 3261 §21.4.1: a malformed UDP request is answered 400 and the socket keeps serving")
    func malformedUDP() async throws {
        let responder = Responder()
        let transport = try Self.start(responder, tcp: false)
        defer { try? transport.shutdown().wait() }
        let target = try #require(transport.udpAddress)
        let client = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0)
            .flatMapThrowing { channel in
                try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(
                    wrappingChannelSynchronously: channel)
            }.get()
        try await client.executeThenClose { inbound, outbound in
            var bad = SIPMessage.request(Self.options(1, port: 5060)).encoded
            let text = String(decoding: bad, as: UTF8.self).replacingOccurrences(of: "1 OPTIONS", with: "1 INVITE")
            bad = Array(text.utf8)
            try await outbound.write(AddressedEnvelope(remoteAddress: target, data: ByteBuffer(bytes: bad)))
            try await outbound.write(AddressedEnvelope(
                remoteAddress: target, data: ByteBuffer(bytes: SIPMessage.request(Self.options(2, port: 5060)).encoded)))
            var statuses: [SIPStatus] = []
            for try await envelope in inbound {
                guard case .response(let response) = try SIPMessage(datagram: envelope.data.readableBytesView) else {
                    continue
                }
                statuses.append(response.status)
                if statuses.count == 2 { break }
            }
            #expect(statuses == [.badRequest, .ok])
        }
    }

    @Test("RFC 5626 §3.5.1 and RFC 3261 §18.3: ping gets a pong; a broken stream gets 400, is closed, and reported")
    func streamKeepAliveAndFraming() async throws {
        let responder = Responder()
        let transport = try Self.start(responder, udp: false)
        defer { try? transport.shutdown().wait() }
        let target = try #require(transport.tcpAddress)
        let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(to: target)
            .flatMapThrowing { channel in
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }.get()
        try await client.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "\r\n\r\n"))
            var received = ByteBuffer()
            var iterator = inbound.makeAsyncIterator()
            while received.readableBytes < 2, let chunk = try await iterator.next() { received.writeImmutableBuffer(chunk) }
            #expect(received.readString(length: received.readableBytes) == "\r\n")
            // A request without Content-Length cannot be framed on a stream.
            var noLength = SIPRequest(method: .options, uri: SIPURI(host: "x"), headers: Self.options(3, port: 1).headers)
            noLength.headers.remove("content-length")
            var bytes = SIPMessage.request(noLength).encoded
            let text = String(decoding: bytes, as: UTF8.self)
            bytes = Array(text.replacingOccurrences(of: "Content-Length: 0\r\n", with: "").utf8)
            try await outbound.write(ByteBuffer(bytes: bytes))
            var answer = ByteBuffer()
            while let chunk = try await iterator.next() { answer.writeImmutableBuffer(chunk) }
            // The server closed the connection after its answer (the loop ended on EOF).
            guard case .response(let response) = try SIPMessage(datagram: answer.readableBytesView) else {
                Issue.record("no response")
                return
            }
            #expect(response.status == .badRequest)
        }
        let events = responder.events.withLockedValue { $0 }
        #expect(events.contains { if case .keepAlivePing = $0 { true } else { false } })
        #expect(events.contains { if case .malformed(_, _, answered: true) = $0 { true } else { false } })
        let closed = try #require(events.compactMap { if case .flowClosed(let flow) = $0 { flow } else { nil } }.first)
        // RFC 5626 §4.4.1: once the flow failed, sending on it fails instead of silently taking another path.
        await #expect(throws: SIPTransportError.self) {
            try await transport.send(.request(Self.options(4, port: 1)), over: closed).get()
        }
    }
}
