public import RoutingCore
import RoutingStore

extension RoutingService {
    /// Which devices of the number's owner can take a call now (`GET /v1/routes/{e164}`): one indexed query.
    public func routeLookup(number: String) async throws -> RouteLookup {
        let number = try parse(number)
        guard let (account, contacts) = try await database.read({ tx in try await tx.route(number) }) else {
            return .unavailable(reason: .unknownNumber)
        }
        guard !contacts.isEmpty else {
            let wakeable = try await pushTargets(account: account)
            return wakeable.isEmpty
                ? .unavailable(reason: .noDeviceAvailable) : .wakeable(accountID: account, devices: wakeable.map(\.deviceID))
        }
        return .available(
            accountID: account,
            contacts: contacts.map { id, contact in
                RouteContact(
                    deviceID: id, uri: contact.uri, transport: contact.transport, codecs: contact.codecs,
                    bandwidthKbps: contact.bandwidthKbps)
            })
    }

    /// The account's logged-in devices with a push token and SIP credentials: those a call can wake (connected or
    /// not; the SIP edge wakes the ones without a binding).
    public func pushTargets(account: AccountID) async throws -> [WakeableDevice] {
        try await database.read { tx in
            try await tx.devices(of: account).compactMap { stored in
                guard stored.device.loginState == .loggedIn, let token = stored.device.info.pushToken,
                    let username = stored.sipUsername
                else { return nil }
                return WakeableDevice(deviceID: stored.device.id, sipUsername: username, pushToken: token)
            }
        }
    }
}
