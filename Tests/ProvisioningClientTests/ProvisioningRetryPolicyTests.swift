import ProvisioningClient
import Testing

@Suite("Provisioning retry policy")
struct ProvisioningRetryPolicyTests {
    let policy = ProvisioningRetryPolicy(maximumAttempts: 5, initialBackoff: .seconds(1), maximumBackoff: .seconds(5))

    @Test("RFC 9110 §15: 2xx final success; 4xx final failure; 5xx, 408, 429 and transport errors retried")
    func classification() {
        #expect(policy.decide(attempt: 1, outcome: .response(status: 204, body: "")) == .finish(.succeeded(detail: "")))
        #expect(
            policy.decide(attempt: 1, outcome: .response(status: 404, body: "")) == .finish(.failed(detail: "HTTP 404"))
        )
        #expect(
            policy.decide(attempt: 1, outcome: .response(status: 301, body: "")) == .finish(.failed(detail: "HTTP 301"))
        )
        #expect(policy.decide(attempt: 1, outcome: .response(status: 503, body: "")) == .retry(after: .seconds(1)))
        #expect(policy.decide(attempt: 2, outcome: .response(status: 429, body: "")) == .retry(after: .seconds(2)))
        #expect(policy.decide(attempt: 3, outcome: .response(status: 408, body: "")) == .retry(after: .seconds(4)))
        #expect(policy.decide(attempt: 4, outcome: .transportError("reset")) == .retry(after: .seconds(5)))
        #expect(
            policy.decide(attempt: 5, outcome: .transportError("reset"))
                == .finish(.unreachable(detail: "reset (after 5 attempts)")))
    }
}
