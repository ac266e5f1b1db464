import Foundation
import RerouteTestSupport
import RoutingStore
import Testing

/// `reroute db migrate` and `reroute carriers import` as a user runs them: one clear line and a non-zero exit on
/// bad input, nothing stored from a bad file.
@Suite("reroute db / carriers", .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"))
struct RoutingCommandTests {
    static let header = "country,mcc,mnc,name,technology,c_number,prefixes\n"

    static func write(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reroute-\(UUID().uuidString).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func badCSVIsOneLineWithFileAndLine() throws {
        let binary = try #require(ToolRunner.rerouteBinary)
        let file = try Self.write(Self.header + "GB,234,15,V,gsm,+447700900500,+4477009\nGB,234,15,W,umts,+447700900501,+447\n")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let result = try ToolRunner.run(binary, ["carriers", "import", file, "--database-url", "postgres://u@h/db"])
        #expect(result.status == 1)
        #expect(result.stderr == "\(file):3: technology: 'umts' is neither gsm nor cdma\n")
    }

    @Test func missingOrMalformedDatabaseURL() throws {
        let binary = try #require(ToolRunner.rerouteBinary)
        let malformed = try ToolRunner.run(binary, ["db", "migrate", "--database-url", "mysql://x/y"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr == "reroute db migrate: --database-url: 'mysql://x/y' is not a postgres:// URL\n")
    }

    @Test func migrateThenImportAgainstAPrivateCluster() throws {
        let binary = try #require(ToolRunner.rerouteBinary)
        let cluster = try PrivatePostgresCluster.start()
        defer { cluster.stop() }
        let url = cluster.url()
        let first = try ToolRunner.run(binary, ["db", "migrate", "--database-url", url])
        #expect(first.status == 0)
        #expect(String(decoding: first.stdout, as: UTF8.self) == "db: applied migration(s) 1, 2, 3, 4, 5; schema at version 5\n")
        let second = try ToolRunner.run(binary, ["db", "migrate", "--database-url", url])
        #expect(String(decoding: second.stdout, as: UTF8.self) == "db: schema up to date (version 5)\n")
        let file = try Self.write(Self.header + "GB,234,15,V,gsm,+447700900500,+4477009 +4477008\n")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let imported = try ToolRunner.run(binary, ["carriers", "import", file, "--database-url", url])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(String(decoding: imported.stdout, as: UTF8.self) == "carriers: imported 1 of 1 line(s) from \(file)\n")
    }
}
