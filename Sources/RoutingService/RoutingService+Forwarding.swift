public import RoutingCore
import RoutingStore

extension RoutingService {
    /// The forwarding state of one of the caller's numbers (`GET /v1/me/numbers/{e164}/forwarding`).
    public func forwardingStatus(token: String, number: String) async throws -> ForwardingView {
        throw RoutingError.unauthorized
    }

    /// (Re)starts activation for a validated number of the caller (done automatically after validation).
    public func requestForwardingActivation(token: String, number: String) async throws -> ForwardingView {
        throw RoutingError.unauthorized
    }

    /// The client dialed the code and reports the result (`POST /v1/me/numbers/{e164}/forwarding/result`).
    public func reportForwardingResult(token: String, number: String, succeeded: Bool, detail: String)
        async throws -> ForwardingView
    {
        throw RoutingError.unauthorized
    }

    /// The gateway saw a forwarded call whose original called number is `originalCalledNumber`: the first one marks
    /// that number's forwarding `verified`. Returns the new state, or `nil` when no account owns the number.
    public func forwardedCallSeen(originalCalledNumber: String) async throws -> ForwardingView? { nil }
}
