public import RoutingCore
import RoutingStore

extension RoutingService {
    /// Which devices of the number's owner can take a call now (`GET /v1/routes/{e164}`): one indexed query.
    public func routeLookup(number: String) async throws -> RouteLookup {
        let number = try parse(number)
        guard let (account, contacts) = try await database.read({ tx in try await tx.route(number) }) else {
            return .unavailable(reason: .unknownNumber)
        }
        guard !contacts.isEmpty else { return .unavailable(reason: .noDeviceAvailable) }
        return .available(
            accountID: account,
            contacts: contacts.map { id, contact in
                RouteContact(
                    deviceID: id, uri: contact.uri, transport: contact.transport, codecs: contact.codecs,
                    bandwidthKbps: contact.bandwidthKbps)
            })
    }
}
