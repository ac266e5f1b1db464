public import NIOSSL

/// TLS for SIP over TLS and secure WebSocket (RFC 3261 §26.2.1, RFC 5630 §3, RFC 7118 §5.1): this side's
/// certificate, and how peers' certificates are checked.
public struct SIPTLSSettings: Sendable {
    /// PEM file with the certificate chain presented to peers (leaf first).
    public var certificateChainPath: String
    /// PEM file with the private key of the leaf certificate.
    public var privateKeyPath: String
    /// PEM file of the roots that peers' certificates must chain to; nil trusts the system's roots.
    public var trustRootsPath: String?
    /// How the certificate of a server we connect to is checked (RFC 5922 §7: full verification by default;
    /// `.noHostnameVerification` when peers are reached by address and their certificates do not name it).
    public var serverVerification: CertificateVerification
    /// Ask clients for certificates and refuse those that do not verify (mutual TLS between carrier and cloud).
    public var requireClientCertificates: Bool

    public init(
        certificateChainPath: String, privateKeyPath: String, trustRootsPath: String? = nil,
        serverVerification: CertificateVerification = .fullVerification, requireClientCertificates: Bool = false
    ) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
        self.trustRootsPath = trustRootsPath
        self.serverVerification = serverVerification
        self.requireClientCertificates = requireClientCertificates
    }

    /// The context for accepted connections. TLS 1.2 is the floor (RFC 7525 §3.1.1).
    func makeServerContext() throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(certificateChainPath).map {
            NIOSSLCertificateSource.certificate($0)
        }
        let key = try NIOSSLPrivateKey(file: privateKeyPath, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        if requireClientCertificates {
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = trustRootsPath.map { .file($0) } ?? .default
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// The context for connections we open; it presents our certificate too, for peers that ask for it.
    func makeClientContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = serverVerification
        configuration.trustRoots = trustRootsPath.map { .file($0) } ?? .default
        configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateChainPath).map {
            .certificate($0)
        }
        configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: privateKeyPath, format: .pem))
        return try NIOSSLContext(configuration: configuration)
    }
}
