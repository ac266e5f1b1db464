import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import RoutingAPI
import RoutingCore
import RoutingService
import RoutingStore
import Synchronization
import Testing
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

    /// Creates a new database and returns its URL.
    static func freshDatabase() throws -> String {
        let cluster = try shared.get()
        let name = "api\(getpid())_\(counter.add(1, ordering: .relaxed).newValue)"
        try cluster.createDatabase(name)
        return cluster.url(database: name)
    }
}

/// A clock the test moves.
final class ManualClock: RoutingClock {
    private let time: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { time = Mutex(start) }
    func now() -> Date { time.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// The API over the real ``RoutingService`` over a fresh migrated PostgreSQL database, with in-memory SMS, call and
/// provisioning effects and a manual clock.
struct APIHarness: Sendable {
    static let serviceToken = "test-service-token-0123456789"
    static let validationSMSNumber = "+447700900900"
    static let missedCallNumber = "+447700900901"

    let service: RoutingService
    let clock: ManualClock
    let sms: InMemorySMSSink
    let calls: InMemoryOutboundCallSink
    let provisioning: FakeProvisioningPlatform

    /// Runs `body` with a client of the API (Hummingbird's router test framework unless `setup` says otherwise).
    static func run<T: Sendable>(
        _ setup: TestingSetup = .router, listener: ICRSListener = ICRSListener(host: "127.0.0.1", port: 0),
        configure: (inout RoutingConfiguration) -> Void = { _ in },
        provisioning: FakeProvisioningPlatform = FakeProvisioningPlatform(),
        voicemails: VoicemailDirectory? = nil,
        _ body: @escaping @Sendable (APIClient, APIHarness) async throws -> T
    ) async throws -> T {
        let url = try DatabaseURL(try TestCluster.freshDatabase())
        var logger = Logger(label: "test.icrs")
        logger.logLevel = .warning
        let client = PostgresClient(configuration: url.configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let database = RoutingDatabase(client: client, logger: logger)
            try await database.migrate()
            var configuration = RoutingConfiguration()
            configuration.validationSMSNumber = try E164Number(parsing: validationSMSNumber)
            configuration.missedCallNumber = try E164Number(parsing: missedCallNumber)
            configuration.dialingPlan = DialingPlan(countryCode: "44")
            configure(&configuration)
            let clock = ManualClock()
            let sms = InMemorySMSSink()
            let calls = InMemoryOutboundCallSink()
            let harness = APIHarness(
                service: RoutingService(
                    database: database, configuration: configuration, sms: sms, calls: calls,
                    provisioning: provisioning, clock: clock, voicemails: voicemails),
                clock: clock, sms: sms, calls: calls, provisioning: provisioning)
            let app = try ICRSServer.application(
                service: harness.service, serviceToken: serviceToken, listener: listener,
                logger: logger)
            return try await app.test(setup) { client in
                try await body(APIClient(client: client), harness)
            }
        }
    }

    /// The six-digit code of the last SMS sent to `number`.
    func smsCode(to number: String) async throws -> String {
        let text = await sms.messages.last { $0.to.description == number }?.text ?? ""
        return try #require(ValidationCode.find(in: text), "no SMS with a code to \(number)").digits
    }
}

/// A response: status, headers and the body parsed as JSON.
struct APIResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let text: String

    var json: [String: any Sendable] {
        get throws {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
            return try #require(object as? [String: any Sendable], "not a JSON object: \(text)")
        }
    }

    /// `error.code` of an error body.
    var errorCode: String? {
        ((try? json)?["error"] as? [String: Any])?["code"] as? String
    }
}

/// Speaks JSON to the API under test.
struct APIClient: Sendable {
    let client: any TestClientProtocol

    func send(
        _ method: HTTPRequest.Method, _ path: String, json: String? = nil, token: String? = nil,
        service: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> APIResponse {
        var headers = extra
        if json != nil { headers[.contentType] = "application/json" }
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let service { headers[HTTPField.Name("X-Service-Token")!] = service }
        let response = try await client.execute(
            uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        return APIResponse(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    /// Sends raw bytes (an audio upload) and keeps the answer's body as bytes too.
    func sendBytes(
        _ method: HTTPRequest.Method, _ path: String, body: [UInt8]? = nil, headers: HTTPFields = [:]
    ) async throws -> (HTTPResponse.Status, HTTPFields, [UInt8]) {
        let response = try await client.execute(
            uri: path, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) })
        return (response.status, response.headers, Array(response.body.readableBytesView))
    }

    func post(_ path: String, _ json: String, token: String? = nil) async throws -> APIResponse {
        try await send(.post, path, json: json, token: token)
    }

    func get(_ path: String, token: String? = nil) async throws -> APIResponse {
        try await send(.get, path, token: token)
    }

    /// Creates an account for `number`, validates it by SMS code and logs device `device` in; returns the token.
    func validatedAccount(
        _ harness: APIHarness, _ number: String, password: String = "correct horse", device: String = "phone-1"
    ) async throws -> String {
        let created = try await post("/v1/accounts", #"{"number": "\#(number)", "password": "\#(password)"}"#)
        #expect(created.status == .created, "\(created.text)")
        let started = try await post("/v1/numbers/\(number)/validations", #"{"method": "sms_code"}"#)
        let id = try #require(try started.json["validation_id"] as? String, "\(started.text)")
        let code = try await harness.smsCode(to: number)
        let confirmed = try await post("/v1/validations/\(id)/confirm", #"{"code": "\#(code)"}"#)
        #expect(confirmed.status == .ok, "\(confirmed.text)")
        return try await login(number, password: password, device: device)
    }

    func login(_ number: String, password: String = "correct horse", device: String = "phone-1") async throws -> String {
        let session = try await post("/v1/sessions", """
            {"number": "\(number)", "password": "\(password)",
             "device": {"id": "\(device)", "name": "Pixel 9", "vendor": "Google", "os": "Android 15"}}
            """)
        #expect(session.status == .created, "\(session.text)")
        return try #require(try session.json["token"] as? String, "\(session.text)")
    }
}
