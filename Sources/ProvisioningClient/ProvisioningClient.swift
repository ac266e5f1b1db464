public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The adapter for a carrier's provisioning platform: one HTTP(S) `POST` of a JSON `ProvisioningRequest` with
/// `Authorization: Bearer <token>` and an `Idempotency-Key` that stays the same on every retry, retried with
/// backoff as `ProvisioningRetryPolicy` decides.
public final class ProvisioningClient: Sendable {
    public struct Configuration: Hashable, Sendable {
        /// The platform's endpoint (`https://...`; `http://` for a local stand-in).
        public var url: String
        /// The bearer token the carrier issued.
        public var token: String
        /// Limit for one attempt, connection included.
        public var attemptTimeout: Duration
        public var retry: ProvisioningRetryPolicy

        public init(
            url: String, token: String, attemptTimeout: Duration = .seconds(10),
            retry: ProvisioningRetryPolicy = .init()
        ) {
            self.url = url
            self.token = token
            self.attemptTimeout = attemptTimeout
            self.retry = retry
        }
    }

    /// The longest response body kept as the result's detail.
    public static let maximumDetailBytes = 4_096

    public let configuration: Configuration
    private let httpClient: HTTPClient
    private let ownsClient: Bool
    private let sleep: @Sendable (Duration) async throws -> Void

    /// A client; with no `httpClient` one is made (redirects not followed: a provisioning POST must reach the
    /// configured endpoint) and closed by `shutdown()`. `sleep` waits between attempts; tests pass their own.
    public init(
        configuration: Configuration, httpClient: HTTPClient? = nil,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.configuration = configuration
        if let httpClient {
            self.httpClient = httpClient
            self.ownsClient = false
        } else {
            var clientConfiguration = HTTPClient.Configuration()
            clientConfiguration.redirectConfiguration = .disallow
            self.httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: clientConfiguration)
            self.ownsClient = true
        }
        self.sleep = sleep
    }

    /// Closes the HTTP client this instance made.
    public func shutdown() async throws {
        if ownsClient { try await httpClient.shutdown() }
    }

    /// Sends `request` until it succeeds, fails for good, or the attempts run out. `idempotencyKey` identifies the
    /// change (e.g. the forwarding activation's id); every attempt carries it.
    public func send(_ request: ProvisioningRequest, idempotencyKey: String) async -> ProvisioningResult {
        let body: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            body = try encoder.encode(request)
        } catch {
            return .failed(detail: "cannot encode the request: \(error)")
        }
        var attempt = 1
        while true {
            let outcome = await perform(body: body, idempotencyKey: idempotencyKey)
            switch configuration.retry.decide(attempt: attempt, outcome: outcome) {
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

    private func perform(body: Data, idempotencyKey: String) async -> ProvisioningRetryPolicy.AttemptOutcome {
        var request = HTTPClientRequest(url: configuration.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Authorization", value: "Bearer \(configuration.token)")
        request.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(configuration.attemptTimeout))
            var collected = ByteBuffer()
            for try await var chunk in response.body {
                let room = Self.maximumDetailBytes - collected.readableBytes
                if room > 0, let slice = chunk.readSlice(length: min(room, chunk.readableBytes)) {
                    collected.writeImmutableBuffer(slice)
                }
            }
            let text = String(buffer: collected).trimmingCharacters(in: .whitespacesAndNewlines)
            return .response(status: Int(response.status.code), body: text)
        } catch {
            return .transportError(String(describing: error))
        }
    }
}
