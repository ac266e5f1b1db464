public import Foundation

/// How the caller's number was presented (ITU-T Q.763 §3.10 address presentation restricted indicator; RFC 3323
/// `Privacy: id` on the SIP side). A restricted number is stored but never shown in an alert.
public enum CallerPresentation: String, Hashable, Sendable, CaseIterable, Codable {
    /// Presentation allowed: the number may be shown.
    case allowed
    /// Presentation restricted: the caller withheld the number.
    case restricted
    /// No number was available (interworking, or none sent).
    case unavailable
}

/// One missed call as an alert shows it: who called, when, and how long the voicemail is (if one was left).
public struct MissedCallSummary: Hashable, Sendable {
    public var caller: E164Number?
    public var presentation: CallerPresentation
    public var at: Date
    /// Whole seconds of the voicemail; `nil` when the caller left none.
    public var voicemailSeconds: Int?

    public init(caller: E164Number?, presentation: CallerPresentation, at: Date, voicemailSeconds: Int?) {
        self.caller = caller
        self.presentation = presentation
        self.at = at
        self.voicemailSeconds = voicemailSeconds
    }
}

/// The texts of missed-call alerts (issue 7 item 2: "missed call from X at T, voicemail 0:23"). Pure: the time
/// zone is a fixed UTC offset given by the caller, so the same input always gives the same text.
public enum MissedCallAlertText {
    /// At most this many calls are listed in one collated alert; the rest are counted ("and 3 more").
    public static let maximumListed = 5

    /// "a withheld number" when presentation is restricted, "an unknown number" when none was sent, else `+digits`.
    public static func caller(_ call: MissedCallSummary) -> String {
        switch call.presentation {
        case .restricted: return "a withheld number"
        case .unavailable: return call.caller?.description ?? "an unknown number"
        case .allowed: return call.caller?.description ?? "an unknown number"
        }
    }

    /// The 24-hour clock time `HH:MM` of `date` at `utcOffset` seconds east of UTC.
    public static func clockTime(_ date: Date, utcOffset: Int) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + utcOffset
        let ofDay = ((seconds % 86_400) + 86_400) % 86_400
        return twoDigits(ofDay / 3600) + ":" + twoDigits(ofDay % 3600 / 60)
    }

    /// `M:SS` (the "voicemail 0:23").
    public static func duration(_ seconds: Int) -> String {
        let seconds = max(0, seconds)
        return "\(seconds / 60):" + twoDigits(seconds % 60)
    }

    /// One call: "Missed call from +447700900123 at 14:03, voicemail 0:23" (no voicemail part when none was left).
    public static func single(_ call: MissedCallSummary, utcOffset: Int) -> String {
        "Missed call from " + line(call, utcOffset: utcOffset)
    }

    /// Several calls collated into one message, oldest first; one call reads as ``single(_:utcOffset:)``.
    public static func collated(_ calls: [MissedCallSummary], utcOffset: Int) -> String {
        let calls = calls.sorted { $0.at < $1.at }
        guard calls.count > 1 else { return calls.first.map { single($0, utcOffset: utcOffset) } ?? "" }
        var text = "\(calls.count) missed calls: "
        text += calls.prefix(maximumListed).map { line($0, utcOffset: utcOffset) }.joined(separator: "; ")
        if calls.count > maximumListed { text += "; and \(calls.count - maximumListed) more" }
        return text
    }

    /// The "available again" alert: sent when a device registers after being offline with missed calls pending.
    public static func availableAgain(_ calls: [MissedCallSummary], utcOffset: Int) -> String {
        "You are reachable again. While you were offline: " + collated(calls, utcOffset: utcOffset)
    }

    static func line(_ call: MissedCallSummary, utcOffset: Int) -> String {
        var text = caller(call) + " at " + clockTime(call.at, utcOffset: utcOffset)
        if let seconds = call.voicemailSeconds { text += ", voicemail " + duration(seconds) }
        return text
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
