public import NIOCore

/// The forking leg's timers and options, with their defaults.
public struct SIPForkingConfiguration: Hashable, Sendable {
    /// How long the devices ring before the call goes to the voicemail decision (issue 7: default 25 s).
    public var ringTimeout: TimeAmount = .seconds(25)
    /// The session interval we ask for (RFC 4028 §4: "the recommended default is 1800 seconds").
    public var sessionExpires: UInt32 = 1800
    /// Our Min-SE (RFC 4028 §4: "MUST NOT be less than 90 seconds").
    public var minimumSessionExpires: UInt32 = 90
    /// Ask for session timers at all (`Supported: timer`, `Session-Expires`).
    public var sessionTimers = true
    /// Our host and port for Via and Contact.
    public var localHost: String
    public var localPort: Int
    /// The user part of our Contact.
    public var contactUser = "reroute"

    public init(localHost: String, localPort: Int) {
        self.localHost = localHost
        self.localPort = localPort
    }
}

/// A timer of the forking leg; the generation makes a firing after a restart or cancel stale (style rule 8).
public struct SIPForkingTimer: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Ring timeout: no device answered in time.
        case ringTimeout
        /// RFC 4028 §10: we are the refresher; send a refresh at half the interval.
        case sessionRefresh
        /// RFC 4028 §10: the device is the refresher; without a refresh the session ends ("the session
        /// expiration ... the minimum of 32 seconds and one third of the session interval" before the end).
        case sessionExpiry
    }

    public var kind: Kind
    public var generation: UInt64

    public init(_ kind: Kind, generation: UInt64) {
        self.kind = kind
        self.generation = generation
    }

    public var description: String { "\(kind)#\(generation)" }
}
