import Interworking
import RerouteTestSupport
import TelecomTypes
import Testing

/// The ISUP side of a forked call (``ForwardedCallControl``): pure, every event sequence checked against what
/// Q.764 and RFC 3398 ask of an interworking exchange.
@Suite("ForwardedCallControl: ISUP backward messages for a forked SIP call")
struct ForwardedCallControlTests {
    typealias Control = ForwardedCallControl

    @Test("Q.764 Annex A T11: the early-ACM timer is armed at the start, and not at all when switched off")
    func earlyACMTimerArmed() {
        var control = Control(configuration: .init(earlyAddressComplete: .seconds(15)))
        #expect(control.start() == [.startEarlyAddressCompleteTimer(.seconds(15))])
        var off = Control(configuration: .init(earlyAddressComplete: nil))
        #expect(off.start().isEmpty)
    }

    @Test("RFC 3398 §8.2: first 18x → ACM subscriber free; a second device ringing sends nothing more (one ACM)")
    func alertingOnce() {
        var control = Control()
        _ = control.start()
        #expect(control.handle(.deviceAlerting) == [.cancelEarlyAddressCompleteTimer, .sendAddressComplete(alerting: true)])
        #expect(control.handle(.deviceAlerting).isEmpty)
        #expect(control.handle(.deviceAnswered) == [.cancelEarlyAddressCompleteTimer, .sendAnswer])
        #expect(control.phase == .answered)
    }

    @Test("Q.764 §2.1.5 + T11: early ACM (no indication), then the device's 180 as CPG alerting, then ANM")
    func earlyACMThenCPG() {
        var control = Control()
        _ = control.start()
        #expect(control.handle(.earlyAddressCompleteTimerFired) == [.sendAddressComplete(alerting: false)])
        #expect(control.handle(.earlyAddressCompleteTimerFired).isEmpty)
        #expect(control.handle(.deviceAlerting) == [.cancelEarlyAddressCompleteTimer, .sendAlertingProgress])
        #expect(control.handle(.deviceAnswered) == [.cancelEarlyAddressCompleteTimer, .sendAnswer])
    }

    @Test("T11 after the device rang: no second ACM")
    func timerAfterAlerting() {
        var control = Control()
        _ = control.start()
        _ = control.handle(.deviceAlerting)
        #expect(control.handle(.earlyAddressCompleteTimerFired).isEmpty)
    }

    @Test("RFC 3960 §3 / Q.764 §2.1.5: early media from a device → CPG in-band information (ACM first is the switch's)")
    func earlyMedia() {
        var control = Control()
        _ = control.start()
        #expect(control.handle(.deviceEarlyMedia) == [.cancelEarlyAddressCompleteTimer, .sendInbandProgress])
        #expect(control.handle(.deviceAnswered) == [.cancelEarlyAddressCompleteTimer, .sendAnswer])
    }

    @Test(
        "Unanswered → REL with the fork's cause: ring timeout 19, rejected (RFC 3398 §8.2.6.1 cause), no device 20",
        arguments: [
            (Control.Unanswered.noAnswer, Q850Cause.noAnswerFromUser),
            (.rejected(.userBusy), .userBusy),
            (.rejected(.callRejected), .callRejected),
            (.noDevice, .subscriberAbsent),
        ])
    func unansweredReleases(why: Control.Unanswered, cause: Q850Cause) {
        var control = Control()
        _ = control.start()
        #expect(control.handle(.unanswered(why)) == [.cancelEarlyAddressCompleteTimer, .releaseNetwork(cause), .finished])
        #expect(control.phase == .ended)
        #expect(control.handle(.deviceAnswered).isEmpty)
    }

    @Test("Issue 7: with voicemail on, an unanswered call goes to voicemail; the deposit's end releases the call")
    func voicemail() {
        var control = Control(configuration: .init(unanswered: .voicemail))
        _ = control.start()
        #expect(control.handle(.unanswered(.noAnswer)) == [.cancelEarlyAddressCompleteTimer, .startVoicemail(.noAnswer)])
        #expect(control.phase == .voicemail)
        #expect(control.handle(.voicemailFinished(.normalCallClearing)) == [.releaseNetwork(.normalCallClearing), .finished])
    }

    @Test("The caller hangs up during the voicemail: nothing is released twice")
    func callerHangsUpInVoicemail() {
        var control = Control(configuration: .init(unanswered: .voicemail))
        _ = control.start()
        _ = control.handle(.unanswered(.noDevice))
        #expect(control.handle(.networkReleased(.normalCallClearing)) == [.finished])
        #expect(control.handle(.voicemailFinished(.normalCallClearing)).isEmpty)
    }

    @Test("RFC 3261 §9.1 + RFC 3326: the caller abandons while ringing → CANCEL every branch with the caller's cause")
    func abandon() {
        var control = Control()
        _ = control.start()
        _ = control.handle(.deviceAlerting)
        #expect(control.handle(.networkReleased(.normalCallClearing)) == [
            .cancelEarlyAddressCompleteTimer, .cancelDevices(.normalCallClearing), .finished,
        ])
        // A 2xx racing the CANCEL is the SIP side's (ACK + BYE); the network side hears nothing more.
        #expect(control.handle(.deviceAnswered).isEmpty)
    }

    @Test("Q.1912.5: after the answer, the device's BYE → REL with its cause; the MSC's REL → BYE with the MSC's")
    func releaseEitherWay() {
        var byDevice = Control()
        _ = byDevice.start()
        _ = byDevice.handle(.deviceAnswered)
        #expect(byDevice.handle(.deviceReleased(.normalCallClearing)) == [.releaseNetwork(.normalCallClearing), .finished])
        var byNetwork = Control()
        _ = byNetwork.start()
        _ = byNetwork.handle(.deviceAnswered)
        #expect(byNetwork.handle(.networkReleased(.normalUnspecified)) == [.releaseDevice(.normalUnspecified), .finished])
        #expect(byNetwork.handle(.deviceReleased(.normalCallClearing)).isEmpty)
    }

    @Test("Property: any event sequence ends at most once, and nothing follows `finished` (seeded)")
    func randomSequences() {
        var generator = SeededGenerator(seed: 42)
        let events: [Control.Event] = [
            .deviceAlerting, .deviceEarlyMedia, .deviceAnswered, .unanswered(.noAnswer), .unanswered(.noDevice),
            .deviceReleased(.normalCallClearing), .networkReleased(.normalCallClearing),
            .earlyAddressCompleteTimerFired, .voicemailFinished(.normalCallClearing),
        ]
        for round in 0..<2000 {
            var control = Control(configuration: .init(unanswered: round % 2 == 0 ? .release : .voicemail))
            var all = control.start()
            for _ in 0..<8 { all += control.handle(events[Int(generator.next() % UInt64(events.count))]) }
            let finished = all.filter { $0 == .finished }.count
            #expect(finished <= 1)
            if let index = all.firstIndex(of: .finished) { #expect(index == all.count - 1) }
            #expect(all.filter { $0 == .sendAnswer }.count <= 1)
            let acms = all.filter { if case .sendAddressComplete = $0 { true } else { false } }.count
            #expect(acms <= 1, "one ACM per call (Q.764 §2.1.4)")
        }
    }
}

