public import RoutingCore
import RoutingStore

extension RoutingService {
    /// Logs a device in (`POST /v1/sessions`); `.badCredentials` (401) for an unknown number or a wrong password
    /// alike; failures are rate limited per number and per source.
    public func login(number: String, password: String, device: DeviceRegistration, source: String)
        async throws -> LoginResult
    {
        throw RoutingError.badCredentials
    }

    /// Logs out (`DELETE /v1/sessions/current`): the token is revoked and the device deregistered.
    public func logout(token: String) async throws {
        throw RoutingError.unauthorized
    }

    /// Resolves a bearer token (expiry, revocation).
    public func authenticate(token: String) async throws -> Session {
        throw RoutingError.unauthorized
    }

    /// The SIP registrar accepted a REGISTER from the device holding these SIP credentials.
    public func deviceRegistered(sipUsername: String, contact: DeviceContact) async throws {}

    /// The device's registration was removed or expired.
    public func deviceDeregistered(sipUsername: String) async throws {}

    /// The device stopped answering keepalives.
    public func deviceConnectionLost(sipUsername: String) async throws {}

    /// The digest credentials of a device, for the SIP registrar; `nil` when unknown or logged out.
    public func sipAccount(username: String) async throws -> SIPAccountRecord? { nil }
}
