import Foundation
import GatewayRuntime
import ISUPProtocol
import ISUPWire
import MediaBridgeService
import Interworking
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RerouteTestSupport
import RoutingClient
import RoutingCore
import SIGTRANTransport
import TelecomTypes
import Testing

/// The whole signalling path of a forwarded call: a real M3UA/ISUP peer plays the MSC (a second gateway in the SG
/// role, over TCP), Reroute's gateway forks the call over SIP, and sipp UASes (Debian sip-tester, written
/// elsewhere) play the subscriber's devices. The routing answer is fixed here (the routing server is tested with
/// the gateway in RoutedCallTests): one account, the sipp devices as its contacts.
@Suite("Forwarded calls forked to SIP devices: ISUP ↔ SIP (RFC 3398 §8.2, Q.764)", .serialized)
struct ForkedCallTests {
    static let sipp = ForkDevice.executable
    static let subscriber = "+447700900123"
    static let cNumber = "+447700900000"

    /// Gives a test the gateway ``withGateways`` made (to place its own calls).
    final class GatewayHandle: @unchecked Sendable {
        var gateway: SignallingGateway?
    }

    /// The missed calls the gateway reported (`CallRouting.unansweredCall`), waited for with a deadline.
    final class Reports: Sendable {
        let box = NIOLockedValueBox<[UnansweredCallNotice]>([])

        var all: [UnansweredCallNotice] { box.withLockedValue { $0 } }

        /// The reasons reported, once at least `count` reports came (or after 10 s).
        func reasons(count: Int = 1) async -> [String] {
            let end = ContinuousClock.now + .seconds(10)
            while all.count < count, ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(20)) }
            return all.map(\.reason)
        }
    }

    /// The routing server's answer: the account's devices are the given sipp ports (none available when
    /// `available` is false); reports are kept.
    struct FixedRouting: CallRouting {
        let ports: [Int]
        var available = true
        var reports = Reports()

        func route(_ subscriber: E164Number) async throws -> CallRoute {
            guard available else { return .noDeviceAvailable }
            return .available(accountID: "acct-1", contacts: ports.enumerated().map { index, port in
                CallContact(deviceID: "dev-\(index)", uri: "sip:device\(index)@127.0.0.1:\(port)", transport: "udp")
            })
        }

        func forwardedCall(_ call: ForwardedCallNotice) async throws -> ForwardedCallAck {
            ForwardedCallAck(subscriber: true, forwardingState: nil)
        }

        func missedCall(calling: E164Number, called: E164Number) async throws -> MissedCallAck {
            MissedCallAck(validated: nil)
        }

        func unansweredCall(_ call: UnansweredCallNotice) async throws {
            reports.box.withLockedValue { $0.append(call) }
        }

        /// The account's own ring timeout and greeting (none by default: the gateway's).
        var preferences = AccountCallPreferences()

        func callSettings(subscriber: E164Number) async throws -> AccountCallPreferences { preferences }
    }

    /// MSC (SG) and Reroute (ASP, forking over SIP to `ports`) on loopback for the length of `body`.
    static func withGateways(
        ports: [Int], ringTimeout: Int = 10, earlyACM: Int = 15, media: MediaBridgeService? = nil,
        voicemail: GatewayVoicemail? = nil, routing: FixedRouting? = nil,
        validationPrompts: ValidationCallPrompts? = nil, gatewayHandle: GatewayHandle? = nil,
        _ body: (SignallingGateway, LinkFailureTests.Events, LinkFailureTests.Events) async throws -> Void
    ) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let port = Int(LoopbackPorts.freeTCPPort())
        let mscEvents = LinkFailureTests.Events()
        let msc = SignallingGateway(
            configuration: try TwoGatewayCallTests.configuration(role: .sg, kind: .tcp, port: port, udpPort: 9899),
            eventLoop: group.next(), observe: { mscEvents.append($0) })
        var configuration = try TwoGatewayCallTests.configuration(role: .asp, kind: .tcp, port: port, udpPort: 9899)
        configuration.sip = GatewaySIPSettings(
            mode: .fork, listen: "127.0.0.1", port: 0, domain: "reroute.test", ringTimeout: .seconds(ringTimeout),
            control: ForwardedCallControl.Configuration(
                earlyAddressComplete: .seconds(earlyACM), unanswered: voicemail == nil ? .release : .voicemail),
            mediaAddress: "127.0.0.1", rtpPorts: 40000...40999)
        let loop = group.next()
        let side = try await GatewaySIPSide.start(configuration.sip, eventLoop: loop)
        let plan = InterworkingPlan(
            defaultCountryCode: "44", cNumbers: [.init(number: try E164Number(parsing: cNumber), countryCode: "44")])
        let gatewayEvents = LinkFailureTests.Events()
        let gateway = SignallingGateway(
            configuration: configuration, eventLoop: loop,
            router: IncomingCallRouter(routing: routing ?? FixedRouting(ports: ports), plan: plan, timeout: .seconds(5)),
            forking: side.forking, media: media, voicemail: voicemail, validationPrompts: validationPrompts,
            observe: { gatewayEvents.append($0) })
        gatewayHandle?.gateway = gateway
        try await LinkFailureTests.start(msc)
        try await gateway.start().get()
        #expect(try await mscEvents.wait(for: 1) { $0 == .linkUp })
        #expect(try await gatewayEvents.wait(for: 1) { $0 == .linkUp })
        var failure: (any Error)?
        do { try await body(msc, mscEvents, gatewayEvents) } catch { failure = error }
        try? await gateway.stop(grace: .milliseconds(300)).get()
        try? await msc.stop(grace: .milliseconds(300)).get()
        try? await side.shutdown()
        try? await group.shutdownGracefully()
        if let failure { throw failure }
    }

    /// The MSC places a call forwarded from the subscriber's number (original called number, Q.763 §3.39).
    static func placeForwardedCall(_ msc: SignallingGateway) async throws -> CircuitIdentificationCode {
        let additional = [
            ISUPParameter(
                code: .originalCalledNumber,
                ISUPNumber(signals: AddressSignals(String(subscriber.dropFirst()))!, natureOfAddress: .internationalNumber)),
            ISUPParameter(
                code: .redirectionInformation,
                ISUPRedirectionInformation(
                    redirectingIndicator: ISUPRedirectionInformation.callDiverted,
                    originalRedirectionReason: .mobileSubscriberNotReachable, redirectionCounter: 1,
                    redirectingReason: .mobileSubscriberNotReachable)),
        ]
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let cic = try await msc.placeCall(
                called: ISUPNumber(signals: AddressSignals(String(cNumber.dropFirst()))!, natureOfAddress: .internationalNumber),
                calling: ISUPNumber(signals: AddressSignals(String("447700900555"))!, natureOfAddress: .internationalNumber),
                additional: additional
            ).get() { return cic }
            // Q.764 §2.9.3.2: circuits are under reset until the GRA arrives.
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ForkDevice.Failure("no free circuit at the MSC within 20 s")
    }

    static func released(_ events: LinkFailureTests.Events, _ cic: CircuitIdentificationCode) -> Q850Cause? {
        for case .callReleased(cic, let cause) in events.all() { return cause }
        return nil
    }

    static func progress(_ events: LinkFailureTests.Events, _ cic: CircuitIdentificationCode) -> [String] {
        events.all().compactMap { event -> String? in
            guard case .callProgress(cic, let progress) = event else { return nil }
            switch progress {
            case .addressComplete(let acm):
                let status = acm.backwardCallIndicators?.calledPartysStatus ?? 0
                return status == 1 ? "ACM subscriber free" : "ACM no indication"
            case .progress(let cpg): return "CPG \(cpg.eventInformation?.event ?? 0)"
            case .answered: return "ANM"
            case .connected: return "CON"
            default: return nil
            }
        }
    }

    @Test(
        "RFC 3398 §8.2: 180 → ACM (subscriber free), 200 → ANM; the MSC's REL → BYE to the device, RLC",
        .enabled(if: sipp != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(1)))
    func answeredThenNetworkReleases() async throws {
        let device = try ForkDevice.start(ForkDevice.answerThenAwaitBye)
        try await Self.withGateways(ports: [device.port]) { msc, events, _ in
            let cic = try await Self.placeForwardedCall(msc)
            #expect(try await events.wait(for: 1) {
                if case .callProgress(cic, .answered) = $0 { true } else { false }
            }, "no ANM: \(Self.progress(events, cic)) \(device.errors)")
            #expect(Self.progress(events, cic) == ["ACM subscriber free", "ANM"])
            msc.release(cic: cic, cause: .normalCallClearing)
            #expect(try await events.wait(for: 1) { if case .callReleased(cic, _) = $0 { true } else { false } })
            #expect(await device.finish() == 0, "sipp did not get its BYE: \(device.errors)")
        }
    }

    @Test(
        "Q.1912.5 / RFC 3398 §8.2.1: the device hangs up (BYE) → REL cause 16 to the MSC",
        .enabled(if: sipp != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(1)))
    func deviceHangsUp() async throws {
        let device = try ForkDevice.start(ForkDevice.answerThenHangUp)
        try await Self.withGateways(ports: [device.port]) { msc, events, _ in
            let cic = try await Self.placeForwardedCall(msc)
            #expect(try await events.wait(for: 1) { if case .callReleased(cic, _) = $0 { true } else { false } })
            #expect(Self.progress(events, cic) == ["ACM subscriber free", "ANM"])
            #expect(Self.released(events, cic) == .normalCallClearing)
            #expect(await device.finish() == 0, "\(device.errors) \(device.output)")
        }
    }

    @Test(
        "RFC 3398 §8.2.6.1: 486 Busy Here from the only device → REL cause 17 (user busy), no ACM",
        .enabled(if: sipp != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(1)))
    func busyDevice() async throws {
        let device = try ForkDevice.start(ForkDevice.busy)
        let routing = FixedRouting(ports: [device.port])
        try await Self.withGateways(ports: [device.port], routing: routing) { msc, events, _ in
            let cic = try await Self.placeForwardedCall(msc)
            #expect(try await events.wait(for: 1) { if case .callReleased(cic, _) = $0 { true } else { false } })
            #expect(Self.released(events, cic) == .userBusy)
            #expect(Self.progress(events, cic).isEmpty)
            #expect(await device.finish() == 0, "\(device.errors)")
        }
        // Issue 7 item 2: still a missed call for the subscriber (reason busy).
        #expect(await routing.reports.reasons() == ["busy"])
    }

    @Test(
        "Ring timeout: every branch CANCELled, REL cause 19 (no answer from user, user alerted)",
        .enabled(if: sipp != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(1)))
    func ringTimeout() async throws {
        // RFC 3326: the CANCELs say why (Q.850 19, no answer).
        let first = try ForkDevice.start(ForkDevice.ringUntilCancelled(reason: "Q.850;cause=19"))
        let second = try ForkDevice.start(ForkDevice.ringUntilCancelled(reason: "Q.850;cause=19"))
        let routing = FixedRouting(ports: [first.port, second.port])
        try await Self.withGateways(ports: [first.port, second.port], ringTimeout: 2, routing: routing) { msc, events, _ in
            let cic = try await Self.placeForwardedCall(msc)
            #expect(try await events.wait(for: 1) { if case .callReleased(cic, _) = $0 { true } else { false } })
            #expect(Self.released(events, cic) == .noAnswerFromUser)
            // Both devices rang, but only one ACM went to the MSC (Q.764 §2.1.4: one ACM per call).
            #expect(Self.progress(events, cic) == ["ACM subscriber free"])
            #expect(await first.finish() == 0, "first device: \(first.errors) \(first.output)")
            #expect(await second.finish() == 0, "second device: \(second.errors)")
        }
        // Issue 7 item 2: the missed call, with the caller, the subscriber and how long it rang.
        #expect(await routing.reports.reasons() == ["no_answer"])
        let report = try #require(routing.reports.all.first)
        #expect(report.called.description == Self.subscriber)
        #expect(report.caller?.description == "+447700900555")
        #expect(report.presentation == .allowed)
        #expect(report.durationMilliseconds >= 2000)
    }

    @Test(
        "The caller abandons while the devices ring (REL from the MSC) → CANCEL with the caller's cause",
        .enabled(if: sipp != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(1)))
    func callerAbandons() async throws {
        // RFC 3326: the CANCEL carries the caller's release cause (Q.850 16).
        let device = try ForkDevice.start(ForkDevice.ringUntilCancelled(reason: "Q.850;cause=16"))
        let routing = FixedRouting(ports: [device.port])
        try await Self.withGateways(ports: [device.port], routing: routing) { msc, events, _ in
            let cic = try await Self.placeForwardedCall(msc)
            #expect(try await events.wait(for: 1) {
                if case .callProgress(cic, .addressComplete) = $0 { true } else { false }
            })
            msc.release(cic: cic, cause: .normalCallClearing)
            #expect(try await events.wait(for: 1) { if case .callReleased(cic, _) = $0 { true } else { false } })
            #expect(await device.finish() == 0, "the device was not cancelled: \(device.errors) \(device.output)")
        }
        // Issue 7 item 2: a caller who gave up while the apps rang is a missed call too.
        #expect(await routing.reports.reasons() == ["caller_hung_up"])
    }

    @Test(
        "Issue 7 item 2 / Q.850 cause 20: no device available → REL 20 without ACM, and the call kept as a missed call (no_device_available)",
        .timeLimit(.minutes(1)))
    func noDeviceAvailable() async throws {
        let routing = FixedRouting(ports: [], available: false)
        try await Self.withGateways(ports: [], routing: routing) { msc, events, _ in
            let cic = try await Self.placeForwardedCall(msc)
            #expect(try await events.wait(for: 1) { if case .callReleased(cic, _) = $0 { true } else { false } })
            #expect(Self.released(events, cic) == .subscriberAbsent)
            #expect(Self.progress(events, cic).isEmpty)
        }
        #expect(await routing.reports.reasons() == ["no_device_available"])
    }

    @Test(
        "Q.764 Annex A T11: no 18x within the early-ACM time → ACM (no indication), then CPG alerting on 180",
        .enabled(if: sipp != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(1)))
    func earlyAddressComplete() async throws {
        let device = try ForkDevice.start(ForkDevice.slowRingThenAnswer)
        try await Self.withGateways(ports: [device.port], earlyACM: 1) { msc, events, _ in
            let cic = try await Self.placeForwardedCall(msc)
            #expect(try await events.wait(for: 1) {
                if case .callProgress(cic, .answered) = $0 { true } else { false }
            }, "no ANM: \(Self.progress(events, cic)) \(device.errors)")
            #expect(Self.progress(events, cic) == ["ACM no indication", "CPG 1", "ANM"])
            msc.release(cic: cic, cause: .normalCallClearing)
            #expect(await device.finish() == 0, "\(device.errors)")
        }
    }
}
