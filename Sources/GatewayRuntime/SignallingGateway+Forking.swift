import Foundation
import GatewayReplay
import Interworking
import ISUPWire
import MediaBridgeService
import NIOCore
import SIPForking
import RoutingClient
import RoutingCore
import RoutingService
import TelecomTypes

/// The join of the ISUP call and the SIP fork: each forwarded call with available devices gets a
/// ``ForwardedCallControl``; the fork's events and the MSC's release go through it, and its actions become ISUP
/// messages (through the call core) and SIP CANCEL/BYE (through ``SubscriberForking``).
extension SignallingGateway {
    func startFork(
        cic: CircuitIdentificationCode, serial: UInt64, route: IncomingCallRouter.Route, iam: ISUPMessage,
        callRef: String, _ forking: any SubscriberForking
    ) {
        var control = ForwardedCallControl(configuration: configuration.sip.control)
        let start = control.start()
        forwarded[cic] = ForwardedLeg(
            serial: serial, control: control, handle: nil, pending: nil, earlyACM: nil,
            unanswered: Self.unansweredCall(callRef: callRef, call: route.call, iam: iam))
        performForwarded(cic, start)
        var request = SubscriberCallRequest(
            callRef: callRef, accountID: route.accountID, contacts: route.contacts,
            identity: Self.identity(of: route.call, iam: iam))
        let loop = eventLoop
        Task {
            // The account's ring timeout and greeting (issue 7 item 2), asked while the media leg is attached.
            async let preferences = self.accountPreferences(cic, subscriber: route.call.subscriber)
            // The media bridge first: the offer names its leg, and the caller hears ringback while devices ring.
            if let endpoint = await self.attachMedia(cic) {
                let current = try? await loop.submit { () -> Bool in
                    guard self.forwarded[cic]?.serial == serial else { return false }
                    self.forwarded[cic]?.mediaAttached = true
                    return true
                }.get()
                guard current == true else {
                    // The caller hung up meanwhile: nothing to ring.
                    self.media?.end(cic: Int(cic.value))
                    return
                }
                request.media = endpoint
            }
            let account = await preferences
            request.ringTimeout = account.ringTimeout
            if let greeting = account.greeting {
                loop.execute { if self.forwarded[cic]?.serial == serial { self.forwarded[cic]?.greeting = greeting } }
            }
            do {
                let handle = try await forking.fork(
                    request,
                    events: { [weak self] event in loop.execute { self?.forkEvent(cic, serial: serial, event) } },
                    media: { [weak self] event in loop.execute { self?.mediaEvent(cic, serial: serial, event) } })
                loop.execute { self.forkStarted(cic, serial: serial, handle: handle, forking) }
            } catch {
                loop.execute {
                    self.logLine("CIC \(cic) fork failed: \(error)")
                    self.forkEvent(cic, serial: serial, .unanswered(.noDevice))
                }
            }
        }
    }

    /// The account's ring timeout and greeting (as samples), within the routing timeout; the gateway's own when the
    /// routing server cannot say (the call is not held up for it).
    func accountPreferences(_ cic: CircuitIdentificationCode, subscriber: E164Number) async
        -> (ringTimeout: Duration?, greeting: [Int16]?)
    {
        guard let router else { return (nil, nil) }
        return await router.accountPreferences(subscriber: subscriber) { self.logLine("CIC \(cic) \($0)") }
    }

    private func forkStarted(
        _ cic: CircuitIdentificationCode, serial: UInt64, handle: SubscriberCallHandle, _ forking: any SubscriberForking
    ) {
        guard forwarded[cic]?.serial == serial else {
            // The call ended before the fork was placed: nothing may keep ringing.
            forking.cancel(handle, cause: .normalCallClearing)
            return
        }
        forwarded[cic]?.handle = handle
        if let pending = forwarded[cic]?.pending {
            forwarded[cic]?.pending = nil
            if pending.release { forking.release(handle, cause: pending.cause) } else {
                forking.cancel(handle, cause: pending.cause)
            }
        }
        logLine("CIC \(cic) forked as \(handle)")
    }

    private func forkEvent(_ cic: CircuitIdentificationCode, serial: UInt64, _ event: ForwardedCallControl.Event) {
        guard forwarded[cic]?.serial == serial else { return }
        forwardedEvent(cic, event)
    }

    func forwardedEvent(_ cic: CircuitIdentificationCode, _ event: ForwardedCallControl.Event) {
        guard var leg = forwarded[cic] else { return }
        let before = leg.control.phase
        let actions = leg.control.handle(event)
        forwarded[cic] = leg
        logLine("CIC \(cic) fork: \(event)")
        // A call that ends unanswered without a deposit is still a missed call for the subscriber (issue 7 item 2):
        // the devices gave up with `unanswered = release`, or the caller hung up while they rang.
        if case .ringing = before, let call = leg.unanswered {
            switch event {
            case .unanswered(let why) where configuration.sip.control.unanswered == .release:
                reportUnanswered(call, reason: Self.reasonWord(why))
            case .networkReleased:
                reportUnanswered(call, reason: "caller_hung_up")
            default:
                break
            }
        }
        performForwarded(cic, actions)
    }

    /// The routing server said no device of the subscriber is available (cause 20). With `unanswered = voicemail`
    /// and a media bridge the caller goes to voicemail at once (issue 7 item 2); else the call is released and kept
    /// as a missed call (the subscriber is alerted when a device is back).
    func subscriberAbsent(
        cic: CircuitIdentificationCode, serial: UInt64, call: ForwardedCall, iam: ISUPMessage, callRef: String,
        cause: Q850Cause
    ) {
        let unanswered = Self.unansweredCall(callRef: callRef, call: call, iam: iam)
        guard configuration.sip.control.unanswered == .voicemail, voicemail != nil, media != nil else {
            perform(coreReject(cic, cause: cause))
            reportUnanswered(unanswered, reason: "no_device_available")
            return
        }
        forwarded[cic] = ForwardedLeg(
            serial: serial, control: ForwardedCallControl(configuration: configuration.sip.control), handle: nil,
            pending: nil, earlyACM: nil, unanswered: unanswered)
        let loop = eventLoop
        Task {
            async let preferences = self.accountPreferences(cic, subscriber: call.subscriber)
            let attached = await self.attachMedia(cic) != nil
            let greeting = await preferences.greeting
            loop.execute {
                guard self.forwarded[cic]?.serial == serial else {
                    if attached { self.media?.end(cic: Int(cic.value)) }
                    return
                }
                self.forwarded[cic]?.mediaAttached = attached
                self.forwarded[cic]?.greeting = greeting
                self.forwardedEvent(cic, .unanswered(.noDevice))
            }
        }
    }

    /// Reports `call` to the routing server as a missed call (off the event loop; a failure is logged only).
    func reportUnanswered(_ call: UnansweredCall, reason: String) {
        var call = call
        call.reason = reason
        call.durationMilliseconds = max(0, Int(Date().timeIntervalSince(call.at) * 1000))
        guard let router, let notice = UnansweredCallNotice(call) else { return }
        let callRef = call.callRef
        let loop = eventLoop
        Task {
            do {
                try await router.routing.unansweredCall(notice)
                loop.execute { self.logLine("missed call \(callRef) (\(reason)) reported") }
            } catch {
                loop.execute { self.logLine("missed call \(callRef) (\(reason)) not reported: \(error)") }
            }
        }
    }

    /// The missed call's reason word (schema `CallWord`).
    static func reasonWord(_ why: ForwardedCallControl.Unanswered) -> String {
        switch why {
        case .noAnswer: "no_answer"
        case .rejected(let cause): cause == .userBusy ? "busy" : "rejected"
        case .noDevice: "no_device_available"
        }
    }

    private func performForwarded(_ cic: CircuitIdentificationCode, _ actions: [ForwardedCallControl.Action]) {
        for action in actions {
            switch action {
            case .sendAddressComplete(let alerting):
                perform(alerting ? coreAlert(cic) : coreEarlyAddressComplete(cic))
            case .sendAlertingProgress:
                perform(coreProgress(cic, event: ISUPEventInformation.alerting))
            case .sendInbandProgress:
                perform(coreProgress(cic, event: ISUPEventInformation.inbandInformationAvailable))
            case .sendAnswer:
                perform(coreAnswer(cic))
            case .releaseNetwork(let cause):
                perform(coreRelease(cic, cause: cause))
            case .cancelDevices(let cause):
                toDevices(cic, release: false, cause: cause)
            case .releaseDevice(let cause):
                toDevices(cic, release: true, cause: cause)
            case .startEarlyAddressCompleteTimer(let after):
                forwarded[cic]?.earlyACM?.cancel()
                let serial = forwarded[cic]?.serial
                forwarded[cic]?.earlyACM = eventLoop.scheduleTask(in: Self.timeAmount(after)) { [weak self] in
                    guard let self, let serial, self.forwarded[cic]?.serial == serial else { return }
                    self.forwarded[cic]?.earlyACM = nil
                    self.forwardedEvent(cic, .earlyAddressCompleteTimerFired)
                }
            case .cancelEarlyAddressCompleteTimer:
                forwarded[cic]?.earlyACM?.cancel()
                forwarded[cic]?.earlyACM = nil
            case .startVoicemail(let why):
                // Without a media bridge or a recorder no message can be taken: released with the fork's cause.
                if !startDeposit(cic, why: why) {
                    logLine("CIC \(cic) voicemail not available: releasing with cause \(why.cause.rawValue)")
                    if let call = forwarded[cic]?.unanswered { reportUnanswered(call, reason: Self.reasonWord(why)) }
                    forwardedEvent(cic, .voicemailFinished(why.cause))
                }
            case .finished:
                let leg = forwarded.removeValue(forKey: cic)
                leg?.earlyACM?.cancel()
                for scheduled in leg?.deposit?.timers.values ?? [:].values { scheduled.cancel() }
                detachMedia(cic, attached: leg?.mediaAttached == true)
            }
        }
    }

    private func toDevices(_ cic: CircuitIdentificationCode, release: Bool, cause: Q850Cause) {
        guard let forking else { return }
        if let handle = forwarded[cic]?.handle {
            if release { forking.release(handle, cause: cause) } else { forking.cancel(handle, cause: cause) }
        } else {
            forwarded[cic]?.pending = (release, cause)
        }
    }

    /// The SIP identity of a forwarded call (RFC 3323/3325, RFC 7044, RFC 5806) from its analysis and its IAM.
    static func identity(of call: ForwardedCall, iam: ISUPMessage) -> SIPCallingIdentity {
        let presentation: SIPCallingIdentity.Presentation
        switch iam.callingPartyNumber?.presentation {
        case .none, .some(.addressNotAvailable): presentation = call.calling == nil ? .unavailable : .allowed
        case .some(.restricted): presentation = .restricted
        default: presentation = .allowed
        }
        let reason = call.reason.flatMap { SIPCallingIdentity.RedirectionReason(rawValue: $0.rawValue) } ?? .unknown
        // Only an international redirecting number is already E.164; a national one is left out rather than guessed.
        let redirecting = iam.redirectingNumber.flatMap { number -> String? in
            let digits = number.signals.digits
            guard number.natureOfAddress == .internationalNumber, !digits.isEmpty,
                digits != call.subscriber.digits
            else { return nil }
            return "+" + digits
        }
        return SIPCallingIdentity(
            callingNumber: call.calling?.description, presentation: presentation,
            originalCalledNumber: call.subscriber.description, redirectingNumber: redirecting,
            calledNumber: call.called?.description ?? call.subscriber.description, redirectionReason: reason,
            redirectionCounter: Int(call.redirectionCounter ?? 1))
    }
}
