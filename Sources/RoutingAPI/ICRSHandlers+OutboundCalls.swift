import Foundation
import Hummingbird
import RoutingService
import RoutingStore

// Outbound validation calls for a gateway in another process (issue 7 item 3, `reroute gateway --icrs-url`).
extension ICRSHandlers {
    /// `POST /v1/gateway/outbound-calls/claim` (schema `OutboundCallClaim`): the due calls, each leased to the caller.
    func claimOutboundCalls(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(OutboundCallClaimBody.self)
        let calls = try await service.claimOutboundCalls(limit: body.limit)
        return try JSONResponse.make(OutboundCallsBody(calls: calls.map(OutboundCallBody.init)))
    }

    /// `POST /v1/gateway/outbound-calls/{id}/result` (schema `OutboundCallResult`).
    func outboundCallResult(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let id = try context.parameters.uuid("id", what: "outbound call")
        let body = try await request.decodeJSON(OutboundCallResultBody.self)
        try await service.finishOutboundCall(id: id, placed: body.placed)
        return JSONResponse.noContent
    }
}

/// Schema `OutboundCallClaim`.
struct OutboundCallClaimBody: Decodable {
    var limit: Int

    enum CodingKeys: String, CodingKey, CaseIterable { case limit }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let limit = try? container.decode(Int.self, forKey: .limit), (1...10).contains(limit) else {
            throw APIError.badRequest("field \"limit\" must be an integer from 1 to 10")
        }
        self.limit = limit
    }
}

/// Schema `OutboundCallResult`: `placed` (the IAM went out) or `not_placed` (no circuit, link down).
struct OutboundCallResultBody: Decodable {
    var placed: Bool

    enum CodingKeys: String, CodingKey, CaseIterable { case outcome }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownFields(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try? container.decode(String.self, forKey: .outcome) {
        case "placed": placed = true
        case "not_placed": placed = false
        default: throw APIError.badRequest("field \"outcome\" must be placed or not_placed")
        }
    }
}

/// Schema `OutboundCall`.
struct OutboundCallBody: Encodable {
    var id: String
    var number: String
    var code: String
    var expires_at: String

    init(_ call: ClaimedOutboundCall) {
        id = call.id.uuidString.lowercased()
        number = call.number
        code = call.code
        expires_at = ISO8601DateFormatter().string(from: call.expiresAt)
    }
}

/// Schema `OutboundCalls`.
struct OutboundCallsBody: Encodable {
    var calls: [OutboundCallBody]
}
