public import Foundation
public import RoutingCore
public import RoutingService
public import SIPRegistrar
public import SIPRegistrarService
import SIPTransactions
import SIPWire

/// The registrar's view of the routing server: SIP credentials from the devices' logins, and registration changes
/// written back as device state (the mission's "data network connection detection").
///
/// The HA1 values the routing server stores were computed with its `sipDomain` as realm, so the registrar's realm
/// must be that domain (RFC 7616 §3.4.2: A1 contains the realm).
public struct RoutingServiceSIPAdapter: SIPCredentialStore, DeviceStateRecorder {
    public let service: RoutingService
    /// Called when a write fails (e.g. the device logged out meanwhile: the routing server answers "not found").
    public let onError: @Sendable (SIPDeviceStateChange, any Error) -> Void

    public init(
        service: RoutingService, onError: @escaping @Sendable (SIPDeviceStateChange, any Error) -> Void = { _, _ in }
    ) {
        self.service = service
        self.onError = onError
    }

    public func digestCredentials(username: String) async throws -> SIPDigestCredentials? {
        guard let record = try await service.sipAccount(username: username) else { return nil }
        return SIPDigestCredentials(
            username: record.username, ha1: [.md5: record.ha1MD5, .sha256: record.ha1SHA256],
            accountID: record.accountID.description, deviceID: record.deviceID.description)
    }

    public func record(_ change: SIPDeviceStateChange, at time: Date) async {
        do {
            switch change {
            case .registered(let binding):
                let contact = DeviceContact(
                    uri: binding.contact.uri.description, transport: binding.flow.source.transport.lowercased(),
                    codecs: [])
                try await service.deviceRegistered(sipUsername: binding.aor, contact: contact)
            case .refreshed:
                // A refresh changes nothing the routing server keeps; writing it would fill the device history.
                return
            case .deregistered(let binding, _):
                try await service.deviceDeregistered(sipUsername: binding.aor)
            case .connectionLost(let binding, _):
                try await service.deviceConnectionLost(sipUsername: binding.aor)
            }
        } catch {
            onError(change, error)
        }
    }
}
