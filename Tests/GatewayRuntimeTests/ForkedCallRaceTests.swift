import Foundation
import GatewayRuntime
import ISUPProtocol
import ISUPWire
import Interworking
import M3UAWire
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RerouteTestSupport
import RoutingClient
import RoutingCore
import SIGTRANTransport
import TelecomTypes
import Testing

/// Whole forwarded calls whose two sides act at the same moment (issue 7 item 6): the caller's REL against a
/// device's 200, a 200 against the ring timeout's CANCEL, two devices' 200s against each other, and the loops that
/// must not be forked at all. The MSC is a second gateway in the SG role over TCP (as in ``ForkedCallTests``),
/// whose ISUP on the wire and call events are kept in one ordered trace; the devices are sipp UASes.
@Suite("Forwarded-call races and loops: REL vs 200, late 2xx, forking race, loop cut (RFC 3261, Q.764)", .serialized)
struct ForkedCallRaceTests {
    static let sipp = ForkDevice.executable
    static let subscriber = ForkedCallTests.subscriber
    static let cNumber = ForkedCallTests.cNumber

    /// What the MSC saw, in order: the ISUP messages it sent (→) and received (←) and its call events. Both are
    /// written on the MSC's event loop, so their order is the order things happened there.
    final class MSCTrace: Sendable {
        enum Entry: Hashable, Sendable {
            case sent(CircuitIdentificationCode, String, Q850Cause?)
            case received(CircuitIdentificationCode, String, Q850Cause?)
            case event(GatewayEvent)
        }

        let entries = NIOLockedValueBox<[Entry]>([])
        /// When set, the MSC releases each call (REL, cause 16) this long after the call's ACM arrived.
        let releaseAfterACM = NIOLockedValueBox<TimeAmount?>(nil)
        let msc = NIOLockedValueBox<SignallingGateway?>(nil)

        func wire(_ record: SignallingWireRecord) {
            guard case .payloadData(let data)? = try? M3UAMessage.decode(record.m3ua),
                let isup = data.protocolData.flatMap({ try? ISUPMessage.decode($0.userProtocolData) })
            else { return }
            let cause = isup.causeIndicators?.cause
            entries.withLockedValue {
                $0.append(
                    record.direction == .sent
                        ? .sent(isup.cic, isup.type.name, cause) : .received(isup.cic, isup.type.name, cause))
            }
        }

        func observe(_ event: GatewayEvent, loop: any EventLoop) {
            entries.withLockedValue { $0.append(.event(event)) }
            guard case .callProgress(let cic, .addressComplete(_)) = event,
                let delay = releaseAfterACM.withLockedValue({ $0 }), let msc = msc.withLockedValue({ $0 })
            else { return }
            loop.scheduleTask(in: delay) { msc.release(cic: cic, cause: .normalCallClearing) }
        }

        /// The entries of the latest call on `cic`: from its IAM on (circuits are reused call after call, and the
        /// circuit group reset at link-up names a CIC too).
        func call(_ cic: CircuitIdentificationCode) -> [Entry] {
            let all = entries.withLockedValue { $0 }
            guard let start = all.lastIndex(where: { if case .sent(cic, "IAM", _) = $0 { true } else { false } })
            else { return [] }
            return Array(all[start...])
        }

        /// The ISUP of the latest call on `cic` as the MSC saw it: `→IAM`, `←ACM`, `→REL 16`, `←RLC`, ….
        func isup(_ cic: CircuitIdentificationCode) -> [String] {
            call(cic).compactMap { entry -> String? in
                switch entry {
                case .sent(cic, let name, let cause): "→" + name + (cause.map { " \($0.rawValue)" } ?? "")
                case .received(cic, let name, let cause): "←" + name + (cause.map { " \($0.rawValue)" } ?? "")
                default: nil
                }
            }
        }

        /// Whether the MSC took the call on `cic` as answered after it had sent its own REL.
        func answerAcceptedAfterRelease(_ cic: CircuitIdentificationCode) -> Bool {
            var released = false
            for entry in call(cic) {
                switch entry {
                case .sent(cic, "REL", _): released = true
                case .event(.callProgress(cic, .answered(_))), .event(.callProgress(cic, .connected(_))):
                    if released { return true }
                default: break
                }
            }
            return false
        }

        func releases(_ cic: CircuitIdentificationCode) -> [Q850Cause] {
            call(cic).compactMap {
                if case .event(.callReleased(cic, let cause)) = $0 { cause } else { nil }
            }
        }

        /// Waits (bounded) for the MSC's end of the call on `cic`.
        func waitReleased(_ cic: CircuitIdentificationCode, within seconds: Int = 20) async -> Bool {
            let end = ContinuousClock.now + .seconds(seconds)
            while releases(cic).isEmpty, ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(10)) }
            return !releases(cic).isEmpty
        }

        func waitAnswered(_ cic: CircuitIdentificationCode, within seconds: Int = 20) async -> Bool {
            let end = ContinuousClock.now + .seconds(seconds)
            while !isup(cic).contains("←ANM"), ContinuousClock.now < end {
                try? await Task.sleep(for: .milliseconds(10))
            }
            return isup(cic).contains("←ANM")
        }
    }

    /// The routing server: the account's devices are `ports` (set per call); what the gateway asked and reported is
    /// kept.
    final class RaceRouting: CallRouting {
        let ports = NIOLockedValueBox<[Int]>([])
        let routeLookups = NIOLockedValueBox<Int>(0)
        let notices = NIOLockedValueBox<[ForwardedCallNotice]>([])
        let reports = ForkedCallTests.Reports()

        func route(_ subscriber: E164Number) async throws -> CallRoute {
            routeLookups.withLockedValue { $0 += 1 }
            return .available(
                accountID: "acct-1",
                contacts: ports.withLockedValue { $0 }.enumerated().map {
                    CallContact(deviceID: "dev-\($0)", uri: "sip:device\($0)@127.0.0.1:\($1)", transport: "udp")
                })
        }

        func forwardedCall(_ call: ForwardedCallNotice) async throws -> ForwardedCallAck {
            notices.withLockedValue { $0.append(call) }
            return ForwardedCallAck(subscriber: true, forwardingState: nil)
        }

        func missedCall(calling: E164Number, called: E164Number) async throws -> MissedCallAck {
            MissedCallAck(validated: nil)
        }

        func unansweredCall(_ call: UnansweredCallNotice) async throws {
            reports.box.withLockedValue { $0.append(call) }
        }

        /// The missed-call reasons reported for calls from `caller` (E.164 with `+`).
        func reasons(from caller: String) -> [String] {
            reports.all.filter { $0.caller?.description == caller }.map(\.reason)
        }
    }

    struct Bench {
        var msc: SignallingGateway
        var gateway: SignallingGateway
        var trace: MSCTrace
        var routing: RaceRouting
        var group: any EventLoopGroup

        /// Both ends' circuits idle (Q.764 §2.3: REL/RLC done on both sides).
        func busyCircuits() async throws -> [CircuitIdentificationCode] {
            try await msc.busyCircuits().get() + gateway.busyCircuits().get()
        }
    }

    /// MSC (SG, traced) and Reroute (ASP, forking over SIP with `ringTimeout`) on loopback for the length of `body`.
    @discardableResult
    static func withBench(
        ringTimeout: Duration = .seconds(10), _ body: (Bench) async throws -> Void
    ) async throws -> RaceRouting {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let port = Int(LoopbackPorts.freeTCPPort())
        let trace = MSCTrace()
        let mscLoop = group.next()
        let msc = SignallingGateway(
            configuration: try TwoGatewayCallTests.configuration(role: .sg, kind: .tcp, port: port, udpPort: 9899),
            eventLoop: mscLoop, wireTap: { trace.wire($0) }, observe: { trace.observe($0, loop: mscLoop) })
        trace.msc.withLockedValue { $0 = msc }
        var configuration = try TwoGatewayCallTests.configuration(role: .asp, kind: .tcp, port: port, udpPort: 9899)
        configuration.sip = GatewaySIPSettings(
            mode: .fork, listen: "127.0.0.1", port: 0, domain: "reroute.test", ringTimeout: ringTimeout,
            control: ForwardedCallControl.Configuration(earlyAddressComplete: .seconds(15), unanswered: .release),
            mediaAddress: "127.0.0.1", rtpPorts: 40000...40999)
        let loop = group.next()
        let side = try await GatewaySIPSide.start(configuration.sip, eventLoop: loop)
        let plan = InterworkingPlan(
            defaultCountryCode: "44", cNumbers: [.init(number: try E164Number(parsing: cNumber), countryCode: "44")])
        let routing = RaceRouting()
        let gatewayEvents = LinkFailureTests.Events()
        let gateway = SignallingGateway(
            configuration: configuration, eventLoop: loop,
            router: IncomingCallRouter(routing: routing, plan: plan, timeout: .seconds(5)), forking: side.forking,
            observe: { gatewayEvents.append($0) })
        try await LinkFailureTests.start(msc)
        try await gateway.start().get()
        #expect(try await gatewayEvents.wait(for: 1) { $0 == .linkUp })
        var failure: (any Error)?
        do {
            try await body(Bench(msc: msc, gateway: gateway, trace: trace, routing: routing, group: group))
        } catch { failure = error }
        trace.msc.withLockedValue { $0 = nil }
        try? await gateway.stop(grace: .milliseconds(300)).get()
        try? await msc.stop(grace: .milliseconds(300)).get()
        try? await side.shutdown()
        try? await group.shutdownGracefully()
        if let failure { throw failure }
        return routing
    }

    /// The MSC places a call from `calling` (international digits), forwarded from the subscriber's number (original
    /// called number, Q.763 §3.39) with `counter` in its redirection information (Q.763 §3.45 d).
    static func placeForwardedCall(
        _ msc: SignallingGateway, calling: String, counter: UInt8 = 1
    ) async throws -> CircuitIdentificationCode {
        let additional = [
            ISUPParameter(
                code: .originalCalledNumber,
                ISUPNumber(
                    signals: AddressSignals(String(subscriber.dropFirst()))!, natureOfAddress: .internationalNumber)),
            ISUPParameter(
                code: .redirectionInformation,
                ISUPRedirectionInformation(
                    redirectingIndicator: ISUPRedirectionInformation.callDiverted,
                    originalRedirectionReason: .mobileSubscriberNotReachable, redirectionCounter: counter,
                    redirectingReason: .mobileSubscriberNotReachable)),
        ]
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let cic = try await msc.placeCall(
                called: ISUPNumber(
                    signals: AddressSignals(String(cNumber.dropFirst()))!, natureOfAddress: .internationalNumber),
                calling: ISUPNumber(signals: AddressSignals(calling)!, natureOfAddress: .internationalNumber),
                additional: additional
            ).get() {
                return cic
            }
            // Q.764 §2.9.3.2: circuits are under reset until the GRA arrives.
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ForkDevice.Failure("no free circuit at the MSC within 20 s")
    }

    /// Waits (bounded) until at least one of `devices` has exited; returns its index.
    static func firstToFinish(_ devices: [SIPpDevice], within seconds: Int = 10) async -> Int? {
        let end = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < end {
            if let index = devices.firstIndex(where: { !$0.process.isRunning }) { return index }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    /// Ends whatever sipp is still running (a failed expectation may leave a device waiting; sipp takes SIGTERM as
    /// "finish the calls first").
    static func reap(_ devices: [SIPpDevice]) {
        for device in devices where device.process.isRunning { kill(device.process.processIdentifier, SIGKILL) }
    }

    /// sipp's exit status once its scenario ended (bounded): a device still waiting at the deadline is killed and
    /// counts as failed (`SIPpDevice.finish()` would wait on a sipp that finishes its call before taking SIGTERM).
    static func exitStatus(_ device: SIPpDevice, within seconds: Int = 15) async -> Int32 {
        let end = ContinuousClock.now + .seconds(seconds)
        while device.process.isRunning, ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(10)) }
        guard !device.process.isRunning else {
            reap([device])
            return -1
        }
        return device.process.terminationStatus
    }

    /// Whether sipp gave up its call on a CANCEL that came when its scenario was about to send the 200 (see
    /// ``callerReleasesAsDeviceAnswers()``).
    static func sippAbortedOnCancel(_ device: SIPpDevice) -> Bool {
        device.errors.contains("Aborting call on an unexpected CANCEL")
    }

    // MARK: - 1. The caller hangs up as a device answers

    @Test(
        "Q.764 §2.3 / RFC 3261 §9.1, §13.2.2.4, §15: the caller's REL races the device's 200 — whichever wins, one clearing at the MSC, the answering device gets ACK then BYE, no circuit busy, caller_hung_up only if unanswered",
        .enabled(if: sipp != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(4)))
    func callerReleasesAsDeviceAnswers() async throws {
        try await MachineLoadGate.heavy {
            // The device answers `answerAt` ms after the INVITE (its 180 goes at once, the MSC's ACM follows within a
            // millisecond or so); the MSC releases `answerAt + offset` ms after that ACM. Offsets around zero make
            // the REL and the 200 cross at the gateway; the outer ones pin each side winning outright. Each race
            // runs on gateways of its own.
            let answerAt = 150
            let offsets = [-40, -6, -3, -1, 0, 1, 3, 6, 40]
            var outcomes: [String] = []
            for offset in offsets {
                var answered = false
                // Started before the gateways, so that it listens by the time the INVITE comes.
                let device = try ForkDevice.start(ForkDevice.answerUnlessCancelled(afterMilliseconds: answerAt))
                defer { Self.reap([device]) }
                let routing = try await Self.withBench { bench in
                    bench.routing.ports.withLockedValue { $0 = [device.port] }
                    bench.trace.releaseAfterACM.withLockedValue { $0 = .milliseconds(Int64(answerAt + offset)) }
                    let cic = try await Self.placeForwardedCall(bench.msc, calling: "447700900600")
                    let ended = await bench.trace.waitReleased(cic)
                    #expect(ended, "offset \(offset): the call never cleared: \(bench.trace.isup(cic))")
                    let status = await Self.exitStatus(device)
                    // sipp's one blind spot: a CANCEL arriving in the instant between its answer timer and the 200
                    // going out matches no step, and sipp answers the CANCEL 200 and gives up the call (no 200, no
                    // 487). The device then never answered; the gateway's side is checked all the same.
                    let abandoned = status != 0 && Self.sippAbortedOnCancel(device)
                    let path = abandoned ? [] : await ForkDevice.outcome(of: device)
                    let isup = bench.trace.isup(cic)
                    let anm = isup.filter { $0 == "←ANM" }.count
                    answered = anm == 1
                    let context = "offset \(offset) ms: MSC \(isup), device \(path) \(device.errors)"
                    // Q.764 §2.3.1: the MSC's own REL is the call's one clearing, answered by one RLC; the gateway
                    // never releases too, and sends at most one ANM.
                    #expect(isup.filter { $0.hasPrefix("→REL") } == ["→REL 16"], "\(context)")
                    #expect(isup.filter { $0 == "←RLC" }.count == 1, "\(context)")
                    #expect(!isup.contains { $0.hasPrefix("←REL") }, "\(context)")
                    #expect(anm <= 1, "\(context)")
                    #expect(bench.trace.releases(cic).count == 1, "\(context)")
                    // An ANM crossing the REL is discarded by the MSC, never taken as an answer after its REL.
                    #expect(!bench.trace.answerAcceptedAfterRelease(cic), "\(context)")
                    // The device: either CANCEL → 487 → ACK before it answered, or its 200 was ACKed and ended with
                    // a BYE (RFC 3261 §13.2.2.4, §15) — whether the call was answered or the 200 crossed the CANCEL.
                    if abandoned {
                        #expect(!answered, "an ANM went for a device that never answered: \(context)")
                    } else {
                        #expect(status == 0, "\(context) \(device.output)")
                        #expect(path == ["cancelled"] || path == ["answered"], "\(context)")
                    }
                    if answered {
                        #expect(path == ["answered"], "an ANM went but the device was not answered: \(context)")
                    }
                    #expect(try await bench.busyCircuits().isEmpty, "\(context)")
                    outcomes.append(
                        "\(offset) ms: "
                            + (answered
                                ? "answered (ANM) then released"
                                : path == ["answered"]
                                    ? "REL first, the 200 crossed the CANCEL (ACK + BYE)"
                                    : abandoned
                                        ? "REL first, CANCEL as the device answered (sipp gave up)"
                                        : "REL first, device cancelled"))
                    // Issue 7 item 2: a call the caller gave up on before any answer reached the MSC is a missed call.
                    if !answered {
                        #expect(await bench.routing.reports.reasons() == ["caller_hung_up"], "\(context)")
                    }
                }
                // Reported when the REL came (long before the gateways stopped): an answered call never is.
                if answered { #expect(routing.reports.all.isEmpty, "offset \(offset): \(routing.reports.all)") }
            }
            print("REL vs 200 at the gateway: \(outcomes.joined(separator: "; "))")
        }
    }

    // MARK: - 2. A device answers after the ring timeout

    @Test(
        "RFC 3261 §9.1 / §13.2.2.4: a 200 crossing the ring timeout's CANCEL is ACKed and BYEd; the MSC gets REL cause 19 and never an ANM",
        .enabled(if: sipp != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(1)))
    func answerAfterRingTimeout() async throws {
        try await MachineLoadGate.heavy {
            let device = try ForkDevice.start(ForkDevice.answerCrossingCancel(afterMilliseconds: nil))
            defer { Self.reap([device]) }
            try await Self.withBench(ringTimeout: .seconds(1)) { bench in
                bench.routing.ports.withLockedValue { $0 = [device.port] }
                let cic = try await Self.placeForwardedCall(bench.msc, calling: "447700900555")
                #expect(await bench.trace.waitReleased(cic), "\(bench.trace.isup(cic))")
                #expect(bench.trace.releases(cic) == [.noAnswerFromUser])
                let status = await Self.exitStatus(device)
                // sipp's own race (see `sippAbortedOnCancel`): when the CANCEL reaches it in the instant between its
                // answer timer and its 200, it answers the CANCEL itself and abandons the call — no 200 crosses, and
                // only the MSC side below can be checked.
                if !(status != 0 && Self.sippAbortedOnCancel(device)) {
                    #expect(status == 0, "the late 200 was not ACKed and BYEd: \(device.errors) \(device.output)")
                    #expect(await ForkDevice.outcome(of: device) == ["crossed", "answered"])
                }
                // The 200 came after the gateway gave up: nothing of it reaches the MSC.
                #expect(bench.trace.isup(cic) == ["→IAM", "←ACM", "←REL 19", "→RLC"])
                #expect(try await bench.busyCircuits().isEmpty)
                #expect(await bench.routing.reports.reasons() == ["no_answer"])
            }
        }
    }

    // MARK: - 3. Two devices answer together

    /// One forking race on `bench`: both INVITEs leave together and both devices answer 250 ms after theirs (a device
    /// that gets the gateway's CANCEL first answers anyway, as if its 200 had crossed it). One ANM; the loser's 200
    /// is ACKed and ended with a BYE at once; the winner's BYE comes after the MSC's REL. Returns the loser's path.
    static func forkingRace(_ bench: Bench, devices: [SIPpDevice], calling: String) async throws -> [String] {
        bench.routing.ports.withLockedValue { $0 = devices.map(\.port) }
        let cic = try await placeForwardedCall(bench.msc, calling: calling)
        #expect(await bench.trace.waitAnswered(cic), "\(bench.trace.isup(cic))")
        let first = try #require(
            await firstToFinish(devices), "no device was BYEd: \(devices.map(\.errors)) \(bench.trace.isup(cic))")
        let (loser, winner) = (devices[first], devices[1 - first])
        // The winner's dialog lives on until the MSC releases.
        #expect(winner.process.isRunning, "both devices were ended before the REL")
        let status = await exitStatus(loser)
        var lost: [String]
        if status != 0, sippAbortedOnCancel(loser) {
            // The CANCEL came as sipp was about to answer (see ``callerReleasesAsDeviceAnswers()``): no 200 went.
            lost = ["sipp gave up on the CANCEL"]
        } else {
            #expect(status == 0, "loser: \(loser.errors) \(loser.output)")
            lost = await ForkDevice.outcome(of: loser)
            #expect(lost.last == "answered", "the loser's 200 was not ACKed and BYEd: \(lost)")
        }
        bench.msc.release(cic: cic, cause: .normalCallClearing)
        #expect(await bench.trace.waitReleased(cic))
        #expect(await exitStatus(winner) == 0, "winner: \(winner.errors) \(winner.output)")
        #expect(await ForkDevice.outcome(of: winner) == ["answered"])
        #expect(bench.trace.isup(cic) == ["→IAM", "←ACM", "←ANM", "→REL 16", "←RLC"])
        #expect(try await bench.busyCircuits().isEmpty)
        return lost
    }

    @Test(
        "RFC 3261 §13.2.2.4 forking race: two devices answer within the same millisecond — one ANM; the loser gets ACK + BYE at once, the winner its BYE after the MSC's REL; no circuit busy",
        .enabled(if: sipp != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(2)))
    func twoDevicesAnswerTogether() async throws {
        try await MachineLoadGate.heavy {
            var losers: [[String]] = []
            for round in 0..<3 {
                // Started before the gateways, so that they listen by the time the INVITEs come.
                let devices = try (0..<2).map { _ in
                    try ForkDevice.start(ForkDevice.answerCrossingCancel(afterMilliseconds: 250))
                }
                defer { Self.reap(devices) }
                try await Self.withBench { bench in
                    losers.append(try await Self.forkingRace(bench, devices: devices, calling: "44770090070\(round)"))
                }
            }
            // `crossed`: the gateway's CANCEL reached the loser before its 200 went.
            print("forking race, the losers' paths: \(losers)")
        }
    }

    @Test(
        "RFC 3261 §8.1.1.7 / §13.2.2.4: a second forking race on the same gateway — the loser still gets its BYE (branches are unique across calls)",
        .enabled(if: sipp != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(2)))
    func secondForkingRaceOnOneGateway() async throws {
        try await MachineLoadGate.heavy {
            let devices = try (0..<4).map { _ in
                try ForkDevice.start(ForkDevice.answerCrossingCancel(afterMilliseconds: 250))
            }
            defer { Self.reap(devices) }
            try await Self.withBench { bench in
                for round in 0..<2 {
                    _ = try await Self.forkingRace(
                        bench, devices: Array(devices[2 * round..<2 * round + 2]), calling: "44770090080\(round)")
                }
            }
        }
    }

    // MARK: - 4. Loops are cut

    /// Places one call that must be cut as a loop: REL cause 25 with no ACM, the routing server never asked for the
    /// devices, and the device (a bare UDP socket) sent nothing.
    static func expectLoopCut(calling: String, counter: UInt8) async throws {
        try await withBench { bench in
            let device = try await UDPPeer.bind(group: bench.group)
            bench.routing.ports.withLockedValue { $0 = [device.port] }
            let cic = try await placeForwardedCall(bench.msc, calling: calling, counter: counter)
            #expect(await bench.trace.waitReleased(cic), "\(bench.trace.isup(cic))")
            #expect(bench.trace.releases(cic) == [.exchangeRoutingError])
            #expect(bench.trace.isup(cic) == ["→IAM", "←REL 25", "→RLC"])
            #expect(bench.routing.routeLookups.withLockedValue { $0 } == 0)
            #expect(bench.routing.notices.withLockedValue { $0 }.map(\.outcome) == ["loop"])
            #expect(try await bench.busyCircuits().isEmpty)
            #expect(device.datagrams.isEmpty, "a device was INVITEd")
            try await device.channel.close()
        }
    }

    @Test(
        "Q.763 §3.45 d): an IAM already redirected 5 times is not forwarded again — REL cause 25 (exchange routing error), no ACM, no device INVITEd",
        .timeLimit(.minutes(1)))
    func redirectionCounterAtLimit() async throws {
        try await MachineLoadGate.heavy {
            try await Self.expectLoopCut(calling: "447700900555", counter: 5)
        }
    }

    @Test(
        "Loop cut: the subscriber's own number calling (forwarded back to Reroute) — REL cause 25, no ACM, no device INVITEd",
        .timeLimit(.minutes(1)))
    func callerIsSubscriber() async throws {
        try await MachineLoadGate.heavy {
            try await Self.expectLoopCut(calling: String(Self.subscriber.dropFirst()), counter: 1)
        }
    }
}
