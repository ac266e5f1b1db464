public import Foundation
public import RoutingClient
public import SIPRegistrar
public import SIPRegistrarService
import SIPTransactions
import SIPWire

/// The gateway's registrar against a remote routing server (`reroute gateway --icrs-url`, issue 5 item 8): digest
/// credentials from `GET /v1/gateway/sip-accounts/{username}`, every registration change written back with
/// `POST .../events`. The registrar's realm must be the routing server's SIP domain (the HA1s are computed for it):
/// credentials for another domain are refused, and `onError` says why.
public struct HTTPRoutingSIPAdapter: SIPCredentialStore, DeviceStateRecorder {
    public let routing: HTTPCallRouting
    /// The registrar's realm (`[sip] domain`).
    public let realm: String
    /// Called when a lookup or a write fails (the routing server unreachable, the device logged out meanwhile).
    public let onError: @Sendable (String) -> Void

    public init(routing: HTTPCallRouting, realm: String, onError: @escaping @Sendable (String) -> Void = { _ in }) {
        self.routing = routing
        self.realm = realm
        self.onError = onError
    }

    public func digestCredentials(username: String) async throws -> SIPDigestCredentials? {
        guard let answer = try await routing.sipAccount(username: username) else { return nil }
        guard answer.domain == realm else {
            onError("SIP user \(username) belongs to domain \(answer.domain), not the registrar's realm \(realm): "
                + "set [sip] domain = \(answer.domain)")
            return nil
        }
        return SIPDigestCredentials(
            username: answer.username, ha1: [.md5: answer.ha1MD5, .sha256: answer.ha1SHA256],
            accountID: answer.accountID, deviceID: answer.deviceID)
    }

    public func record(_ change: SIPDeviceStateChange, at time: Date) async {
        let username: String
        let event: DeviceEventReport
        switch change {
        case .registered(let binding):
            username = binding.aor
            event = .registered(
                uri: binding.contact.uri.description, transport: binding.flow.source.transport.lowercased())
        case .refreshed:
            // A refresh changes nothing the routing server keeps (as in-process: no history entry per refresh).
            return
        case .deregistered(let binding, _):
            username = binding.aor
            event = .deregistered
        case .connectionLost(let binding, _):
            username = binding.aor
            event = .connectionLost
        }
        do {
            try await routing.deviceEvent(username: username, event)
        } catch {
            onError("device state of \(username) (\(event)) not written: \(error)")
        }
    }
}
