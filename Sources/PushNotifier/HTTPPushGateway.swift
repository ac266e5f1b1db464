public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

/// Sends wake-up pushes to a push gateway over HTTP(S): one `POST` of `PushWakeRequest`'s JSON with
/// `Authorization: Bearer <token>`, retried per `PushRetryPolicy`. The gateway (a carrier's or a vendor's relay to
/// APNs/FCM) turns it into the provider's own request; Reroute never holds the providers' credentials.
public final class HTTPPushGateway: PushGateway {
    public struct Configuration: Hashable, Sendable {
        /// The push gateway's endpoint (`https://...`; `http://` for a local stand-in).
        public var url: String
        /// Bearer token for the push gateway; nil sends none.
        public var token: String?
        /// Limit for one attempt, connection included.
        public var attemptTimeout: Duration
        public var retry: PushRetryPolicy

        public init(
            url: String, token: String? = nil, attemptTimeout: Duration = .seconds(2), retry: PushRetryPolicy = .init()
        ) {
            self.url = url
            self.token = token
            self.attemptTimeout = attemptTimeout
            self.retry = retry
        }
    }

    public let configuration: Configuration
    private let httpClient: HTTPClient
    private let ownsClient: Bool
    private let now: @Sendable () -> Date
    private let sleep: @Sendable (Duration) async throws -> Void

    /// A gateway client; with no `httpClient` one is made and closed by `shutdown()`. `now` and `sleep` are the
    /// clock (tests pass their own).
    public init(
        configuration: Configuration, httpClient: HTTPClient? = nil, now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.configuration = configuration
        if let httpClient {
            self.httpClient = httpClient
            ownsClient = false
        } else {
            var clientConfiguration = HTTPClient.Configuration()
            clientConfiguration.redirectConfiguration = .disallow
            self.httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
            ownsClient = true
        }
        self.now = now
        self.sleep = sleep
    }

    /// Closes the HTTP client this instance made.
    public func shutdown() async throws {
        if ownsClient { try await httpClient.shutdown() }
    }

    public func wake(_ request: PushWakeRequest) async -> PushWakeResult {
        var attempt = 1
        while true {
            let body: Data
            do {
                body = try request.body(now: now())
            } catch {
                return .rejected(status: 0, detail: "cannot encode the push: \(error)")
            }
            let outcome = await perform(body: body)
            let decision = configuration.retry.decide(
                attempt: attempt, outcome: outcome, now: now(), expiresAt: request.expiresAt,
                attemptTimeout: configuration.attemptTimeout)
            switch decision {
            case .finish(let result):
                return result
            case .retry(let delay):
                do {
                    try await sleep(delay)
                } catch {
                    return .unreachable(detail: "cancelled after \(attempt) attempts")
                }
                attempt += 1
            }
        }
    }

    private func perform(body: Data) async -> PushRetryPolicy.AttemptOutcome {
        var request = HTTPClientRequest(url: configuration.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token = configuration.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(configuration.attemptTimeout))
            let text = String(buffer: try await response.body.collect(upTo: 4_096))
            return .response(status: Int(response.status.code), body: text)
        } catch {
            return .transportError(String(describing: error))
        }
    }
}
