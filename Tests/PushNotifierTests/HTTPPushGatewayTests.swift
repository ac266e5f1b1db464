import Foundation
import NIOConcurrencyHelpers
import PushNotifier
import RerouteTestSupport
import RoutingCore
import Testing

/// The push wake-up client against a real HTTP server on loopback standing in for the push gateway (issue 5: "a
/// configurable HTTP endpoint; tests use a local HTTP server standing in for the push service").
@Suite("Push wake-up (RFC 8599 push parameters over an HTTP push gateway)")
struct HTTPPushGatewayTests {
    /// A manual clock: `sleep` advances it instead of waiting.
    final class ManualClock: Sendable {
        let current = NIOLockedValueBox(Date(timeIntervalSince1970: 1_800_000_000))
        let sleeps = NIOLockedValueBox<[Duration]>([])
        var now: Date { current.withLockedValue { $0 } }
        func sleep(_ duration: Duration) {
            sleeps.withLockedValue { $0.append(duration) }
            current.withLockedValue { $0 = $0.addingTimeInterval(PushRetryPolicy.seconds(duration)) }
        }
    }

    private static func request(_ clock: ManualClock, expiresIn seconds: TimeInterval = 20) -> PushWakeRequest {
        PushWakeRequest(
            token: PushToken(provider: "apns", param: "ABCD1234.com.example.reroute.voip", prid: "00fc13adff78512"),
            callID: "call-42", caller: "+447700900123", called: "+447700900456",
            expiresAt: clock.now.addingTimeInterval(seconds))
    }

    /// One wake-up against a local push gateway answering with `script`; the server and clock are returned for
    /// inspection after both are shut down.
    private static func wake(
        _ script: [LocalHTTPServer.Behaviour], expiresIn seconds: TimeInterval = 20,
        attemptTimeout: Duration = .seconds(2)
    ) async throws -> (result: PushWakeResult, server: LocalHTTPServer, clock: ManualClock) {
        let server = try await LocalHTTPServer(script: script)
        let clock = ManualClock()
        let gateway = HTTPPushGateway(
            configuration: .init(
                url: "http://127.0.0.1:\(server.port)/v1/push", token: "push-secret", attemptTimeout: attemptTimeout),
            now: { clock.now }, sleep: { clock.sleep($0) })
        let result = await gateway.wake(request(clock, expiresIn: seconds))
        try await gateway.shutdown()
        try await server.close()
        return (result, server, clock)
    }

    @Test("RFC 8599 §4.1: the push carries pn-provider, pn-prid and pn-param, the call and its time to live")
    func acceptedPushCarriesTheParameters() async throws {
        let (result, server, _) = try await Self.wake([.respond(status: 202, body: "{}")])
        #expect(result == .accepted)
        let received = try #require(server.received.first)
        #expect(received.method == "POST" && received.uri == "/v1/push")
        #expect(received.header("Authorization") == "Bearer push-secret")
        let json = try #require(JSONSerialization.jsonObject(with: Data(received.body.utf8)) as? [String: Any])
        #expect(json["pn_provider"] as? String == "apns")
        #expect(json["pn_prid"] as? String == "00fc13adff78512")
        #expect(json["pn_param"] as? String == "ABCD1234.com.example.reroute.voip")
        #expect(json["call_id"] as? String == "call-42")
        #expect(json["called"] as? String == "+447700900456")
        #expect(json["time_to_live"] as? Int == 20)
    }

    @Test("RFC 8599 §5.1: a push address the gateway no longer knows (410) is reported invalid and not retried")
    func invalidToken() async throws {
        let (result, server, _) = try await Self.wake([.respond(status: 410, body: "{\"reason\":\"Unregistered\"}")])
        guard case .invalidToken = result else {
            Issue.record("expected invalidToken, got \(result)")
            return
        }
        #expect(server.received.count == 1)
    }

    @Test("A 503 then a 200: retried once after the policy's pause, then accepted")
    func retriedAfterServerError() async throws {
        let (result, server, clock) = try await Self.wake([
            .respond(status: 503, body: "busy"), .respond(status: 200, body: "{}"),
        ])
        #expect(result == .accepted)
        #expect(server.received.count == 2)
        #expect(clock.sleeps.withLockedValue { $0 } == [.milliseconds(200)])
    }

    @Test("A 400 is refused for good: the request or credentials are wrong, retrying will not help")
    func rejected() async throws {
        let (result, server, _) = try await Self.wake([.respond(status: 400, body: "bad prid")])
        #expect(result == .rejected(status: 400, detail: "bad prid"))
        #expect(server.received.count == 1)
    }

    @Test("A gateway that never answers: each attempt times out; no retry once the call would stop waiting")
    func hangingGatewayStopsAtTheCallsDeadline() async throws {
        // The push expires 0.4 s after it is sent: the first 300 ms attempt is made, but a retry (200 ms pause +
        // 300 ms attempt) could not finish in time. The manual clock stands still during the real attempt.
        let (result, server, _) = try await Self.wake(
            [.hang, .hang, .hang], expiresIn: 0.4, attemptTimeout: .milliseconds(300))
        guard case .unreachable(let detail) = result else {
            Issue.record("expected unreachable, got \(result)")
            return
        }
        #expect(detail.contains("after 1 attempt"))
        #expect(server.received.count == 1)
    }

    @Test("Retry policy: 5xx and transport errors retried while attempts remain and the push has not expired")
    func retryPolicyTable() {
        let policy = PushRetryPolicy(maximumAttempts: 3, delay: .milliseconds(200))
        let now = Date(timeIntervalSince1970: 0)
        let later = now.addingTimeInterval(10)
        let timeout = Duration.seconds(1)
        #expect(policy.decide(attempt: 1, outcome: .response(status: 204, body: ""), now: now, expiresAt: later,
            attemptTimeout: timeout) == .finish(.accepted))
        #expect(policy.decide(attempt: 1, outcome: .response(status: 429, body: ""), now: now, expiresAt: later,
            attemptTimeout: timeout) == .retry(after: .milliseconds(200)))
        #expect(policy.decide(attempt: 2, outcome: .transportError("reset"), now: now, expiresAt: later,
            attemptTimeout: timeout) == .retry(after: .milliseconds(200)))
        #expect(policy.decide(attempt: 3, outcome: .transportError("reset"), now: now, expiresAt: later,
            attemptTimeout: timeout) == .finish(.unreachable(detail: "reset (after 3 attempts)")))
        #expect(policy.decide(attempt: 1, outcome: .response(status: 404, body: "gone"), now: now, expiresAt: later,
            attemptTimeout: timeout) == .finish(.invalidToken(detail: "404 gone")))
    }
}
