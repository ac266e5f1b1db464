import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import RerouteTestSupport
import SIPTransport
import SIPWire
import Testing

/// SIP over TLS (RFC 3261 §26.2) and WebSocket (RFC 7118) against peers nobody here wrote: OpenSSL's s_client and
/// the Python `websockets` library (Debian python3-websockets), plus two Reroute transports back to back.
@Suite("SIP over TLS and WebSocket (RFC 3261 §26.2, RFC 7118)", .serialized)
struct SIPSecureTransportTests {
    static let python = "/usr/bin/python3"
    static let haveWebSockets = (try? ExternalTool.runBlocking(python, ["-c", "import websockets"]))?.status == 0

    private static func start(
        _ responder: SIPTransportTests.Responder, _ configuration: SIPTransportConfiguration
    ) async throws -> SIPTransportLayer {
        let transport = try await SIPTransportLayer.start(
            configuration: configuration, eventLoop: MultiThreadedEventLoopGroup.singleton.next(),
            handler: { responder.handle($0) }
        ).get()
        responder.transport.withLockedValue { $0 = transport }
        return transport
    }

    private static func options(_ transport: String, _ sequence: Int = 1) -> String {
        "OPTIONS sip:ping@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/\(transport) 127.0.0.1:9;branch=z9hG4bK-peer\(sequence)\r\n"
            + "From: <sip:peer@127.0.0.1>;tag=p\(sequence)\r\nTo: <sip:ping@127.0.0.1>\r\n"
            + "Call-ID: peer-\(sequence)@test\r\nCSeq: \(sequence) OPTIONS\r\nMax-Forwards: 70\r\n"
            + "Content-Length: 0\r\n\r\n"
    }

    private static func flows(_ responder: SIPTransportTests.Responder) -> [SIPFlow] {
        responder.events.withLockedValue { events in
            events.compactMap { if case .message(.request, let flow) = $0 { flow } else { nil } }
        }
    }

    @Test(
        "RFC 3261 §26.2.1: OpenSSL's s_client sends OPTIONS over TLS and reads our 200 on the same connection",
        .enabled(if: TestCertificate.openssl != nil, "openssl is not installed"))
    func opensslClient() async throws {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        let responder = SIPTransportTests.Responder()
        let transport = try await Self.start(
            responder,
            SIPTransportConfiguration(
                udpPort: nil, tcpPort: nil, tlsPort: 0,
                tls: SIPTLSSettings(
                    certificateChainPath: certificate.certificatePath, privateKeyPath: certificate.keyPath)))
        defer { try? transport.shutdown().wait() }
        let port = try #require(transport.address(of: .tls)?.port)
        let output = try await PeerProcess.run(
            TestCertificate.openssl ?? "openssl",
            ["s_client", "-connect", "127.0.0.1:\(port)", "-quiet", "-CAfile", certificate.certificatePath,
             "-verify_return_error", "-verify_ip", "127.0.0.1"],
            input: Data(Self.options("TLS").utf8), done: { $0.contains("SIP/2.0 200 OK") })
        #expect(output.contains("SIP/2.0 200 OK"), "\(output)")
        #expect(output.contains("Call-ID: peer-1@test"))
        #expect(Self.flows(responder).map(\.kind) == [.tls])
    }

    @Test(
        "RFC 3261 §26.2, §18.1.1: two transports over mutual TLS; requests both ways reuse one verified connection",
        .enabled(if: TestCertificate.openssl != nil, "openssl is not installed"))
    func mutualTLS() async throws {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        let settings = SIPTLSSettings(
            certificateChainPath: certificate.certificatePath, privateKeyPath: certificate.keyPath,
            trustRootsPath: certificate.certificatePath, requireClientCertificates: true)
        let server = SIPTransportTests.Responder()
        let serverTransport = try await Self.start(
            server, SIPTransportConfiguration(udpPort: nil, tcpPort: nil, tlsPort: 0, tls: settings))
        defer { try? serverTransport.shutdown().wait() }
        let client = SIPTransportTests.Responder()
        let clientTransport = try await Self.start(
            client, SIPTransportConfiguration(udpPort: nil, tcpPort: nil, tls: settings))
        defer { try? clientTransport.shutdown().wait() }
        let remote = try #require(serverTransport.address(of: .tls))
        var used: Set<SIPFlow> = []
        for sequence in 1...3 {
            let request = try SIPMessage(datagram: Array(Self.options("TLS", sequence).utf8))
            used.insert(try await clientTransport.send(request, over: SIPFlow(kind: .tls, remote: remote)).get())
        }
        #expect(used.count == 1)
        #expect(clientTransport.connectionCount == 1)
        try await waitUntil { client.events.withLockedValue { $0.count } >= 3 }
        let responses = client.events.withLockedValue { events in
            events.compactMap {
                if case .message(.response(let response), let flow) = $0 { (response, flow) } else { nil }
            }
        }
        #expect(responses.count == 3)
        #expect(responses.allSatisfy { $0.0.status == .ok && $0.1.kind == .tls })
        #expect(Self.flows(server).allSatisfy { $0.kind == .tls })
    }

    @Test("RFC 3261 §26.2: a TLS port with no certificate is refused at start with a clear error")
    func tlsWithoutCertificate() async throws {
        let attempt = SIPTransportLayer.start(
            configuration: SIPTransportConfiguration(udpPort: nil, tcpPort: nil, tlsPort: 0),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next(), handler: { _ in })
        await #expect(throws: SIPTransportError.tlsNotConfigured(.tls)) { try await attempt.get() }
    }

    static let webSocketClient = """
        import asyncio, ssl, sys, websockets
        async def main(uri, cafile, offer, files):
            context = ssl.create_default_context(cafile=cafile) if uri.startswith("wss:") else None
            try:
                async with websockets.connect(uri, subprotocols=offer, ssl=context, open_timeout=10) as ws:
                    print("subprotocol", ws.subprotocol, flush=True)
                    for name in files:
                        await ws.send(open(name).read())
                        print("<<<" + await asyncio.wait_for(ws.recv(), 10) + ">>>", flush=True)
                    pong = await ws.ping()
                    await asyncio.wait_for(pong, 10)
                    print("pong", flush=True)
                    print("<<<" + await asyncio.wait_for(ws.recv(), 10) + ">>>", flush=True)
            except websockets.exceptions.InvalidStatusCode as error:
                print("refused", error.status_code, flush=True)
        offer = ["sip"] if sys.argv[3] == "sip" else None
        asyncio.run(main(sys.argv[1], sys.argv[2], offer, sys.argv[4:]))
        """

    /// Runs the Python client; the server side sends one request to it on its flow after the pong.
    private func webSocketExchange(secure: Bool, offer: String, messages: [String]) async throws
        -> (output: String, responder: SIPTransportTests.Responder)
    {
        let certificate = try TestCertificate.make()
        defer { certificate.remove() }
        let directory = certificate.directory
        let script = directory.appendingPathComponent("client.py")
        try Self.webSocketClient.write(to: script, atomically: true, encoding: .utf8)
        var files: [String] = []
        for (index, message) in messages.enumerated() {
            let file = directory.appendingPathComponent("message\(index).txt")
            try message.write(to: file, atomically: true, encoding: .utf8)
            files.append(file.path)
        }
        let responder = SIPTransportTests.Responder()
        let transport = try await Self.start(
            responder,
            SIPTransportConfiguration(
                udpPort: nil, tcpPort: nil, webSocketPort: secure ? nil : 0, secureWebSocketPort: secure ? 0 : nil,
                tls: SIPTLSSettings(
                    certificateChainPath: certificate.certificatePath, privateKeyPath: certificate.keyPath)))
        defer { try? transport.shutdown().wait() }
        let port = try #require(transport.address(of: secure ? .wss : .ws)?.port)
        let uri = "\(secure ? "wss" : "ws")://127.0.0.1:\(port)/"
        let output = try await PeerProcess.run(
            Self.python, [script.path, uri, certificate.certificatePath, offer] + files, input: Data(),
            done: { text in
                if text.contains("pong"), let flow = Self.flows(responder).first {
                    let request = try? SIPMessage(datagram: Array(Self.options(secure ? "WSS" : "WS", 9).utf8))
                    if let request { _ = transport.send(request, over: flow) }
                }
                return text.contains("Traceback") || text.contains("peer-9@test")
                    || text.range(of: "refused [0-9]+\n", options: .regularExpression) != nil
            })
        return (output, responder)
    }

    @Test(
        "RFC 7118 §4.1, §5.2: a client offering `sip` gets it; one SIP message per WebSocket message both ways",
        .enabled(if: haveWebSockets, "python3-websockets is not installed"), arguments: [false, true])
    func webSocket(secure: Bool) async throws {
        let malformed = "OPTIONS sip:ping@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS 127.0.0.1:9;branch=z9hG4bK-bad\r\n"
            + "From: <sip:peer@127.0.0.1>;tag=b\r\nTo: <sip:ping@127.0.0.1>\r\nCall-ID: bad@test\r\n"
            + "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n"
        let (output, responder) = try await webSocketExchange(
            secure: secure, offer: "sip", messages: [Self.options(secure ? "WSS" : "WS"), malformed])
        #expect(output.contains("subprotocol sip"), "\(output)")
        // RFC 7118 §5.2: the answer to the request is one whole WebSocket message.
        #expect(output.contains("<<<SIP/2.0 200 OK\r\n"), "\(output)")
        // RFC 3261 §21.4.1 over WebSocket: a malformed request gets 400, and the connection keeps serving.
        #expect(output.contains("<<<SIP/2.0 400 "), "\(output)")
        #expect(output.contains("pong"))
        // RFC 7118 §5: requests from the server reach the client on the connection it opened.
        #expect(output.contains("Call-ID: peer-9@test"), "\(output)")
        #expect(Self.flows(responder).map(\.kind) == [secure ? .wss : .ws])
    }

    @Test(
        "RFC 7118 §4.1: a WebSocket handshake that does not offer the `sip` subprotocol is refused",
        .enabled(if: haveWebSockets, "python3-websockets is not installed"))
    func webSocketWithoutSubprotocol() async throws {
        let (output, responder) = try await webSocketExchange(secure: false, offer: "none", messages: [])
        #expect(output.contains("refused 400"), "\(output)")
        #expect(Self.flows(responder).isEmpty)
    }

    private func waitUntil(_ condition: @Sendable () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    }
}
