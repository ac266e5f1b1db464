public import Foundation
public import RoutingStore

/// Outbound validation calls (OBD, issue 7 item 3) for a gateway in another process: it claims the due calls
/// (`POST /v1/gateway/outbound-calls/claim`), places each and reports it (`POST …/{id}/result`).
extension RoutingService {
    /// How long a claim keeps other gateways off a call: longer than placing it takes (an IAM and its ACM).
    public static let outboundCallLease: TimeInterval = 60
    /// A call not placed (no free circuit, the link down) is offered again after this pause…
    public static let outboundCallRetry: TimeInterval = 15
    /// …at most this many times in all.
    public static let outboundCallAttempts = 3

    /// Claims up to `limit` (1…10) calls due now.
    public func claimOutboundCalls(limit: Int) async throws -> [ClaimedOutboundCall] {
        guard (1...10).contains(limit) else { throw RoutingError.invalidRequest("limit must be from 1 to 10") }
        let time = now()
        return try await database.transaction { tx in
            try await tx.claimOutboundCalls(
                at: time, until: time.addingTimeInterval(Self.outboundCallLease), limit: limit,
                maximumAttempts: Self.outboundCallAttempts)
        }
    }

    /// The gateway placed a claimed call, or could not (offered again after ``outboundCallRetry``).
    public func finishOutboundCall(id: UUID, placed: Bool) async throws {
        let time = now()
        let found = try await database.transaction { tx in
            try await tx.finishOutboundCall(
                id: id, placed: placed, at: time, retryAt: time.addingTimeInterval(Self.outboundCallRetry))
        }
        guard found else { throw RoutingError.notFound("claimed outbound call") }
    }
}
