public import RoutingCore

/// A device of an account that is logged in with a push token (RFC 8599 `pn-provider`/`pn-prid`/`pn-param`): it can be
/// woken for a call when it has no live registration (issue 5 item 3).
public struct PushTarget: Hashable, Sendable {
    /// The routing server's device id.
    public var deviceID: String
    /// The device's SIP username (its address-of-record): how the edge tells that it is registered already, or that
    /// the registration arriving now is the woken device's.
    public var aor: String
    public var token: PushToken

    public init(deviceID: String, aor: String, token: PushToken) {
        self.deviceID = deviceID
        self.aor = aor
        self.token = token
    }
}

/// Where the edge learns which devices of an account can be woken: the routing server (its logged-in devices with a
/// push token) implements it; tests use a fixed table.
public protocol PushTargetLookup: Sendable {
    /// Every device of `account` logged in with a push token, connected or not; the edge wakes those that have no
    /// current binding.
    func pushTargets(account: String) async throws -> [PushTarget]
}
