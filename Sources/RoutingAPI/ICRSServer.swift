public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import NIOSSL
public import RoutingService
public import ServiceLifecycle

/// Where and how the API listens.
public struct ICRSListener: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// PEM certificate chain and private key; `nil` serves plain HTTP, allowed on a loopback address only.
    public var tls: TLSFiles?

    public struct TLSFiles: Sendable, Hashable {
        public var certificateChain: String
        public var privateKey: String
        public init(certificateChain: String, privateKey: String) {
            self.certificateChain = certificateChain
            self.privateKey = privateKey
        }
    }

    public init(host: String = "127.0.0.1", port: Int = 8080, tls: TLSFiles? = nil) {
        self.host = host
        self.port = port
        self.tls = tls
    }

    /// True for `localhost`, 127.0.0.0/8 and `::1`: the only addresses plain HTTP may listen on.
    public var isLoopback: Bool {
        let host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Why this listener must not start, in one line; `nil` when it may.
    public var refusal: String? {
        tls == nil && !isLoopback
            ? "plain HTTP is allowed on a loopback address only: configure tls-certificate and tls-key "
                + "to listen on \(host)"
            : nil
    }
}

/// Why the API cannot start.
public struct ICRSServerError: Error, CustomStringConvertible {
    public let description: String
}

/// The routing server's HTTP API as a Hummingbird application: the router over a ``RoutingService``, plain HTTP
/// on loopback or HTTPS with the configured certificate, extra services (the PostgreSQL client) run with it.
public enum ICRSServer {
    /// Runs the API until SIGTERM or SIGINT, then shuts down gracefully (the server first, then `services`).
    /// `beforeStart` runs once the services are up and before the port is bound (the schema migrations).
    public static func run(
        service: RoutingService, serviceToken: String, listener: ICRSListener, services: [any Service] = [],
        logger: Logger, beforeStart: @escaping @Sendable () async throws -> Void = {},
        onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) async throws {
        var app = try application(
            service: service, serviceToken: serviceToken, listener: listener, services: services, logger: logger,
            onListening: onListening)
        app.beforeServerStarts(perform: beforeStart)
        try await app.runService()
    }

    /// Builds the application. `onListening` receives the bound address (port 0 picks a free port).
    public static func application(
        service: RoutingService, serviceToken: String, listener: ICRSListener, services: [any Service] = [],
        logger: Logger, onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) throws -> Application<RouterResponder<ICRSRequestContext>> {
        if let refusal = listener.refusal { throw ICRSServerError(description: refusal) }
        let server: HTTPServerBuilder
        if let tls = listener.tls {
            let configuration: TLSConfiguration
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChain)
                    .map { NIOSSLCertificateSource.certificate($0) }
                let key = try NIOSSLPrivateKey(file: tls.privateKey, format: .pem)
                configuration = TLSConfiguration.makeServerConfiguration(
                    certificateChain: chain, privateKey: .privateKey(key))
            } catch {
                throw ICRSServerError(
                    description: "cannot load the TLS certificate \(tls.certificateChain) or key \(tls.privateKey): "
                        + "\(error)")
            }
            server = try .tls(.http1(), tlsConfiguration: configuration)
        } else {
            server = .http1()
        }
        return Application(
            router: ICRSRouter.make(service: service, serviceToken: serviceToken),
            server: server,
            configuration: .init(address: .hostname(listener.host, port: listener.port), serverName: "reroute-icrs"),
            services: services,
            onServerRunning: { channel in
                let address = channel.localAddress
                await onListening(address?.ipAddress ?? listener.host, address?.port ?? listener.port)
            },
            logger: logger)
    }
}
