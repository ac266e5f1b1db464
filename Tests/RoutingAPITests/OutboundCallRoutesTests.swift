import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import RoutingAPI
import RoutingCore
import RoutingService
import Testing

/// Outbound validation calls claimed by a gateway in another process (issue 7 item 3): a pending `call_code`
/// validation is leased to one gateway at a time, placed once, offered again after a failure, three attempts at most.
@Suite struct OutboundCallRoutesTests {
    static let service = APIHarness.serviceToken

    func claim(_ api: APIClient, limit: Int = 10) async throws -> [[String: Any]] {
        let answer = try await api.send(
            .post, "/v1/gateway/outbound-calls/claim", json: #"{"limit": \#(limit)}"#, service: Self.service)
        #expect(answer.status == .ok, "\(answer.text)")
        return try answer.json["calls"] as? [[String: Any]] ?? []
    }

    func result(_ api: APIClient, _ id: String, _ outcome: String) async throws -> HTTPResponse.Status {
        try await api.send(
            .post, "/v1/gateway/outbound-calls/\(id)/result", json: #"{"outcome": "\#(outcome)"}"#,
            service: Self.service
        ).status
    }

    @Test func issue7Item3ACallCodeValidationIsLeasedPlacedOnceAndRetriedAtMostThreeTimes() async throws {
        try await APIHarness.run { api, harness in
            for number in ["+447700900601", "+447700900602"] {
                #expect(try await api.post(
                    "/v1/accounts", #"{"number": "\#(number)", "password": "correct horse"}"#).status == .created)
                let started = try await api.post("/v1/numbers/\(number)/validations", #"{"method": "call_code"}"#)
                #expect(started.status == .created, "\(started.text)")
            }
            // An SMS-code validation is never a call.
            #expect(try await api.post(
                "/v1/accounts", #"{"number": "+447700900603", "password": "correct horse"}"#).status == .created)
            _ = try await api.post("/v1/numbers/+447700900603/validations", #"{"method": "sms_code"}"#)

            #expect(try await api.send(.post, "/v1/gateway/outbound-calls/claim", json: #"{"limit": 1}"#).status
                == .unauthorized)
            for bad in ["0", "11", "\"2\""] {
                let refused = try await api.send(
                    .post, "/v1/gateway/outbound-calls/claim", json: #"{"limit": \#(bad)}"#, service: Self.service)
                #expect(refused.status == .badRequest, "\(bad)")
            }
            let first = try await claim(api, limit: 1)
            #expect(first.count == 1)
            #expect(first.first?["number"] as? String == "+447700900601", "oldest first")
            let code = try #require(first.first?["code"] as? String)
            let queued = await harness.calls.requests
            #expect(queued.contains { $0.number.description == "+447700900601" && $0.code == code })
            // Leased: another claim gets only the other call.
            let second = try await claim(api)
            #expect(second.map { $0["number"] as? String } == ["+447700900602"])
            #expect(try await claim(api).isEmpty)

            // Placed: never offered again, even after the lease.
            let placedID = try #require(first.first?["id"] as? String)
            #expect(try await result(api, placedID, "placed") == .noContent)
            // Not placed: offered again after the pause, three attempts in all.
            let retriedID = try #require(second.first?["id"] as? String)
            #expect(try await result(api, retriedID, "not_placed") == .noContent)
            #expect(try await claim(api).isEmpty, "not before the retry pause")
            harness.clock.advance(RoutingService.outboundCallRetry + 1)
            #expect(try await claim(api).map { $0["id"] as? String } == [retriedID])
            #expect(try await result(api, retriedID, "not_placed") == .noContent)
            harness.clock.advance(RoutingService.outboundCallRetry + 1)
            #expect(try await claim(api).map { $0["id"] as? String } == [retriedID])
            #expect(try await result(api, retriedID, "not_placed") == .noContent)
            harness.clock.advance(RoutingService.outboundCallLease + 1)
            #expect(try await claim(api).isEmpty, "three attempts at most")

            #expect(try await result(api, UUID().uuidString.lowercased(), "placed") == .notFound)
            #expect(try await result(api, placedID, "maybe") == .badRequest)
        }
    }
}
