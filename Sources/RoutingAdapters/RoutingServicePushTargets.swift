public import RoutingService
public import SIPEdge
import RoutingCore

/// The SIP edge's push targets from the in-process routing server: the account's logged-in devices with a push
/// token (RFC 8599), each with its SIP username so the edge can tell its registration when it arrives.
public struct RoutingServicePushTargets: PushTargetLookup {
    public let service: RoutingService

    public init(service: RoutingService) { self.service = service }

    public func pushTargets(account: String) async throws -> [PushTarget] {
        guard let id = AccountID(account) else { return [] }
        return try await service.pushTargets(account: id).map {
            PushTarget(deviceID: $0.deviceID.value, aor: $0.sipUsername, token: $0.pushToken)
        }
    }
}
