import Foundation
import NIOConcurrencyHelpers
import ProvisioningClient
import RerouteTestSupport
import Testing

/// The provisioning adapter against a real HTTP server on loopback (issue 4 §5: success, failure, timeout, 5xx then
/// success). Pauses between attempts go through an injected sleep that records them and returns at once.
@Suite("Provisioning platform adapter", .serialized)
struct ProvisioningClientTests {
    static let request = ProvisioningRequest(
        msisdn: "+447700900123", action: .activate, service: .cfnrc, forwardTo: "+447700900999")

    final class Sleeps: Sendable {
        let recorded = NIOLockedValueBox<[Duration]>([])
        var sleep: @Sendable (Duration) async throws -> Void {
            { [recorded] duration in recorded.withLockedValue { $0.append(duration) } }
        }
    }

    static func client(
        _ server: LocalHTTPServer, sleeps: Sleeps, timeout: Duration = .seconds(5), attempts: Int = 4
    ) -> ProvisioningClient {
        ProvisioningClient(
            configuration: .init(
                url: "http://127.0.0.1:\(server.port)/v1/forwarding", token: "t0ken", attemptTimeout: timeout,
                retry: ProvisioningRetryPolicy(
                    maximumAttempts: attempts, initialBackoff: .milliseconds(500), maximumBackoff: .seconds(8))),
            sleep: sleeps.sleep)
    }

    @Test("Success: one POST with the JSON body, bearer token, idempotency key; 2xx → succeeded")
    func success() async throws {
        let server = try await LocalHTTPServer(script: [.respond(status: 201, body: "{\"status\": \"active\"}")])
        let sleeps = Sleeps()
        let client = Self.client(server, sleeps: sleeps)
        let result = await client.send(Self.request, idempotencyKey: "fwd-42")
        #expect(result == .succeeded(detail: "{\"status\": \"active\"}"))
        let received = server.received
        #expect(received.count == 1)
        #expect(received[0].method == "POST")
        #expect(received[0].uri == "/v1/forwarding")
        #expect(received[0].header("Authorization") == "Bearer t0ken")
        #expect(received[0].header("Idempotency-Key") == "fwd-42")
        #expect(received[0].header("Content-Type") == "application/json")
        let json = try JSONSerialization.jsonObject(with: Data(received[0].body.utf8)) as? [String: String]
        #expect(
            json == [
                "msisdn": "+447700900123", "action": "activate", "service": "cfnrc", "forward_to": "+447700900999",
            ])
        #expect(sleeps.recorded.withLockedValue { $0 }.isEmpty)
        try await client.shutdown()
        try await server.close()
    }

    @Test("Failure: 4xx is final, no retry; the detail carries the platform's answer")
    func failure() async throws {
        let server = try await LocalHTTPServer(script: [.respond(status: 422, body: "{\"error\": \"unknown msisdn\"}")])
        let sleeps = Sleeps()
        let client = Self.client(server, sleeps: sleeps)
        let result = await client.send(Self.request, idempotencyKey: "fwd-43")
        #expect(result == .failed(detail: "HTTP 422: {\"error\": \"unknown msisdn\"}"))
        #expect(server.received.count == 1)
        try await client.shutdown()
        try await server.close()
    }

    @Test("5xx then success: retried with backoff and the same idempotency key")
    func serverErrorThenSuccess() async throws {
        let server = try await LocalHTTPServer(script: [
            .respond(status: 503, body: ""), .respond(status: 502, body: "bad gateway"),
            .respond(status: 200, body: "ok"),
        ])
        let sleeps = Sleeps()
        let client = Self.client(server, sleeps: sleeps)
        let result = await client.send(Self.request, idempotencyKey: "fwd-44")
        #expect(result == .succeeded(detail: "ok"))
        #expect(server.received.map { $0.header("Idempotency-Key") } == ["fwd-44", "fwd-44", "fwd-44"])
        #expect(Set(server.received.map(\.body)).count == 1)
        #expect(sleeps.recorded.withLockedValue { $0 } == [.milliseconds(500), .seconds(1)])
        try await client.shutdown()
        try await server.close()
    }

    @Test("5xx on every attempt: failed after the last one")
    func serverErrorsExhausted() async throws {
        let server = try await LocalHTTPServer(script: Array(repeating: .respond(status: 500, body: "down"), count: 3))
        let sleeps = Sleeps()
        let client = Self.client(server, sleeps: sleeps, attempts: 3)
        let result = await client.send(Self.request, idempotencyKey: "fwd-45")
        #expect(result == .failed(detail: "HTTP 500: down (after 3 attempts)"))
        #expect(server.received.count == 3)
        try await client.shutdown()
        try await server.close()
    }

    @Test("Timeout: an unanswered attempt is retried; all unanswered → unreachable")
    func timeout() async throws {
        let server = try await LocalHTTPServer(script: [.hang, .respond(status: 200, body: "late but fine")])
        let sleeps = Sleeps()
        // 2 s per attempt: the hanging attempt always times out, and a busy test process still gets the immediate
        // answer of the second attempt well within it.
        let client = Self.client(server, sleeps: sleeps, timeout: .seconds(2))
        #expect(await client.send(Self.request, idempotencyKey: "fwd-46") == .succeeded(detail: "late but fine"))
        #expect(server.received.count == 2)
        try await client.shutdown()
        try await server.close()

        let silent = try await LocalHTTPServer(script: [.hang, .hang])
        let silentClient = Self.client(silent, sleeps: Sleeps(), timeout: .milliseconds(300), attempts: 2)
        guard case .unreachable(let detail) = await silentClient.send(Self.request, idempotencyKey: "fwd-47") else {
            Issue.record("not unreachable")
            return
        }
        #expect(detail.hasSuffix("(after 2 attempts)"))
        try await silentClient.shutdown()
        try await silent.close()
    }

    @Test("Connection errors (dropped connection, nothing listening) are retried, then unreachable")
    func connectionErrors() async throws {
        let server = try await LocalHTTPServer(script: [.drop, .respond(status: 204, body: "")])
        let client = Self.client(server, sleeps: Sleeps())
        #expect(await client.send(Self.request, idempotencyKey: "fwd-48") == .succeeded(detail: ""))
        try await client.shutdown()
        try await server.close()

        let closed = try await LocalHTTPServer(script: [])
        let port = closed.port
        try await closed.close()
        let sleeps = Sleeps()
        let nowhere = ProvisioningClient(
            configuration: .init(
                url: "http://127.0.0.1:\(port)/", token: "t", attemptTimeout: .milliseconds(300),
                retry: ProvisioningRetryPolicy(maximumAttempts: 3)),
            sleep: sleeps.sleep)
        guard case .unreachable = await nowhere.send(Self.request, idempotencyKey: "fwd-49") else {
            Issue.record("not unreachable")
            return
        }
        #expect(sleeps.recorded.withLockedValue { $0 }.count == 2)
        try await nowhere.shutdown()
    }
}
