import Foundation
import Logging
import PostgresNIO
import RerouteTestSupport
import RoutingCore
import RoutingService
import RoutingStore
import Synchronization
import VoicemailStore

/// One private PostgreSQL cluster per test process (removed at exit), a fresh database per test.
enum TestCluster {
    private static let shared: Result<PrivatePostgresCluster, any Error> = {
        let result = Result { try PrivatePostgresCluster.start() }
        if case .success = result { atexit { TestCluster.stopAtExit() } }
        return result
    }()
    private static let counter = Atomic<Int>(0)

    static func stopAtExit() {
        if case .success(let cluster) = shared { cluster.stop() }
    }

    static func cluster() throws -> PrivatePostgresCluster { try shared.get() }

    /// Creates a new database and returns its URL.
    static func freshDatabase() throws -> String {
        let cluster = try cluster()
        let name = "t\(getpid())_\(counter.add(1, ordering: .relaxed).newValue)"
        try cluster.createDatabase(name)
        return cluster.url(database: name)
    }
}

/// A migrated fresh database with a running client, for the length of `body`.
func withDatabase<T: Sendable>(_ body: (RoutingDatabase) async throws -> T) async throws -> T {
    let url = try DatabaseURL(try TestCluster.freshDatabase())
    let client = PostgresClient(configuration: url.configuration)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        let database = RoutingDatabase(client: client)
        try await database.migrate()
        return try await body(database)
    }
}

/// A clock the test moves.
final class ManualClock: RoutingClock {
    private let time: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) { time = Mutex(start) }
    func now() -> Date { time.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Reproducible "random" bytes (SplitMix64).
final class SeededSource: RandomSource {
    private let generator: Mutex<SeededGenerator>
    init(seed: UInt64) { generator = Mutex(SeededGenerator(seed: seed)) }
    func bytes(_ count: Int) -> [UInt8] {
        generator.withLock { generator in (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) } }
    }
}

/// A service over a fresh database with in-memory effects.
struct Harness {
    let service: RoutingService
    let database: RoutingDatabase
    let clock: ManualClock
    let sms: InMemorySMSSink
    let calls: InMemoryOutboundCallSink
    let provisioning: FakeProvisioningPlatform

    static let validationSMSNumber = try! E164Number(parsing: "+447700900900")
    static let missedCallNumber = try! E164Number(parsing: "+447700900901")

    init(
        database: RoutingDatabase, configuration: RoutingConfiguration? = nil,
        provisioning: FakeProvisioningPlatform = FakeProvisioningPlatform(), sms: InMemorySMSSink = InMemorySMSSink(),
        seed: UInt64 = 1, voicemails: VoicemailDirectory? = nil, clock: ManualClock = ManualClock()
    ) {
        var configuration = configuration ?? RoutingConfiguration()
        configuration.validationSMSNumber = Self.validationSMSNumber
        configuration.missedCallNumber = Self.missedCallNumber
        configuration.dialingPlan = DialingPlan(countryCode: "44")
        let calls = InMemoryOutboundCallSink()
        self.service = RoutingService(
            database: database, configuration: configuration, sms: sms, calls: calls, provisioning: provisioning,
            clock: clock, random: SeededSource(seed: seed), voicemails: voicemails)
        self.database = database
        self.clock = clock
        self.sms = sms
        self.calls = calls
        self.provisioning = provisioning
    }

    /// The six-digit code in the last SMS sent to `number`.
    func lastCode(sentTo number: String) async throws -> String {
        let messages = await sms.messages.filter { $0.to.description == number }
        guard let text = messages.last?.text, let code = ValidationCode.find(in: text) else {
            throw HarnessError("no SMS with a code to \(number)")
        }
        return code.digits
    }

    /// Creates an account, validates its number by SMS code and logs a device in.
    func validatedAccount(_ number: String, password: String = "password-1", device: String = "phone-1")
        async throws -> (AccountView, LoginResult)
    {
        let account = try await service.createAccount(number: number, password: password, source: "10.0.0.1")
        let started = try await service.startValidation(number: number, method: .smsCode, source: "10.0.0.1")
        _ = try await service.confirmValidation(
            id: started.id.description, code: try await lastCode(sentTo: number), source: "10.0.0.1")
        let login = try await service.login(
            number: number, password: password,
            device: DeviceRegistration(id: device, name: "Pixel", vendor: "Google", os: "Android 15"),
            source: "10.0.0.1")
        return (account, login)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
