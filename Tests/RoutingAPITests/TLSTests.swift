import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOSSL
import RoutingAPI
import Testing

/// Issue 4 §6: HTTPS with a configured certificate; plain HTTP allowed on loopback only.
@Suite struct TLSTests {
    /// Self-signed P-256 certificate for `localhost` and 127.0.0.1, valid until 2126 (test fixture only).
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBmjCCAUGgAwIBAgIUEuC4M4yegSdzKHY5wnpea4ULxrYwCgYIKoZIzj0EAwIw
        FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyOTIzMzI1NFoYDzIxMjYxMTA1
        MjMzMjU0WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
        PQMBBwNCAAQDYyGbS9rT7wz0zI7RBg8oryAebcXFQquvgNmI3VjsTx1K04iz/k+B
        eR/m6/gRpfgXKJeL5sGTjcWTQbPlT/tKo28wbTAdBgNVHQ4EFgQUO1Trbex5ybbd
        6dBD7BGNrcl+hMwwHwYDVR0jBBgwFoAUO1Trbex5ybbd6dBD7BGNrcl+hMwwDwYD
        VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
        zj0EAwIDRwAwRAIgcauaozfNkyCe22Iaii7TuaPAphMwz3uVINPS0fJCXbgCIEjL
        /bbxvbWwYkowC/DjGapypBLrn+dFb+mW1/11Pcy4
        -----END CERTIFICATE-----

        """
    static let privateKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgsGWn6ksAPI8XhvNF
        LueC1KLR00Vo4uRNBVB8d3foLgyhRANCAAQDYyGbS9rT7wz0zI7RBg8oryAebcXF
        QquvgNmI3VjsTx1K04iz/k+BeR/m6/gRpfgXKJeL5sGTjcWTQbPlT/tK
        -----END PRIVATE KEY-----

        """

    static func files() throws -> ICRSListener.TLSFiles {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("icrs-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let chain = directory.appendingPathComponent("icrs.pem")
        let key = directory.appendingPathComponent("icrs.key")
        try certificate.write(to: chain, atomically: true, encoding: .utf8)
        try privateKey.write(to: key, atomically: true, encoding: .utf8)
        return .init(certificateChain: chain.path, privateKey: key.path)
    }

    @Test func plainHTTPIsAllowedOnLoopbackOnly() throws {
        for host in ["127.0.0.1", "127.3.2.1", "::1", "[::1]", "localhost"] {
            #expect(ICRSListener(host: host).refusal == nil, "\(host)")
        }
        for host in ["0.0.0.0", "::", "192.0.2.10", "example.com", "127.0.0.1.example.com"] {
            #expect(ICRSListener(host: host).refusal?.contains("loopback") == true, "\(host)")
        }
        let tls = try Self.files()
        #expect(ICRSListener(host: "0.0.0.0", tls: tls).refusal == nil)
    }

    /// The server presents the configured certificate: a client that trusts only it completes the handshake
    /// with full verification (RFC 8446 §4.4.2) and gets JSON answers.
    @Test func servesHTTPSWithTheConfiguredCertificate() async throws {
        let tls = try Self.files()
        try await APIHarness.run(.ahc(.https), listener: ICRSListener(host: "127.0.0.1", port: 0, tls: tls)) {
            api, _ in
            let created = try await api.post("/v1/accounts", #"{"number": "+447700900900", "password": "correct horse"}"#)
            #expect(created.status == .created, "\(created.text)")
            let port = try #require(api.client.port)
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(Self.certificate.utf8)))
            configuration.certificateVerification = .fullVerification
            let verified = TestClient(
                host: "127.0.0.1", port: port,
                configuration: .init(tlsConfiguration: configuration, timeout: .seconds(15), serverName: "localhost"))
            verified.connect()
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Service-Token")!] = APIHarness.serviceToken
            let response = try await verified.get("/v1/routes/%2B447700900900", headers: headers)
            try await verified.shutdown()
            #expect(response.status == .ok)
            #expect(String(buffer: response.body ?? ByteBuffer()).contains("\"available\":false"))
        }
    }
}
