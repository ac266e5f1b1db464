public import Foundation

/// A client app installation of an account, and whether a call can reach it now.
///
/// Availability (the mission): logged in AND connected (SIP registration alive, keepalives answered).
public struct Device: Hashable, Sendable {
    public enum LoginState: String, Hashable, Sendable { case loggedIn = "logged_in", loggedOut = "logged_out" }
    public enum ConnectionState: String, Hashable, Sendable { case connected, disconnected }

    public let accountID: AccountID
    public let id: DeviceID
    public var info: DeviceInfo
    public private(set) var loginState: LoginState
    public private(set) var connectionState: ConnectionState
    public private(set) var lastSeen: Date?
    /// Where the SIP registrar last saw it (RFC 3261 §10.3 Contact binding).
    public private(set) var contact: DeviceContact?

    public init(accountID: AccountID, id: DeviceID, info: DeviceInfo) {
        self.init(
            accountID: accountID, id: id, info: info, loginState: .loggedOut, connectionState: .disconnected,
            lastSeen: nil, contact: nil)
    }

    /// A device read back from storage.
    public init(
        accountID: AccountID, id: DeviceID, info: DeviceInfo, loginState: LoginState,
        connectionState: ConnectionState, lastSeen: Date?, contact: DeviceContact?
    ) {
        self.accountID = accountID
        self.id = id
        self.info = info
        self.loginState = loginState
        self.connectionState = connectionState
        self.lastSeen = lastSeen
        self.contact = contact
    }

    public var isAvailable: Bool { loginState == .loggedIn && connectionState == .connected }

    /// The app logged in (again) on this device with these details.
    public mutating func logIn(_ info: DeviceInfo, at time: Date) -> DeviceEvent {
        self.info = info
        loginState = .loggedIn
        lastSeen = time
        return DeviceEvent(kind: .login, at: time, detail: "\(info.vendor) \(info.os) \(info.appVersion ?? "")")
    }

    /// The app logged out: its session is revoked and it is no longer reachable.
    public mutating func logOut(at time: Date) -> DeviceEvent {
        loginState = .loggedOut
        connectionState = .disconnected
        contact = nil
        lastSeen = time
        return DeviceEvent(kind: .deregistration, at: time, detail: "logout")
    }

    /// The SIP registrar accepted a REGISTER with this contact (RFC 3261 §10.3).
    public mutating func registered(contact: DeviceContact, at time: Date) -> DeviceEvent {
        self.contact = contact
        connectionState = .connected
        lastSeen = time
        return DeviceEvent(kind: .registration, at: time, detail: contact.uri)
    }

    /// The registration was removed (REGISTER with Expires: 0, RFC 3261 §10.2.2) or expired.
    public mutating func deregistered(at time: Date, detail: String = "deregistered") -> DeviceEvent {
        connectionState = .disconnected
        contact = nil
        lastSeen = time
        return DeviceEvent(kind: .deregistration, at: time, detail: detail)
    }

    /// Keepalives stopped being answered (RFC 5626 §4.4) without a deregistration.
    public mutating func connectionLost(at time: Date, detail: String = "keepalive timeout") -> DeviceEvent {
        connectionState = .disconnected
        return DeviceEvent(kind: .connectionLoss, at: time, detail: detail)
    }
}

/// What the app tells about itself at login.
public struct DeviceInfo: Hashable, Sendable {
    public var name: String
    public var vendor: String
    public var os: String
    public var appVersion: String?
    public var pushToken: PushToken?

    public init(name: String, vendor: String, os: String, appVersion: String? = nil, pushToken: PushToken? = nil) {
        self.name = name
        self.vendor = vendor
        self.os = os
        self.appVersion = appVersion
        self.pushToken = pushToken
    }
}

/// A push notification address in the parameters of RFC 8599 §4.1.
public struct PushToken: Hashable, Sendable {
    /// `pn-provider`: the push service, e.g. `apns` or `fcm` (RFC 8599 §4.1.1).
    public var provider: String
    /// `pn-param`: provider-specific data, e.g. the APNs topic (RFC 8599 §4.1.2).
    public var param: String?
    /// `pn-prid`: the device's push resource ID (RFC 8599 §4.1.3).
    public var prid: String

    public init(provider: String, param: String? = nil, prid: String) {
        self.provider = provider
        self.param = param
        self.prid = prid
    }
}

/// Where and how a device takes calls: the SIP contact and what its media side can do.
public struct DeviceContact: Hashable, Sendable {
    public var uri: String
    /// `udp`, `tcp`, `tls`, `ws` or `wss`.
    public var transport: String
    /// Codec names in the device's order of preference, e.g. `["opus", "G729", "PCMA"]`.
    public var codecs: [String]
    public var bandwidthKbps: Int?

    public init(uri: String, transport: String, codecs: [String], bandwidthKbps: Int? = nil) {
        self.uri = uri
        self.transport = transport
        self.codecs = codecs
        self.bandwidthKbps = bandwidthKbps
    }
}

/// One entry of a device's history.
public struct DeviceEvent: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case login, registration, deregistration
        case connectionLoss = "connection_loss"
    }

    public let kind: Kind
    public let at: Date
    public let detail: String

    public init(kind: Kind, at: Date, detail: String) {
        self.kind = kind
        self.at = at
        self.detail = detail
    }
}
