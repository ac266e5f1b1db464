public import RoutingCore
public import Foundation
public import VoicemailStore

/// A forwarded call nobody answered (issue 7 item 2), as the gateway reports it: in process through
/// ``RoutingService/reportUnansweredCall(_:voicemailFollows:)`` or a voicemail capture, or as
/// `POST /v1/gateway/unanswered-calls`.
public struct UnansweredCall: Hashable, Sendable, Codable {
    /// The gateway's id of the call (`<point code>-<CIC>-<uuid>`, as in the forwarded-call report): a repeated
    /// report with the same id stores nothing new and alerts nobody twice.
    public var callRef: String
    /// When the call arrived.
    public var at: Date
    /// The calling party number, `+digits`, when the IAM carried one (kept even when presentation is restricted).
    public var caller: String?
    /// Q.763 §3.10 address presentation restricted indicator of the calling party number.
    public var presentation: CallerPresentation
    /// The subscriber number the call was for (original called / redirecting number), `+digits`.
    public var called: String
    /// Why nobody answered: `no_device_available`, `no_answer` (ring timeout), `rejected` (every device declined),
    /// `busy`, `caller_hung_up`, ….
    public var reason: String
    /// From the call's arrival to its release, in milliseconds.
    public var durationMilliseconds: Int

    public init(
        callRef: String, at: Date, caller: String?, presentation: CallerPresentation, called: String, reason: String,
        durationMilliseconds: Int
    ) {
        self.callRef = callRef
        self.at = at
        self.caller = caller
        self.presentation = presentation
        self.called = called
        self.reason = reason
        self.durationMilliseconds = durationMilliseconds
    }
}

/// What a report of an unanswered call stored.
public struct UnansweredCallRecorded: Hashable, Sendable {
    public let missedCallID: UUID
    /// The voicemail's id when one is stored for the call.
    public let voicemailID: UUID?
    /// `false` when the call was already stored (a repeated report).
    public let new: Bool
}

/// A voicemail being recorded: the gateway's recorder appends audio as it arrives, then hands it back to
/// ``RoutingService/finishVoicemail(_:)`` (or ``RoutingService/discardVoicemail(_:)`` when the caller left no
/// message). Everything appended is on disk, so a process that dies leaves a file ``RoutingService/recoverVoicemails()``
/// finishes.
public struct VoicemailCapture: Sendable {
    public let call: UnansweredCall
    public let voicemailID: UUID
    let recording: VoicemailRecording

    /// Appends encoded audio (the encoding given to `beginVoicemail`; A-law straight from the E1 timeslot is fine).
    public func append(_ bytes: [UInt8]) throws {
        try recording.append(bytes)
    }

    /// Audio bytes appended so far.
    public var recordedBytes: Int { recording.dataBytes }

    /// Cuts the recording to its first `bytes` audio bytes (the trailing silence that ended the deposit is not part
    /// of the message; `VoicemailOutcome.keptLength`). More than was recorded changes nothing.
    public func keepOnly(bytes: Int) throws {
        try recording.truncate(dataBytes: bytes)
    }
}

/// What ``RoutingService/recoverVoicemails()`` did with the spool a previous process left.
public struct VoicemailRecovery: Hashable, Sendable {
    /// Voicemails (and their missed calls) now stored.
    public var registered: [UUID] = []
    /// Spool entries that could not be registered, with why (left in place for an operator).
    public var failed: [String] = []

    public init(registered: [UUID] = [], failed: [String] = []) {
        self.registered = registered
        self.failed = failed
    }
}

/// The sidecar written next to a recording: everything needed to store the call if the process dies.
struct VoicemailSidecar: Codable {
    var voicemailID: UUID
    var call: UnansweredCall

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = .sortedKeys
        return Array(try encoder.encode(self))
    }

    static func decode(_ bytes: [UInt8]) throws -> VoicemailSidecar {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return try decoder.decode(VoicemailSidecar.self, from: Data(bytes))
    }
}
