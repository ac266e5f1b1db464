import ArgumentParser
import Foundation
import Logging
import PostgresNIO
import RoutingCore
import RoutingService
import RoutingStore

/// `reroute db migrate`: applies the routing server's schema migrations to `--database-url` or `DATABASE_URL`.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Routing server database tasks.", subcommands: [Migrate.self])

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply the schema migrations not yet applied (recorded in schema_migrations).")

        @Option(name: .long, help: "postgres://user:password@host:port/database (default: $DATABASE_URL).")
        var databaseURL: String?

        func run() throws {
            let url = try resolveDatabaseURL(databaseURL, command: "reroute db migrate")
            let applied = try runWithDatabase(url, command: "reroute db migrate") { database in
                let applied = try await database.migrate()
                return (applied, try await database.appliedMigrations())
            }
            print(applied.0.isEmpty
                ? "db: schema up to date (version \(applied.1.last ?? 0))"
                : "db: applied migration(s) \(applied.0.map(String.init).joined(separator: ", ")); "
                    + "schema at version \(applied.1.last ?? 0)")
        }
    }
}

/// `reroute carriers import FILE.csv`: loads the carrier catalog, all lines or none.
struct CarriersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carriers", abstract: "Carrier catalog tasks.", subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import carriers from CSV (header: \(CarrierCSV.columns.joined(separator: ","))).")

        @Argument(help: "The CSV file.")
        var file: String

        @Option(name: .long, help: "postgres://user:password@host:port/database (default: $DATABASE_URL).")
        var databaseURL: String?

        func run() throws {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                printError("reroute carriers import: \(file): cannot read the file")
                throw ExitCode(2)
            }
            let definitions: [CarrierDefinition]
            do {
                definitions = try CarrierCSV.parse(text)
            } catch {
                printError("\(file):\(error.line): \(error.message)")
                throw ExitCode(1)
            }
            let url = try resolveDatabaseURL(databaseURL, command: "reroute carriers import")
            let count = try runWithDatabase(url, command: "reroute carriers import") { database in
                try await database.migrate()
                let service = RoutingService(
                    database: database, sms: InMemorySMSSink(), calls: InMemoryOutboundCallSink(),
                    provisioning: NoProvisioningPlatform())
                return try await service.importCarriers(csv: text).count
            }
            print("carriers: imported \(count) of \(definitions.count) line(s) from \(file)")
        }
    }
}

/// The database URL from the flag or `DATABASE_URL`; one clear line when missing or malformed.
func resolveDatabaseURL(_ flag: String?, command: String) throws -> DatabaseURL {
    guard let text = flag ?? ProcessInfo.processInfo.environment["DATABASE_URL"], !text.isEmpty else {
        printError("\(command): no database: give --database-url postgres://... or set DATABASE_URL")
        throw ExitCode(2)
    }
    do {
        return try DatabaseURL(text)
    } catch {
        printError("\(command): --database-url: \(error)")
        throw ExitCode(2)
    }
}

/// Runs async database work from a synchronous command, with a running client; errors become one line.
func runWithDatabase<T: Sendable>(
    _ url: DatabaseURL, command: String, _ body: @escaping @Sendable (RoutingDatabase) async throws -> T
) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        var configuration = url.configuration
        configuration.options.connectTimeout = .seconds(5)
        let client = PostgresClient(configuration: configuration)
        let result = await withTaskGroup(of: Void.self) { group -> Result<T, any Error> in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            do {
                return .success(try await body(RoutingDatabase(client: client)))
            } catch {
                return .failure(error)
            }
        }
        box.set(result)
        done.signal()
    }
    done.wait()
    switch box.get()! {
    case .success(let value):
        return value
    case .failure(let error as RoutingError):
        printError("\(command): \(error)")
        throw ExitCode(1)
    case .failure(let error as PSQLError):
        printError("\(command): database \(url): \(error.serverInfo?[.message] ?? String(describing: error.code))")
        throw ExitCode(1)
    case .failure(let error) where String(describing: error).contains("ConnectionPoolError"):
        printError("\(command): database \(url): cannot connect (is the server running, is the URL right?)")
        throw ExitCode(1)
    case .failure(let error):
        printError("\(command): database \(url): \(error)")
        throw ExitCode(1)
    }
}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<T, any Error>?
    func set(_ value: Result<T, any Error>) { lock.withLock { self.value = value } }
    func get() -> Result<T, any Error>? { lock.withLock { value } }
}
