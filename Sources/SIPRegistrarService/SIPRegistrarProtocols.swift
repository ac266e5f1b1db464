public import Foundation
public import SIPRegistrar

/// Where the registrar gets a SIP user's digest credentials: the routing server's account store (the SIP
/// username and password that login returns, kept as HA1 per RFC 7616 §5.2).
public protocol SIPCredentialStore: Sendable {
    /// The credentials of `username`, or nil when no logged-in device holds it.
    func digestCredentials(username: String) async throws -> SIPDigestCredentials?
}

/// Where every registration change goes (registered, refreshed, deregistered, expired, connection lost): the
/// routing server's device state. Calls arrive in the order the changes happened, one at a time.
public protocol DeviceStateRecorder: Sendable {
    /// `time` is when the registrar saw the change (on its event loop), not when the write runs: a busy store or
    /// task pool delays the write, never the moment a device was found lost.
    func record(_ change: SIPDeviceStateChange, at time: Date) async
}

/// The call side's view of the registrar: which devices of an account can be rung now, and how to reach them.
public protocol SIPBindingLookup: Sendable {
    /// The current bindings of every device of `account` (contact URI, flow and transport, received address,
    /// instance id); a binding disappears on unregister, expiry or lost keepalive.
    func availableBindings(account: String) async -> [SIPBinding]
    /// The current bindings of one address-of-record (SIP username).
    func availableBindings(aor: String) async -> [SIPBinding]
}
