import Foundation
import NIOCore
import NIOPosix
import RerouteTestSupport
import SIPRegistrar
import SIPRegistrarService
import SIPTransactions
import SIPTransport
import Testing

/// The registrar on TLS (RFC 3261 §26.2), WebSocket and secure WebSocket (RFC 7118), against a UA written with
/// Python's `ssl` module and the `websockets` library: a digest REGISTER ends in a binding whose flow is that very
/// connection (RFC 5626 §5.3), and closing the connection loses the binding (RFC 5626 §4.4.1).
@Suite("Registrar over TLS and WebSocket", .serialized)
struct SecureRegistrarTests {
    static let haveOpenSSL = FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")

    static func startRegistrar(certificate: RegistrarTestCertificate, lossDetection: TimeAmount = .seconds(30))
        async throws
        -> (SIPRegistrarService, RecordingDeviceStateRecorder)
    {
        let recorder = RecordingDeviceStateRecorder()
        let credentials = SIPDigestCredentials(
            username: "alice", password: "s3cret", realm: "reroute.test", accountID: "acct-alice",
            deviceID: "dev-alice")
        let service = try await SIPRegistrarService.start(
            configuration: SIPRegistrarConfiguration(
                realm: "reroute.test", minimumExpires: 0, keepalive: .init(lossDetection: lossDetection)),
            transport: SIPTransportConfiguration(
                host: "127.0.0.1", udpPort: nil, tcpPort: nil, tlsPort: 0, webSocketPort: 0, secureWebSocketPort: 0,
                tls: SIPTLSSettings(
                    certificateChainPath: certificate.certificatePath, privateKeyPath: certificate.keyPath)),
            secret: (0..<32).map { UInt8($0 &* 3) }, seed: 11,
            credentials: StaticCredentialStore(users: ["alice": credentials]), recorder: recorder,
            eventLoop: MultiThreadedEventLoopGroup.singleton.next())
        return (service, recorder)
    }

    @Test(
        "RFC 3261 §26.2 / RFC 7118 §5 / RFC 5626 §5.3: a digest REGISTER over TLS, WS or WSS binds that connection; closing it loses the binding",
        .enabled(if: haveOpenSSL, "openssl is not installed"),
        arguments: ["tls", "ws", "wss"])
    func registerAndClose(mode: String) async throws {
        try #require(mode == "tls" || SecureRegistrarPeer.haveWebSockets, "python3-websockets is not installed")
        let certificate = try RegistrarTestCertificate.make()
        defer { certificate.remove() }
        let (service, recorder) = try await Self.startRegistrar(certificate: certificate)
        let kind: SIPTransportKind = mode == "tls" ? .tls : mode == "ws" ? .ws : .wss
        let port = try #require(service.address(of: kind)?.port)
        #expect(service.udpAddress == nil)
        let peer = try SecureRegistrarPeer(
            mode: mode, port: port, caFile: certificate.certificatePath, user: "alice", password: "s3cret",
            domain: "reroute.test")
        let localPort = await peer.registeredPort(within: 30)
        #expect(localPort != nil, "peer output: \(peer.text)")
        // RFC 7616 §3.7: the first challenge offered (SHA-256) is the one a capable client answers.
        #expect(peer.text.contains("FIRST SIP/2.0 401"), "\(peer.text)")
        #expect(peer.text.contains("SECOND SIP/2.0 200 OK SHA-256"), "\(peer.text)")

        let registered = await recorder.wait(for: 10) { $0.isRegistered }
        let binding = try #require(await service.availableBindings(aor: "alice").first)
        if case .registered(let recorded)? = registered?.1 { #expect(recorded.id == binding.id) }
        // The binding's flow is the connection the REGISTER came on: its transport, the peer's port, a connection id.
        #expect(binding.flow.source.transport == kind.rawValue)
        #expect(binding.flow.source.host == "127.0.0.1")
        #expect(binding.flow.source.port == localPort)
        #expect(binding.flow.connection != nil)
        #expect(binding.reachableAddress.transport == kind.rawValue)
        #expect(binding.reachableAddress.port == localPort)

        await peer.closeConnection()
        #expect(peer.text.contains("CLOSED"), "\(peer.text)")
        let lost = await recorder.wait(for: 10) { $0.isLost }
        #expect(lost != nil, "closing the \(mode) connection must lose the binding")
        #expect(await service.availableBindings(aor: "alice").isEmpty)
        try await service.shutdown()
    }

    @Test(
        "RFC 5626 §3.5.1 / RFC 7118 §6: a quiet device that answers keep-alives (CRLF on TLS, WebSocket Ping on WS) keeps its binding past the loss-detection time",
        .enabled(if: haveOpenSSL, "openssl is not installed"),
        arguments: ["tls", "ws"])
    func keepalive(mode: String) async throws {
        try #require(mode == "tls" || SecureRegistrarPeer.haveWebSockets, "python3-websockets is not installed")
        let certificate = try RegistrarTestCertificate.make()
        defer { certificate.remove() }
        let (service, recorder) = try await Self.startRegistrar(certificate: certificate, lossDetection: .seconds(3))
        let kind: SIPTransportKind = mode == "tls" ? .tls : .ws
        let port = try #require(service.address(of: kind)?.port)
        let peer = try SecureRegistrarPeer(
            mode: mode, port: port, caFile: certificate.certificatePath, user: "alice", password: "s3cret",
            domain: "reroute.test", keepalive: true)
        #expect(await peer.registeredPort(within: 30) != nil, "peer output: \(peer.text)")
        // Sends nothing but keep-alive answers for twice the loss-detection time (a bounded wait for a loss that
        // must not come): the registrar's probes are answered, so the device stays available.
        let lost = await recorder.wait(for: 6) { $0.isLost }
        #expect(lost == nil, "\(mode): \(String(describing: lost?.1)); peer: \(peer.text)")
        #expect(await service.availableBindings(aor: "alice").count == 1)
        if mode == "tls" {
            // Our ping got the registrar's pong, and the registrar's pings got ours.
            #expect(peer.text.contains("PONG"), "\(peer.text)")
            #expect(peer.text.contains("PINGED"), "\(peer.text)")
        }
        await peer.closeConnection()
        #expect(await recorder.wait(for: 10) { $0.isLost } != nil)
        try await service.shutdown()
    }
}
