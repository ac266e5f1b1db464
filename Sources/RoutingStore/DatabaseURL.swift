public import PostgresNIO
import Foundation

/// A `postgres://` (or `postgresql://`) URL turned into a postgres-nio client configuration.
///
/// Forms: `postgres://user:password@host:5432/database`, and for a Unix socket
/// `postgres://user@/database?host=/path/to/socket/dir&port=5432` (libpq's convention, the socket file being
/// `<dir>/.s.PGSQL.<port>`). `sslmode=disable|prefer|require` picks TLS (default: prefer).
public struct DatabaseURL: Sendable, CustomStringConvertible {
    public let configuration: PostgresClient.Configuration
    public let description: String

    public init(_ text: String) throws(DatabaseURLError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else { throw DatabaseURLError("'\(text)' is not a postgres:// URL") }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let user = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        let password = components.password.flatMap { $0.removingPercentEncoding }
        var database = String(components.path.dropFirst())
        if database.isEmpty { database = user }
        let port = components.port ?? query["port"].flatMap(Int.init) ?? 5432
        let host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? query["host"]
        guard let host, !host.isEmpty else { throw DatabaseURLError("'\(text)' names no host or socket directory") }
        var configuration: PostgresClient.Configuration
        if host.hasPrefix("/") {
            configuration = .init(
                unixSocketPath: "\(host)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else {
            let tls: PostgresClient.Configuration.TLS
            switch query["sslmode"] ?? "prefer" {
            case "disable": tls = .disable
            case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
            case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
            case let mode: throw DatabaseURLError("sslmode '\(mode)' is not disable, prefer or require")
            }
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
        }
        self.configuration = configuration
        // Never print the password.
        self.description = "postgres://\(user)@\(host.hasPrefix("/") ? "" : host + ":\(port)")/\(database)"
            + (host.hasPrefix("/") ? "?host=\(host)&port=\(port)" : "")
    }
}

/// A database URL that cannot be used, saying why in one line.
public struct DatabaseURLError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
