/// Limits of one voicemail deposit, with the defaults a carrier's voicemail commonly uses.
public struct VoicemailConfiguration: Hashable, Sendable {
    /// The longest message; recording stops here (issue 7: "or the maximum length").
    public var maximumLength: Duration
    /// Continuous silence that ends the message once the caller has spoken.
    public var silenceTimeout: Duration
    /// Silence right after the beep before giving up (the caller never spoke).
    public var noInputTimeout: Duration
    /// Less voiced audio than this is not a message: the caller hung up or said nothing (a missed call only).
    public var minimumMessage: Duration
    /// Frames at or above this level (dBov, ITU-T G.100.1) count as voice.
    public var voiceThreshold: Double

    public init(
        maximumLength: Duration = .seconds(120), silenceTimeout: Duration = .seconds(5),
        noInputTimeout: Duration = .seconds(10), minimumMessage: Duration = .milliseconds(500),
        voiceThreshold: Double = -45
    ) {
        self.maximumLength = maximumLength
        self.silenceTimeout = silenceTimeout
        self.noInputTimeout = noInputTimeout
        self.minimumMessage = minimumMessage
        self.voiceThreshold = voiceThreshold
    }
}

/// The timers of a deposit (style rule 8: actions out, `timerFired` in; a generation makes late firings harmless).
public struct VoicemailTimer: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// `maximumLength` from the start of recording.
        case maximumLength
        /// `noInputTimeout` from the start of recording, cancelled by the first voiced frame.
        case noInput
    }

    public var kind: Kind
    public var generation: Int

    public init(kind: Kind, generation: Int) {
        self.kind = kind
        self.generation = generation
    }
}

/// The prompts a deposit plays.
public enum VoicemailPrompt: Hashable, Sendable {
    /// The account's greeting, or the default one in conf/prompts.
    case greeting
    /// The record tone.
    case beep
}

/// Why recording ended.
public enum VoicemailEnd: Hashable, Sendable {
    /// The caller pressed `#` (issue 7: "DTMF #").
    case hashKey
    /// The caller hung up.
    case callerHungUp
    /// Silence after speech lasted `silenceTimeout`.
    case silence
    /// `maximumLength` reached.
    case maximumLength
    /// Nothing but silence for `noInputTimeout` after the beep.
    case noInput
    /// The call ended for another reason (the network released it, the gateway is shutting down).
    case aborted
}

/// What a finished deposit leaves.
public struct VoicemailOutcome: Hashable, Sendable {
    public var end: VoicemailEnd
    /// Whether there is a message to keep; false still means a missed-call alert (issue 7).
    public var hasMessage: Bool
    /// Audio to keep from the start of the recording: trailing silence (and the `#` tone) cut off.
    public var keptLength: Duration
    /// Voiced audio heard.
    public var voicedLength: Duration

    public init(end: VoicemailEnd, hasMessage: Bool, keptLength: Duration, voicedLength: Duration) {
        self.end = end
        self.hasMessage = hasMessage
        self.keptLength = keptLength
        self.voicedLength = voicedLength
    }
}

/// What the shell must do.
public enum VoicemailAction: Hashable, Sendable {
    /// Answer the network leg (ANM) so the greeting can be heard.
    case answer
    case play(VoicemailPrompt)
    case stopPlaying
    /// Open the recording; audio frames that follow go to it.
    case startRecording
    case startTimer(VoicemailTimer, after: Duration)
    case cancelTimer(VoicemailTimer)
    /// Close the recording, keeping only `outcome.keptLength` of it (or deleting it when there is no message).
    case finishRecording(VoicemailOutcome)
    /// Release the network leg (normal clearing) unless the caller already has.
    case release
}
