import Foundation
import VoicemailStore
import VoicemailProtocol
import AudioFileWire
import GatewayRuntime
import Interworking
import ISUPProtocol
import ISUPWire
import Logging
import MediaBridge
import MediaBridgeService
import MediaCodecs
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO
import RoutingAdapters
import RoutingClient
import RoutingCore
import RoutingService
import RoutingStore
import SIGTRANTransport
import SIPRegistrar
import SIPRegistrarService
import SIPTransport
import TelecomTypes

/// The four calls of the forwarded-call story (`CallStory.run()` places them in order); helpers in
/// DemoCommand+Calls.swift.
extension CallStory {
    // MARK: - The calls

    func missedCallValidation(_ msc: SignallingGateway, validation: String) async throws
        -> DemoCommand.StoryCall
    {
        var call = DemoCommand.StoryCall(
            title: "missed-call validation: \(DemoCommand.storyNumbers.primary) calls \(DemoCommand.storyValidationNumber)",
            expected: "REL 21 with no ACM/ANM, the number validated")
        let (cic, from) = try await place(msc, calling: DemoCommand.storyNumbers.primary,
            called: DemoCommand.storyValidationNumber, originalCalled: nil)
        let cause = try await released(cic)
        let status = try await service.validationStatus(id: validation).status
        let progressed = sawProgress(cic, since: from)
        call.observed = "REL \(cause.map { "\($0.rawValue)" } ?? "none")\(progressed ? " after ACM/ANM" : ""), validation \(status)"
        call.ok = cause == .callRejected && !progressed && status == "validated"
        call.ladder = ladder(cic, since: from)
        return call
    }

    func answeredCall(_ msc: SignallingGateway) async throws -> DemoCommand.StoryCall {
        var call = DemoCommand.StoryCall(
            title: "forwarded call answered on the phone while the tablet rings",
            expected: "ACM, ANM; the tablet CANCELled (Reason SIP;cause=200); the MSC's REL → BYE to the phone")
        let phone = try devices[0].expect(.answer(ringMilliseconds: 1500), call: 2)
        let tablet = try devices[1].expect(.ringUntilCancelled(reason: "SIP;cause=200"), call: 2)
        let (cic, from) = try await place(msc, calling: DemoCommand.storyCaller, called: DemoCommand.storyCNumber,
            originalCalled: DemoCommand.storyNumbers.primary)
        let answered = try await waitFor(within: 15) { self.sawEvent(cic, since: from) { if case .answered = $0 { true } else { false } } }
        let answeredAt = ce?.receivedCount ?? 0
        if answered {
            try await Task.sleep(for: .seconds(2))  // the conversation
            msc.release(cic: cic, cause: .normalCallClearing)
        }
        let releasedAt = ce?.receivedCount ?? 0
        let cause = try await released(cic)
        let phoneStatus = await phone.finish()
        let tabletStatus = await tablet.finish()
        call.observed = (sawAddressComplete(cic, since: from) ? "ACM, " : "") + (answered ? "ANM, " : "no ANM, ")
            + "REL \(cause.map { "\($0.rawValue)" } ?? "none"); phone \(phoneStatus == 0 ? "ok" : "failed"), "
            + "tablet \(tabletStatus == 0 ? "cancelled" : "failed")"
        let voice = DemoMedia.voiceCheck(ce: ce, timeslots: Self.timeslots, cic: cic, answeredAt: answeredAt, releasedAt: releasedAt)
        call.observed += "; voice: \(voice.summary)"
        call.ok = answered && sawAddressComplete(cic, since: from) && phoneStatus == 0 && tabletStatus == 0 && voice.ok
        call.ladder = ladder(cic, since: from) + sip(phone, "phone", port: devices[0].callPort, into: &call)
            + sip(tablet, "tablet", port: devices[1].callPort, into: &call)
        call.notes = [
            "voice: the MSC's CE sends a 1 kHz tone on the E1 timeslot (CESoPSN, RFC 5086); Reroute bridges it to "
                + "PCMA RTP to the phone, whose RTP echo sends it back; what returns on the timeslot is measured"
        ]
        return call
    }

    func unansweredCall(_ msc: SignallingGateway) async throws -> DemoCommand.StoryCall {
        var call = DemoCommand.StoryCall(
            title: "forwarded call nobody answers",
            expected: "ACM, both devices CANCELled after the 5 s ring timeout (Reason Q.850;cause=19), then voicemail: "
                + "ANM, greeting, beep, the caller's message recorded until 2 s of silence, REL 16; the message "
                + "stored and the SMS alert sent")
        let phone = try devices[0].expect(.ringUntilCancelled(reason: "Q.850;cause=19"), call: 3)
        let tablet = try devices[1].expect(.ringUntilCancelled(reason: "Q.850;cause=19"), call: 3)
        let recordedBefore = voicemailTap.bytes.count
        let keptBefore = voicemailTap.kept.count
        let (cic, from) = try await place(msc, calling: DemoCommand.storyCaller, called: DemoCommand.storyCNumber,
            originalCalled: DemoCommand.storyNumbers.second)
        let answered = try await waitFor(within: 15) { self.sawEvent(cic, since: from) { if case .answered = $0 { true } else { false } } }
        // The caller (the CE's tone) speaks through the greeting and the beep; 2 s into the recording they stop.
        let spoke = try await waitFor(within: 25) { self.voicemailTap.bytes.count >= recordedBefore + 16_000 }
        ce?.setSignal([])
        let cause = try await released(cic, within: 20)
        ce?.setSignal(DemoMedia.tone)
        let statuses = (await phone.finish(), await tablet.finish())
        // The gateway hands the message to the routing server when the deposit ends (one transaction: missed call,
        // voicemail, alerts); wait for it (bounded).
        _ = try await waitFor(within: 10) { self.voicemailTap.kept.count > keptBefore }
        // The alert: the outbox delivers it (SMS to the subscriber's number, MESSAGE to the devices).
        let worker = AlertOutboxWorker(service: service, sms: sms, sipMessages: RecordingSIPMessageSender(devices: 2))
        _ = try? await worker.deliverDue()
        let text = await sms.messages.last?.text ?? ""
        let alerted = text.lowercased().contains("voicemail")
        let message = Array(voicemailTap.bytes.dropFirst(recordedBefore))
        let wav = out.appendingPathComponent("call-3.wav")
        try? Data(WAVAudio(encoding: .aLaw, sampleRate: 8000, data: message).encoded()).write(to: wav)
        let seconds = Double(message.count) / 8000
        let kept = voicemailTap.kept.count > keptBefore && voicemailTap.kept.last == true
        call.observed = (sawAddressComplete(cic, since: from) ? "ACM, " : "") + (answered ? "ANM, " : "no ANM, ")
            + "REL \(cause.map { "\($0.rawValue)" } ?? "none")"
            + "; devices \(statuses == (0, 0) ? "both cancelled" : "phone \(statuses.0), tablet \(statuses.1)")"
            + "; message \(String(format: "%.1f", seconds)) s \(kept ? "stored" : "not stored"); SMS: \(alerted ? "\"\(text)\"" : "none")"
        call.ok = answered && spoke && cause == .normalCallClearing && sawAddressComplete(cic, since: from)
            && statuses == (0, 0) && kept && alerted
        call.ladder = ladder(cic, since: from) + sip(phone, "phone", port: devices[0].callPort, into: &call)
            + sip(tablet, "tablet", port: devices[1].callPort, into: &call)
        call.notes = ["the recorded message: \(wav.lastPathComponent) (A-law WAVE, \(String(format: "%.1f", seconds)) s)"]
        return call
    }

    func noDeviceCall(_ msc: SignallingGateway, registrarPort: Int) async throws -> DemoCommand.StoryCall {
        var call = DemoCommand.StoryCall(
            title: "forwarded call while no device is online (both unregistered)",
            expected: "voicemail at once: CON (no ACM), the greeting; the caller hangs up before the beep → a missed "
                + "call, its SMS held while the user is offline; the phone registers again → the \"reachable again\" SMS")
        let smsBefore = await sms.messages.count
        let missedBefore = voicemailTap.missed.count
        let (cic, from) = try await place(msc, calling: DemoCommand.storyCaller, called: DemoCommand.storyCNumber,
            originalCalled: DemoCommand.storyNumbers.primary)
        let answered = try await waitFor(within: 15) {
            self.sawEvent(cic, since: from) { if case .connected = $0 { true } else { false } }
        }
        // The caller listens to a second of the greeting and hangs up: no message.
        if answered {
            try await Task.sleep(for: .seconds(1))
            msc.release(cic: cic, cause: .normalCallClearing)
        }
        let cause = try await released(cic)
        // The missed call reaches the routing server when the deposit ends; its SMS waits (collation while offline).
        let worker = AlertOutboxWorker(service: service, sms: sms, sipMessages: RecordingSIPMessageSender(devices: 0))
        let stored = try await waitFor(within: 10) { self.voicemailTap.missed.count > missedBefore }
        _ = try? await worker.deliverDue()
        let heldWhileOffline = await sms.messages.count == smsBefore
        // The phone comes back: its registration releases the held alert as "reachable again".
        let back = try await devices[0].register(registrar: registrarPort, domain: DemoCommand.storyDomain, expires: 300)
        // Registered for the rest of the demo: unregistered again by `stop` (the registrar's bindings go with it).
        var text = ""
        _ = try await waitFor(within: 10) {
            _ = try? await worker.deliverDue()
            text = await self.sms.messages.dropFirst(smsBefore).last?.text ?? ""
            return !text.isEmpty
        }
        let reachable = text.contains("reachable again") && text.contains(DemoCommand.storyCaller)
        call.observed = (answered ? "CON, " : "no CON, ")
            + "REL \(cause.map { "\($0.rawValue)" } ?? "none")\(sawAddressComplete(cic, since: from) ? " after ACM" : "")"
            + "; missed call \(stored ? "stored" : "not stored"), SMS \(heldWhileOffline ? "held while offline" : "sent at once")"
            + "; phone registered again: \(back == 0 ? "ok" : "failed"); SMS: \(text.isEmpty ? "none" : "\"\(text)\"")"
        call.ok = answered && cause == .normalCallClearing && !sawAddressComplete(cic, since: from) && stored
            && heldWhileOffline && back == 0 && reachable
        call.ladder = ladder(cic, since: from)
        call.notes = [
            "the caller heard the greeting (conf/prompts) at once: with no device online there is nothing to ring "
                + "(issue 7 item 2); hanging up before the beep leaves a missed call without voicemail"
        ]
        return call
    }
}
