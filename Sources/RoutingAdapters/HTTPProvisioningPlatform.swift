public import AsyncHTTPClient
public import ProvisioningClient
public import RoutingCore
public import RoutingService

/// A carrier's provisioning platform reached over HTTP(S): each `ProvisioningCommand` (the carrier's endpoint and
/// token come with it, from the catalog) becomes one `ProvisioningClient` request, retried with backoff under the
/// command's idempotency key. "All conditional" forwarding (3GPP TS 22.030 `**004*`) is what Reroute activates.
public struct HTTPProvisioningPlatform: ProvisioningPlatform {
    private let httpClient: HTTPClient
    private let retry: ProvisioningRetryPolicy
    private let sleep: @Sendable (Duration) async throws -> Void

    /// `httpClient` is shared by every command and stays the caller's to shut down.
    public init(
        httpClient: HTTPClient, retry: ProvisioningRetryPolicy = .init(),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.httpClient = httpClient
        self.retry = retry
        self.sleep = sleep
    }

    public func execute(_ command: ProvisioningCommand) async -> ProvisioningOutcome {
        let client = ProvisioningClient(
            configuration: .init(url: command.url, token: command.token, retry: retry), httpClient: httpClient,
            sleep: sleep)
        let request = ProvisioningRequest(
            msisdn: command.number.description, action: command.activate ? .activate : .deactivate,
            service: .allConditional, forwardTo: command.activate ? command.cNumber.description : nil)
        switch await client.send(request, idempotencyKey: command.idempotencyKey) {
        case .succeeded(let detail): return .succeeded(detail: detail)
        case .failed(let detail): return .failed(detail: detail)
        case .unreachable(let detail): return .failed(detail: "platform unreachable: " + detail)
        }
    }
}
