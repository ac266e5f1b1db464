/// One caller leaving a message (issue 7: "answer the network leg, play the account's greeting, beep, record until
/// silence, DTMF #, hang-up or the maximum length").
///
/// ```
///  start ─▶ greeting ─(prompt ends | '#')─▶ beep ─(prompt ends)─▶ recording ─▶ finished
///  recording ends on: '#', hang-up, silence after speech, no input at all, maximum length
///  a hang-up in greeting or beep finishes with no message
/// ```
/// Audio frames carry their own time (the media clock), so silence is measured on the audio, not on a wall clock;
/// the two long limits are timers. A hang-up before the beep leaves no recording; the caller is still a missed call.
public struct VoicemailDeposit: Sendable {
    private enum State: Sendable {
        case idle
        case greeting
        case beep
        case recording(Recording)
        case finished
    }

    private struct Recording: Sendable {
        var elapsed: Duration = .zero
        var voiced: Duration = .zero
        /// Elapsed time at the end of the last voiced frame: what is kept if recording stops now.
        var lastVoiceEnd: Duration?
        var silenceRun: Duration = .zero
    }

    private var state: State = .idle
    private var generation = 0
    public let configuration: VoicemailConfiguration

    public init(configuration: VoicemailConfiguration = .init()) {
        self.configuration = configuration
    }

    /// The deposit begins: answer and play the greeting.
    public mutating func start() -> [VoicemailAction] {
        guard case .idle = state else { return [] }
        state = .greeting
        return [.answer, .play(.greeting)]
    }

    /// The prompt being played has ended.
    public mutating func promptFinished() -> [VoicemailAction] {
        switch state {
        case .greeting:
            state = .beep
            return [.play(.beep)]
        case .beep:
            state = .recording(Recording())
            generation += 1
            return [
                .startRecording,
                .startTimer(
                    VoicemailTimer(kind: .maximumLength, generation: generation), after: configuration.maximumLength),
                .startTimer(
                    VoicemailTimer(kind: .noInput, generation: generation), after: configuration.noInputTimeout),
            ]
        case .idle, .recording, .finished:
            return []
        }
    }

    /// A DTMF digit from the caller (RFC 4733 event or detected on the TDM audio). `#` during the greeting skips to
    /// the beep; `#` while recording ends the message.
    public mutating func receiveDigit(_ digit: Character) -> [VoicemailAction] {
        guard digit == "#" else { return [] }
        switch state {
        case .greeting:
            state = .beep
            return [.stopPlaying, .play(.beep)]
        case .recording(let recording):
            return finish(.hashKey, recording)
        case .idle, .beep, .finished:
            return []
        }
    }

    /// One frame of the caller's audio: its length and level (dBov).
    public mutating func receiveAudio(duration: Duration, level: Double) -> [VoicemailAction] {
        guard case .recording(var recording) = state else { return [] }
        recording.elapsed += duration
        var actions: [VoicemailAction] = []
        if level >= configuration.voiceThreshold {
            if recording.lastVoiceEnd == nil {
                actions.append(.cancelTimer(VoicemailTimer(kind: .noInput, generation: generation)))
            }
            recording.voiced += duration
            recording.lastVoiceEnd = recording.elapsed
            recording.silenceRun = .zero
        } else {
            recording.silenceRun += duration
        }
        state = .recording(recording)
        if recording.lastVoiceEnd != nil, recording.silenceRun >= configuration.silenceTimeout {
            return actions + finish(.silence, recording)
        }
        return actions
    }

    /// The caller hung up (REL from the network).
    public mutating func callerHungUp() -> [VoicemailAction] {
        switch state {
        case .recording(let recording):
            return finish(.callerHungUp, recording, release: false)
        case .greeting, .beep:
            state = .finished
            return [.stopPlaying, .finishRecording(Self.nothing(.callerHungUp))]
        case .idle, .finished:
            return []
        }
    }

    /// The call ends for another reason; whatever was recorded is kept.
    public mutating func abort() -> [VoicemailAction] {
        switch state {
        case .recording(let recording):
            return finish(.aborted, recording, release: false)
        case .greeting, .beep:
            state = .finished
            return [.stopPlaying, .finishRecording(Self.nothing(.aborted))]
        case .idle, .finished:
            return []
        }
    }

    public mutating func timerFired(_ timer: VoicemailTimer) -> [VoicemailAction] {
        guard timer.generation == generation, case .recording(let recording) = state else { return [] }
        switch timer.kind {
        case .maximumLength:
            return finish(.maximumLength, recording)
        case .noInput:
            return recording.lastVoiceEnd == nil ? finish(.noInput, recording) : []
        }
    }

    private mutating func finish(_ end: VoicemailEnd, _ recording: Recording, release: Bool = true)
        -> [VoicemailAction]
    {
        state = .finished
        let kept: Duration =
            switch end {
            // At the maximum length everything recorded is the message.
            case .maximumLength: recording.elapsed
            // Otherwise up to the end of the last speech: trailing silence and the '#' tone are cut.
            case .hashKey, .callerHungUp, .silence, .noInput, .aborted: recording.lastVoiceEnd ?? .zero
            }
        let outcome = VoicemailOutcome(
            end: end, hasMessage: recording.voiced >= configuration.minimumMessage, keptLength: kept,
            voicedLength: recording.voiced)
        var actions: [VoicemailAction] = [
            .cancelTimer(VoicemailTimer(kind: .maximumLength, generation: generation)),
            .cancelTimer(VoicemailTimer(kind: .noInput, generation: generation)),
            .finishRecording(outcome),
        ]
        if release { actions.append(.release) }
        return actions
    }

    private static func nothing(_ end: VoicemailEnd) -> VoicemailOutcome {
        VoicemailOutcome(end: end, hasMessage: false, keptLength: .zero, voicedLength: .zero)
    }
}
