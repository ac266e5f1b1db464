import Testing
import VoicemailProtocol

/// The deposit as scripts (style rule 12): issue 7 item 2 "answer the network leg, play the account's greeting,
/// beep, record until silence, DTMF #, hang-up or the maximum length"; a caller who leaves no message is still a
/// missed call.
@Suite("Voicemail deposit")
struct VoicemailDepositTests {
    static let frame = Duration.milliseconds(20)
    static let speech = -20.0
    static let quiet = -70.0

    /// A deposit that has played its greeting and beep and is recording.
    private func recording(_ configuration: VoicemailConfiguration = .init()) -> VoicemailDeposit {
        var deposit = VoicemailDeposit(configuration: configuration)
        #expect(deposit.start() == [.answer, .play(.greeting)])
        #expect(deposit.promptFinished() == [.play(.beep)])
        let actions = deposit.promptFinished()
        #expect(actions.first == .startRecording)
        #expect(actions.contains(.startTimer(VoicemailTimer(kind: .maximumLength, generation: 1),
            after: configuration.maximumLength)))
        return deposit
    }

    private func feed(_ deposit: inout VoicemailDeposit, _ frames: Int, level: Double) -> [VoicemailAction] {
        var actions: [VoicemailAction] = []
        for _ in 0..<frames { actions += deposit.receiveAudio(duration: Self.frame, level: level) }
        return actions
    }

    private func outcome(_ actions: [VoicemailAction]) -> VoicemailOutcome? {
        actions.lazy.compactMap { if case .finishRecording(let outcome) = $0 { outcome } else { nil } }.first
    }

    @Test("DTMF # ends the message; trailing silence and the tone are not kept; the leg is released")
    func hashKeyEnds() {
        var deposit = recording()
        _ = feed(&deposit, 100, level: Self.speech)  // 2 s of speech
        _ = feed(&deposit, 50, level: Self.quiet)  // 1 s of silence
        let actions = deposit.receiveDigit("#")
        #expect(outcome(actions) == VoicemailOutcome(
            end: .hashKey, hasMessage: true, keptLength: .seconds(2), voicedLength: .seconds(2)))
        #expect(actions.last == VoicemailAction.release)
    }

    @Test("Silence after speech for the configured time ends the message")
    func silenceEnds() {
        var deposit = recording(VoicemailConfiguration(silenceTimeout: .seconds(3)))
        _ = feed(&deposit, 150, level: Self.speech)
        #expect(outcome(feed(&deposit, 149, level: Self.quiet)) == nil)
        let actions = feed(&deposit, 1, level: Self.quiet)
        #expect(outcome(actions)?.end == .silence)
        #expect(outcome(actions)?.keptLength == .seconds(3))
    }

    @Test("Silence before any speech does not end it early: the no-input timer does, with no message")
    func silenceBeforeSpeech() {
        var deposit = recording(VoicemailConfiguration(silenceTimeout: .seconds(2), noInputTimeout: .seconds(10)))
        #expect(outcome(feed(&deposit, 400, level: Self.quiet)) == nil)
        let actions = deposit.timerFired(VoicemailTimer(kind: .noInput, generation: 1))
        #expect(outcome(actions) == VoicemailOutcome(
            end: .noInput, hasMessage: false, keptLength: .zero, voicedLength: .zero))
    }

    @Test("The first voiced frame cancels the no-input timer; a late firing is ignored")
    func noInputCancelledBySpeech() {
        var deposit = recording()
        let actions = feed(&deposit, 1, level: Self.speech)
        #expect(actions == [.cancelTimer(VoicemailTimer(kind: .noInput, generation: 1))])
        #expect(deposit.timerFired(VoicemailTimer(kind: .noInput, generation: 1)) == [])
    }

    @Test("The maximum length keeps everything recorded and releases the leg")
    func maximumLength() {
        var deposit = recording(VoicemailConfiguration(maximumLength: .seconds(4), silenceTimeout: .seconds(10)))
        _ = feed(&deposit, 150, level: Self.speech)
        _ = feed(&deposit, 50, level: Self.quiet)
        let actions = deposit.timerFired(VoicemailTimer(kind: .maximumLength, generation: 1))
        #expect(outcome(actions)?.keptLength == .seconds(4))
        #expect(outcome(actions)?.end == .maximumLength)
        #expect(actions.last == VoicemailAction.release)
    }

    @Test("The caller hangs up while recording: the message is kept, nothing to release")
    func hangUpWhileRecording() {
        var deposit = recording()
        _ = feed(&deposit, 60, level: Self.speech)
        let actions = deposit.callerHungUp()
        #expect(outcome(actions)?.hasMessage == true)
        #expect(outcome(actions)?.end == .callerHungUp)
        #expect(!actions.contains(VoicemailAction.release))
    }

    @Test("A hang-up during the greeting leaves no message (a missed call only)")
    func hangUpDuringGreeting() {
        var deposit = VoicemailDeposit()
        _ = deposit.start()
        let actions = deposit.callerHungUp()
        #expect(outcome(actions) == VoicemailOutcome(
            end: .callerHungUp, hasMessage: false, keptLength: .zero, voicedLength: .zero))
        #expect(deposit.receiveAudio(duration: Self.frame, level: Self.speech) == [])
    }

    @Test("Less speech than the minimum is not a message")
    func tooShort() {
        var deposit = recording(VoicemailConfiguration(minimumMessage: .seconds(1)))
        _ = feed(&deposit, 10, level: Self.speech)
        #expect(outcome(deposit.receiveDigit("#"))?.hasMessage == false)
    }

    @Test("# during the greeting skips to the beep; other digits are ignored")
    func hashSkipsGreeting() {
        var deposit = VoicemailDeposit()
        _ = deposit.start()
        #expect(deposit.receiveDigit("5") == [])
        #expect(deposit.receiveDigit("#") == [.stopPlaying, .play(.beep)])
        #expect(deposit.promptFinished().first == .startRecording)
    }

    @Test("ITU-T G.100.1: a full-scale square wave is 0 dBov, a full-scale sine -3 dBov, silence -100")
    func levels() {
        let square = (0..<160).map { $0 % 2 == 0 ? Int16.max : Int16.min }
        #expect(abs(AudioLevel.dBov(square)) < 0.01)
        let sine = (0..<8_000).map { Int16(32_767 * sin(Double($0) * 2 * .pi * 1_000 / 8_000)) }
        #expect(abs(AudioLevel.dBov(sine) + 3.01) < 0.05)
        #expect(AudioLevel.dBov([Int16](repeating: 0, count: 160)) == -100)
    }
}

import Foundation
