public import PostgresNIO
public import Logging

/// The routing server's PostgreSQL database: a postgres-nio client, the migrations, and transactions.
public final class RoutingDatabase: Sendable {
    public let client: PostgresClient
    let logger: Logger

    /// Wraps a client; the caller runs `client.run()` in a task for as long as the database is used.
    public init(client: PostgresClient, logger: Logger = Logger(label: "reroute.routing.db")) {
        self.client = client
        self.logger = logger
    }

    /// Runs `body` in one transaction (READ COMMITTED with explicit row locks). A deadlock or serialization
    /// failure reruns the body, up to three times, so the body must have no effect outside the database.
    public func transaction<Result: Sendable>(
        _ body: (RoutingTransaction) async throws -> Result
    ) async throws -> Result {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        let value = try await body(RoutingTransaction(connection: connection, logger: logger))
                        try await connection.query("COMMIT", logger: logger)
                        return value
                    } catch {
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
            } catch let error as PSQLError where attempt < 3 && error.isRetryable {
                continue
            }
        }
    }

    /// Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction, under an
    /// advisory lock so that several starting servers do not race. Returns the versions applied now.
    @discardableResult
    public func migrate(_ migrations: [RoutingMigration] = RoutingMigrations.all) async throws -> [Int] {
        try await client.withConnection { connection in
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, logger: logger)
            var applied: [Int] = []
            for migration in migrations.sorted(by: { $0.version < $1.version }) {
                try await connection.query("BEGIN", logger: logger)
                do {
                    try await connection.query("SELECT pg_advisory_xact_lock(7468201)", logger: logger)
                    let rows = try await connection.query(
                        "SELECT 1 FROM schema_migrations WHERE version = \(migration.version)", logger: logger)
                    var present = false
                    for try await _ in rows { present = true }
                    if !present {
                        for statement in migration.statements {
                            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                        }
                        try await connection.query(
                            "INSERT INTO schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                            logger: logger)
                        applied.append(migration.version)
                    }
                    try await connection.query("COMMIT", logger: logger)
                } catch {
                    _ = try? await connection.query("ROLLBACK", logger: logger)
                    throw error
                }
            }
            return applied
        }
    }

    /// The versions recorded as applied.
    public func appliedMigrations() async throws -> [Int] {
        let rows = try await client.query("SELECT version FROM schema_migrations ORDER BY version", logger: logger)
        var versions: [Int] = []
        for try await version in rows.decode(Int.self) { versions.append(version) }
        return versions
    }
}

extension PSQLError {
    /// SQLSTATE of the server's error, e.g. `23505` for a unique violation.
    public var sqlState: String? { serverInfo?[.sqlState] }

    /// Deadlock detected (40P01) or serialization failure (40001): the transaction may simply be run again.
    var isRetryable: Bool { sqlState == "40P01" || sqlState == "40001" }

    /// unique_violation (23505).
    public var isUniqueViolation: Bool { sqlState == "23505" }
}

extension RoutingDatabase {
    /// Runs read-only work on a pooled connection without a transaction (each statement sees committed data).
    public func read<Result: Sendable>(_ body: (RoutingTransaction) async throws -> Result) async throws -> Result {
        try await client.withConnection { connection in
            try await body(RoutingTransaction(connection: connection, logger: logger))
        }
    }
}
