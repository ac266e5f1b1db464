public import RoutingCore
public import Foundation

/// An account as its owner sees it (`GET /v1/me`, `POST /v1/accounts`).
public struct AccountView: Hashable, Sendable {
    public let accountID: AccountID
    public let primary: E164Number?
    public let numbers: [NumberView]
    public let devices: [DeviceView]
}

/// One number of an account with its forwarding state.
public struct NumberView: Hashable, Sendable {
    public let number: E164Number
    public let role: NumberRole
    public let validated: Bool
    public let forwarding: ForwardingView
}

/// The forwarding state of a number as shown to the client.
public struct ForwardingView: Hashable, Sendable {
    public let number: E164Number
    public let state: ForwardingActivation.Phase
    /// `provisioning_platform` or `client_code`; `nil` while unknown.
    public let method: ForwardingActivation.Method?
    /// The string the app dials (`**004*<C>#`, `*71<C>`, `##004#`, `*73`) when the method is `client_code`.
    public let code: String?
    public let cNumber: E164Number?
    public let history: [ForwardingTransition]

    init(_ activation: ForwardingActivation) {
        number = activation.number
        state = activation.phase
        method = activation.method
        code = activation.method == .clientCode ? activation.code : nil
        cNumber = activation.cNumber
        history = activation.history
    }
}

/// A device as its owner sees it.
public struct DeviceView: Hashable, Sendable {
    public let id: DeviceID
    public let name: String
    public let vendor: String
    public let os: String
    public let appVersion: String?
    public let available: Bool
    public let loginState: Device.LoginState
    public let connectionState: Device.ConnectionState
    public let lastSeen: Date?

    init(_ device: Device) {
        id = device.id
        name = device.info.name
        vendor = device.info.vendor
        os = device.info.os
        appVersion = device.info.appVersion
        available = device.isAvailable
        loginState = device.loginState
        connectionState = device.connectionState
        lastSeen = device.lastSeen
    }
}

/// What the user must do to finish a validation.
public enum ValidationInstructions: Hashable, Sendable {
    /// Type the code the SMS sent to the number carries (`sms_code`).
    case enterCodeSentBySMS(to: E164Number)
    /// Type the code spoken in the call placed to the number (`call_code`).
    case enterCodeFromCall(to: E164Number)
    /// The app reads the SMS sent to the number and returns its code (`sms_received`).
    case returnCodeFromSMS(to: E164Number)
    /// Send this text from the phone to this number (`sms_from_phone`): JSON `send_sms_to` + `text`.
    case sendSMS(to: E164Number, text: String)
    /// Call this number from the phone; it is rejected unanswered (`missed_call`): JSON `call`.
    case call(E164Number)
}

/// The answer to "start validation".
public struct ValidationStarted: Hashable, Sendable {
    public let id: ValidationID
    public let number: E164Number
    public let method: ValidationMethod
    public let expiresAt: Date
    public let instructions: ValidationInstructions
}

/// A finished validation.
public struct ValidationConfirmed: Hashable, Sendable {
    public let id: ValidationID
    public let number: E164Number
    public let accountID: AccountID
}

/// Where a validation attempt stands (for clients waiting on an SMS or a missed call).
public struct ValidationStatusView: Hashable, Sendable {
    public let id: ValidationID
    public let number: E164Number
    public let method: ValidationMethod
    /// `pending`, `validated`, `expired` or `locked`.
    public let status: String
    public let expiresAt: Date
}

/// An SMS that reached Reroute (SMPP 3.4 `deliver_sm`, §4.6.1): source and destination addresses and the text.
public struct IncomingSMS: Hashable, Sendable {
    public let source: String
    public let destination: String
    public let text: String

    public init(source: String, destination: String, text: String) {
        self.source = source
        self.destination = destination
        self.text = text
    }
}

/// What an incoming SMS did.
public enum IncomingSMSResult: Hashable, Sendable {
    case validated(ValidationID, E164Number)
    /// Not for validation, or no matching attempt (the reason is for logs).
    case ignored(String)
}

/// What the gateway does with an incoming call to the validation number.
public struct MissedCallDecision: Hashable, Sendable {
    /// True when the call is for the validation number: release it unanswered.
    public let release: Bool
    /// The Q.850 cause to release with: 21, call rejected.
    public let cause: UInt8?
    /// The number validated by this call, if it completed an attempt.
    public let validated: E164Number?

    public init(release: Bool, cause: UInt8?, validated: E164Number?) {
        self.release = release
        self.cause = cause
        self.validated = validated
    }
}

/// The device part of a login.
public struct DeviceRegistration: Hashable, Sendable {
    public let id: String
    public let info: DeviceInfo

    public init(id: String, name: String, vendor: String, os: String, appVersion: String? = nil,
        pushToken: PushToken? = nil) {
        self.id = id
        self.info = DeviceInfo(name: name, vendor: vendor, os: os, appVersion: appVersion, pushToken: pushToken)
    }
}

/// A successful login.
public struct LoginResult: Hashable, Sendable {
    /// The bearer token (shown once; only its hash is stored).
    public let token: String
    public let expiresAt: Date
    public let accountID: AccountID
    public let deviceID: DeviceID
    public let sip: SIPCredentials
}

/// A valid bearer token resolved.
public struct Session: Hashable, Sendable {
    public let accountID: AccountID
    public let deviceID: DeviceID
    public let expiresAt: Date
}

/// One device a call can be sent to.
public struct RouteContact: Hashable, Sendable {
    public let deviceID: DeviceID
    public let uri: String
    public let transport: String
    public let codecs: [String]
    public let bandwidthKbps: Int?

    public init(deviceID: DeviceID, uri: String, transport: String, codecs: [String], bandwidthKbps: Int?) {
        self.deviceID = deviceID
        self.uri = uri
        self.transport = transport
        self.codecs = codecs
        self.bandwidthKbps = bandwidthKbps
    }
}

/// The answer of `GET /v1/routes/{e164}`.
public enum RouteLookup: Hashable, Sendable {
    case available(accountID: AccountID, contacts: [RouteContact])
    /// No device is connected, but these are logged in with a push token (RFC 8599): the call can wake them and
    /// ring each as it registers (issue 5 item 3).
    case wakeable(accountID: AccountID, devices: [DeviceID])
    case unavailable(reason: UnavailableReason)

    public enum UnavailableReason: String, Hashable, Sendable {
        /// No account owns (has validated) the number.
        case unknownNumber = "unknown_number"
        /// The account has no device logged in and connected.
        case noDeviceAvailable = "no_device_available"
    }
}

/// What the SIP registrar needs to check a device's digest credentials (RFC 3261 §22.4, RFC 8760).
/// A logged-in device that can be woken for a call: its SIP username (address-of-record) and push token.
public struct WakeableDevice: Hashable, Sendable {
    public let deviceID: DeviceID
    public let sipUsername: String
    public let pushToken: PushToken
}

public struct SIPAccountRecord: Hashable, Sendable {
    public let username: String
    public let accountID: AccountID
    public let deviceID: DeviceID
    public let domain: String
    public let ha1MD5: String
    public let ha1SHA256: String
}
