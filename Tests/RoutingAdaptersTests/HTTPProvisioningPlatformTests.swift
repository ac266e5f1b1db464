import AsyncHTTPClient
import Foundation
import RerouteTestSupport
import RoutingAdapters
import RoutingCore
import Testing

/// The routing server's provisioning effect against a real local HTTP server standing in for a carrier platform.
@Suite("HTTP provisioning platform (issue: forwarding activation through an integrated carrier)")
struct HTTPProvisioningPlatformTests {
    private static func command(activate: Bool, url: String) throws -> ProvisioningCommand {
        ProvisioningCommand(
            number: try E164Number(parsing: "+447700900123"), cNumber: try E164Number(parsing: "+447700900999"),
            activate: activate, url: url, token: "carrier-token", idempotencyKey: "fwd-7")
    }

    @Test("TS 22.030 **004: activation posts all-conditional forwarding to the C number, 5xx retried under one key")
    func activation() async throws {
        let server = try await LocalHTTPServer(script: [.respond(status: 503, body: ""), .respond(status: 200, body: "ok")])
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let platform = HTTPProvisioningPlatform(httpClient: http, sleep: { _ in })
        let outcome = await platform.execute(try Self.command(activate: true, url: "http://127.0.0.1:\(server.port)/fwd"))
        #expect(outcome == .succeeded(detail: "ok"))
        let received = server.received
        #expect(received.count == 2)
        #expect(Set(received.compactMap { $0.header("Idempotency-Key") }) == ["fwd-7"])
        #expect(received.last?.header("Authorization") == "Bearer carrier-token")
        let body = try #require(received.last?.body)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: String])
        #expect(json == ["msisdn": "+447700900123", "action": "activate", "service": "all_conditional",
            "forward_to": "+447700900999"])
        try await http.shutdown()
        try await server.close()
    }

    @Test("A platform that refuses (4xx) or cannot be reached gives a failed activation, never a throw")
    func failures() async throws {
        let server = try await LocalHTTPServer(script: [.respond(status: 422, body: "unknown msisdn")])
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let platform = HTTPProvisioningPlatform(httpClient: http, sleep: { _ in })
        let refused = await platform.execute(try Self.command(activate: false, url: "http://127.0.0.1:\(server.port)/"))
        #expect(refused == .failed(detail: "HTTP 422: unknown msisdn"))
        let port = server.port
        try await server.close()
        try await http.shutdown()
        // A new client, so no pooled connection to the closed server survives: nothing listens on the port now.
        let fresh = HTTPClient(eventLoopGroupProvider: .singleton)
        let unreachable = HTTPProvisioningPlatform(httpClient: fresh, sleep: { _ in })
        guard case .failed(let detail) = await unreachable.execute(
            try Self.command(activate: true, url: "http://127.0.0.1:\(port)/"))
        else {
            Issue.record("an unreachable platform did not fail the activation")
            try await fresh.shutdown()
            return
        }
        #expect(detail.hasPrefix("platform unreachable"))
        try await fresh.shutdown()
    }
}
