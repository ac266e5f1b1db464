import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RerouteTestSupport
import SDPNegotiation
import SDPWire
import SIPCallService
import SIPForking
import SIPTransactions
import SIPWire
import TelecomTypes
import Testing

/// The forking leg against real SIP peers: sipp UASes on loopback stand in for the subscriber's devices.
@Suite(
    "SIPCallService with sipp devices (issue 5 items 4 and 9)", .serialized,
    .enabled(if: SIPpDevice.executable != nil, "sipp (Debian sip-tester) is not installed"))
struct SIPCallServiceTests {
    /// Collects a call's events; tests wait on them with a deadline.
    final class Recorder: Sendable {
        let events = NIOLockedValueBox<[SIPCallEvent]>([])

        func record(_ event: SIPCallEvent) { events.withLockedValue { $0.append(event) } }

        /// The first event matching `predicate`, waiting at most `seconds`.
        func wait(
            seconds: Double = 15, _ predicate: @escaping @Sendable (SIPCallEvent) -> Bool
        ) async -> SIPCallEvent? {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if let event = events.withLockedValue({ $0.first(where: predicate) }) { return event }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return nil
        }

        var all: [SIPCallEvent] { events.withLockedValue { $0 } }
    }

    let local = SDPLocalMedia(sessionID: 1, address: "127.0.0.1", port: 40000)

    func startService(ringTimeout: TimeAmount = .seconds(25)) throws -> SIPCallService {
        try SIPCallService.start(
            configuration: SIPCallServiceConfiguration(
                host: "127.0.0.1", port: 0, ringTimeout: ringTimeout, sessionTimers: false, seed: 7),
            eventLoop: MultiThreadedEventLoopGroup.singleton.next()
        ).wait()
    }

    func contact(_ device: SIPpDevice) -> SIPForkingContact {
        SIPForkingContact(
            uri: SIPURI(user: "device", host: "127.0.0.1", port: device.port),
            nextHop: SIPTransportAddress(transport: "UDP", host: "127.0.0.1", port: device.port))
    }

    func place(_ service: SIPCallService, _ devices: [SIPpDevice], recorder: Recorder) async throws -> SIPCallID {
        let identity = SIPCallingIdentity(
            callingNumber: "31201234567", originalCalledNumber: "31612345678", calledNumber: "31208000000",
            redirectionReason: .mobileSubscriberNotReachable)
        let offer = SDPOfferAnswer.offer(local)
        return try await service.placeCall(
            identity.call(domain: "127.0.0.1", offer: offer.encoded), offer: offer, contacts: devices.map(contact),
            events: { recorder.record($0) }
        ).get()
    }

    static func port() -> Int { Int(LoopbackPorts.freeUDPPort()) }

    @Test("Issue 5: one device answers after ringing while another rings → the other gets CANCEL with Reason 200")
    func answerWhileOtherRings() async throws {
        let service = try startService()
        let winner = try SIPpDevice(
            scenario: SIPpScenarios.answering(ringMilliseconds: 300, byeReason: "Q.850;cause=16"),
            port: Self.port())
        let ringer = try SIPpDevice(scenario: SIPpScenarios.ringing(cancelReason: "SIP;cause=200"), port: Self.port())
        let recorder = Recorder()
        let call = try await place(service, [winner, ringer], recorder: recorder)
        let answered = await recorder.wait { if case .answered = $0 { true } else { false } }
        guard case .answered(let fork, _, let audio) = answered else {
            Issue.record("no answer: \(recorder.all)")
            try await service.shutdown().get()
            return
        }
        #expect(fork == SIPForkID(0))
        #expect(audio?.codec.encodingName == "PCMA")  // RFC 3264 §7: the answer's first codec
        #expect(audio?.telephoneEventPayloadType == 101)
        #expect(recorder.all.contains(.alerting(SIPForkID(0))))
        service.release(call, cause: .normalCallClearing)
        let winnerStatus = await winner.finish()
        let ringerStatus = await ringer.finish()
        #expect(winnerStatus == 0, "\(winner.errors)")
        #expect(ringerStatus == 0, "\(ringer.errors)")
        try await service.shutdown().get()
    }

    @Test("RFC 3261 §13.2.2.4: two devices answer at once → one wins, the loser's 2xx gets ACK + BYE")
    func twoAnswer() async throws {
        let service = try startService()
        let first = try SIPpDevice(
            scenario: SIPpScenarios.answering(
                ringMilliseconds: 0,
                byeReason: "(SIP;cause=200|Q.850;cause=16)"), port: Self.port())
        let second = try SIPpDevice(
            scenario: SIPpScenarios.answering(
                ringMilliseconds: 0,
                byeReason: "(SIP;cause=200|Q.850;cause=16)"), port: Self.port())
        let recorder = Recorder()
        let call = try await place(service, [first, second], recorder: recorder)
        #expect(await recorder.wait { if case .answered = $0 { true } else { false } } != nil)
        // The loser's BYE went out without our help; the winner's comes with the release.
        service.release(call)
        let statuses = [await first.finish(), await second.finish()]
        #expect(statuses == [0, 0], "\(first.errors) \(second.errors)")
        let answers = recorder.all.filter { if case .answered = $0 { true } else { false } }
        #expect(answers.count == 1)
        try await service.shutdown().get()
    }

    @Test("RFC 3261 §16.7 + RFC 3398 §8.2.6.1: 486 and 603 from the devices → 603, cause 21")
    func allReject() async throws {
        let service = try startService()
        let busy = try SIPpDevice(scenario: SIPpScenarios.rejecting("486 Busy Here"), port: Self.port())
        let decline = try SIPpDevice(scenario: SIPpScenarios.rejecting("603 Decline"), port: Self.port())
        let recorder = Recorder()
        _ = try await place(service, [busy, decline], recorder: recorder)
        let failed = await recorder.wait { if case .failed = $0 { true } else { false } }
        #expect(failed == .failed(.rejected(.decline, cause: .callRejected)))
        #expect(await busy.finish() == 0, "\(busy.errors)")
        #expect(await decline.finish() == 0, "\(decline.errors)")
        try await service.shutdown().get()
    }

    @Test("Ring timeout: both ringing devices get CANCEL (Reason Q.850 19) and the call reports no answer")
    func ringTimeout() async throws {
        let service = try startService(ringTimeout: .seconds(2))
        let devices = try (0..<2).map { _ in
            try SIPpDevice(scenario: SIPpScenarios.ringing(cancelReason: "Q.850;cause=19"), port: Self.port())
        }
        let recorder = Recorder()
        _ = try await place(service, devices, recorder: recorder)
        let failed = await recorder.wait { if case .failed = $0 { true } else { false } }
        #expect(failed == .failed(.noAnswer))
        for device in devices { #expect(await device.finish() == 0, "\(device.errors)") }
        try await service.shutdown().get()
    }

    @Test("RFC 3262 §4: a device requiring 100rel gets a PRACK with RAck; the abandoned call CANCELs it")
    func reliableProvisional() async throws {
        let service = try startService()
        let device = try SIPpDevice(
            scenario: SIPpScenarios.ringing(cancelReason: "Q.850;cause=16", reliable: true), port: Self.port())
        let recorder = Recorder()
        let call = try await place(service, [device], recorder: recorder)
        #expect(await recorder.wait { $0 == .alerting(SIPForkID(0)) } != nil)
        service.abandon(call, cause: .normalCallClearing)
        #expect(await device.finish() == 0, "\(device.errors)")
        try await service.shutdown().get()
    }
}
