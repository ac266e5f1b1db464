public import Foundation

/// The delivery channels of the alert outbox.
public enum AlertChannel: String, Hashable, Sendable, CaseIterable {
    /// SMPP 3.4 `submit_sm` to the subscriber number that was called.
    case sms
    /// RFC 3428 MESSAGE to every registered device of the account.
    case sipMessage = "sip-message"
}

/// When missed-call alerts are sent, collated and retried (issue 7 item 2).
///
/// Collation rule: when a call is missed while the account has **no available device** (the user is offline),
/// its alert joins the account's *open* alert of the same channel and destination — one row that lists every
/// call missed since — instead of making a new one. The open alert is sent when the first of these happens:
/// a device of the account registers again (the "available again" alert), or `collationWindow` has passed since
/// the first call it holds. Once a delivery attempt has started the alert is closed; a later call opens a new one.
/// A call missed while a device is available (rejected or not answered) is alerted at once, on its own.
///
/// Retries: attempt `n` (1-based) that fails is retried after `initialRetryDelay · 2^(n-1)`, at most
/// `maximumRetryDelay`, until delivered or `lifetime` after the alert was made (then `expired`).
public struct AlertPolicy: Hashable, Sendable {
    /// How long an offline user's missed calls are gathered into one alert (15 minutes).
    public var collationWindow: TimeInterval
    /// How long an alert is tried before it expires (24 hours).
    public var lifetime: TimeInterval
    /// Delay after the first failed attempt (30 s).
    public var initialRetryDelay: TimeInterval
    /// Cap of the doubling delay (30 minutes).
    public var maximumRetryDelay: TimeInterval
    /// How long a worker holds a claimed alert before another may take it (2 minutes): a worker that died while
    /// delivering loses its claim, and the alert is sent again (at-least-once).
    public var claimLease: TimeInterval
    /// How long alerts for a call whose voicemail is still being uploaded wait for it (2 minutes).
    public var voicemailGrace: TimeInterval
    /// The alerts' clock-time offset from UTC, in seconds (0: times in UTC).
    public var utcOffset: Int

    public init(
        collationWindow: TimeInterval = 900, lifetime: TimeInterval = 86_400, initialRetryDelay: TimeInterval = 30,
        maximumRetryDelay: TimeInterval = 1800, claimLease: TimeInterval = 120, voicemailGrace: TimeInterval = 120,
        utcOffset: Int = 0
    ) {
        self.collationWindow = collationWindow
        self.lifetime = lifetime
        self.initialRetryDelay = initialRetryDelay
        self.maximumRetryDelay = maximumRetryDelay
        self.claimLease = claimLease
        self.voicemailGrace = voicemailGrace
        self.utcOffset = utcOffset
    }

    /// What to do with a new missed call's alert.
    public enum Placement: Hashable, Sendable {
        /// Join the open alert (the user is offline and one is gathering calls).
        case join
        /// Make a new alert due at the given time; `collating` says whether later calls may join it.
        case new(dueAt: Date, collating: Bool)
    }

    /// Where a missed call's alert goes: `userReachable` is whether any device of the account is available now,
    /// `openAlertExists` whether an open (collating, not yet attempted) alert exists for the channel.
    public func place(at time: Date, userReachable: Bool, openAlertExists: Bool) -> Placement {
        if userReachable { return .new(dueAt: time, collating: false) }
        if openAlertExists { return .join }
        return .new(dueAt: time.addingTimeInterval(collationWindow), collating: true)
    }

    /// When to try again after failed attempt number `attempts` (1-based); `nil` when the alert made at
    /// `createdAt` would have expired by then.
    public func retry(after attempts: Int, at time: Date, createdAt: Date) -> Date? {
        let exponent = min(max(attempts - 1, 0), 30)
        let delay = min(initialRetryDelay * Double(1 << exponent), maximumRetryDelay)
        let next = time.addingTimeInterval(delay)
        return next < createdAt.addingTimeInterval(lifetime) ? next : nil
    }
}
