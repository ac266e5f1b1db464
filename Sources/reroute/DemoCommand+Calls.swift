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

/// The forwarded-call story of the demo (issue 7 item 5), all in this process on loopback: a routing service on a
/// private PostgreSQL, Reroute's registrar and SIP call side, Reroute's gateway (ASP) and an MSC (SG) over M3UA on
/// SCTP over UDP (RFC 6951), and two devices played by sipp that register with the SIP credentials their logins
/// returned. Each call is checked against what it must do; the ladder of each (ISUP and SIP on one time line) is
/// printed and written to the output folder.
extension DemoCommand {
    static let storyNumbers = (primary: "+447700900123", second: "+447700900124")
    static let storyCNumber = "+447700900500"
    static let storyValidationNumber = "+447700900998"
    static let storyCaller = "+442079460000"
    static let storyDomain = "reroute.demo"

    /// What one call of the story must do, and what it did.
    struct StoryCall {
        var title: String
        var expected: String
        var observed: String = ""
        var ok = false
        var ladder: [(Date, String)] = []
        var notes: [String] = []
        /// The SIP messages between Reroute and the devices (for the pcap).
        var sip: [DemoCapture.SIPRecord] = []
    }

    /// Runs the story; prints each call's ladder and the summary; true when every call behaved as expected.
    static func showCalls(out: URL, output: inout OutputStream) -> Bool {
        output.write(line: "")
        output.write(line: "Forwarded calls, end to end on loopback: MSC ⇄ M3UA/SCTP-over-UDP ⇄ Reroute ⇄ SIP ⇄ devices (sipp)")
        output.flush()
        let calls: [StoryCall]
        do {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            calls = try blocking { try await callStory(out: out) }
        } catch {
            output.write(line: "  the call story could not run: \(error)")
            return false
        }
        let start = calls.flatMap(\.ladder).map(\.0).min() ?? Date()
        for (index, call) in calls.enumerated() {
            output.write(line: "")
            output.write(line: "Call \(index + 1): \(call.title)")
            var text = "Call \(index + 1): \(call.title)\n"
            for (time, line) in call.ladder.sorted(by: { $0.0 < $1.0 }) {
                let row = String(format: "  %8.3f s  ", time.timeIntervalSince(start)) + line
                output.write(line: row)
                text += row + "\n"
            }
            for note in call.notes { output.write(line: "  note: " + note) }
            try? text.write(to: out.appendingPathComponent("call-\(index + 1).txt"), atomically: true, encoding: .utf8)
        }
        output.write(line: "")
        output.write(line: "Summary (ladders in \(out.path)/call-N.txt):")
        for (index, call) in calls.enumerated() {
            output.write(line: "  \(call.ok ? "ok    " : "FAILED") \(index + 1). \(call.title): expected \(call.expected); "
                + "saw \(call.observed)")
        }
        return calls.allSatisfy(\.ok)
    }

    private static func callStory(out: URL) async throws -> [StoryCall] {
        let cluster = try PrivatePostgresCluster.start()
        defer { cluster.stop() }
        var logger = Logger(label: "reroute.demo")
        logger.logLevel = .critical
        let client = PostgresClient(
            configuration: try DatabaseURL(cluster.url()).configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: [StoryCall].self) { group in
            group.addTask {
                await client.run()
                return []
            }
            defer { group.cancelAll() }
            let database = RoutingDatabase(client: client, logger: logger)
            try await database.migrate()
            let sms = InMemorySMSSink()
            var configuration = RoutingConfiguration(
                dialingPlan: DialingPlan(countryCode: "44"),
                missedCallNumber: try E164Number(parsing: storyValidationNumber))
            configuration.sipDomain = storyDomain
            // The routing server's voicemail store: its crash-safe spool in DIR/voicemail-store.
            let voicemails = try VoicemailDirectory(root: out.appendingPathComponent("voicemail-store").path)
            let service = RoutingService(
                database: database, configuration: configuration, sms: sms, calls: InMemoryOutboundCallSink(),
                provisioning: NoProvisioningPlatform(), voicemails: voicemails)
            let story = try CallStory(service: service, sms: sms, out: out)
            defer { story.devices.forEach { $0.stop() } }
            return try await story.run()
        }
    }
}

/// The moving parts of the story and the calls, in order.
final class CallStory: @unchecked Sendable {
    let service: RoutingService
    let sms: InMemorySMSSink
    let out: URL
    var devices: [DemoDevice] = []
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
    /// The media bridge's thread and the CE's: a 1 ms pseudowire keeps its cadence beside the signalling.
    let mediaGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let ceGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    /// Reroute's gateway log, with times (the ISUP half of the ladders).
    let gatewayLog = NIOLockedValueBox<[(Date, String)]>([])
    /// What the MSC saw, per CIC.
    let mscEvents = NIOLockedValueBox<[(Date, GatewayEvent)]>([])
    /// Every M3UA message Reroute's gateway sent or received (for the per-call pcaps).
    let wire = NIOLockedValueBox<[SignallingWireRecord]>([])
    var capture = DemoCapture(reroutePort: 0, mscPort: 0, udpEncapsulationPort: 0, sipPort: 0)
    /// Every datagram of the media bridge (pseudowire and RTP), for the per-call pcaps.
    let mediaWire = NIOLockedValueBox<[MediaWireRecord]>([])
    /// The E1's CE: a 1 kHz tone on every timeslot towards Reroute's pseudowire, and what comes back.
    var ce: PseudowireToneCE?
    var media: MediaBridgeService?
    /// Sees the voicemail deposits on their way to the routing server (for DIR/call-N.wav).
    lazy var voicemailTap = VoicemailTap(RoutingServiceVoicemail(service: service))
    /// Reroute's end of the E1 pseudowire (the CE is the next port).
    let pseudowirePort = 27_000 + Int.random(in: 0..<500) * 2
    static let timeslots = Array(1...15) + Array(17...31)

    init(service: RoutingService, sms: InMemorySMSSink, out: URL) throws {
        self.service = service
        self.sms = sms
        self.out = out
    }

    func run() async throws -> [DemoCommand.StoryCall] {
        let numbers = DemoCommand.storyNumbers
        _ = try await service.createAccount(number: numbers.primary, password: "demo password", source: "demo")
        let validation = try await service.startValidation(number: numbers.primary, method: .missedCall, source: "demo")
        let loop = group.next()
        // The registrar: digest against the logins' SIP credentials, every change written to the routing server.
        let adapter = RoutingServiceSIPAdapter(service: service)
        let registrarPort = 15_060 + Int.random(in: 0..<400) * 2
        let registrar = try await SIPRegistrarService.start(
            configuration: SIPRegistrarConfiguration(
                realm: DemoCommand.storyDomain, algorithms: [.md5], minimumExpires: 0,
                keepalive: .init(lossDetection: .seconds(40))),
            transport: SIPTransportConfiguration(host: "127.0.0.1", udpPort: registrarPort, tcpPort: nil),
            secret: (0..<32).map { _ in UInt8.random(in: 0...255) }, seed: UInt64.random(in: 0...UInt64.max),
            credentials: adapter, recorder: adapter, eventLoop: loop, logger: Self.quietLogger("reroute.sip.registrar"))
        var sip = GatewaySIPSettings.disabled
        sip.mode = .fork
        sip.port = 0
        sip.domain = DemoCommand.storyDomain
        sip.ringTimeout = .seconds(5)
        // Nobody answers → voicemail (issue 7 item 2).
        sip.control = ForwardedCallControl.Configuration(earlyAddressComplete: .seconds(15), unanswered: .voicemail)
        let sipSide = try await GatewaySIPSide.start(sip, eventLoop: loop)
        // The E1 between the MSC and Reroute as a CESoPSN pseudowire (RFC 5086, 1 ms packets) on loopback: the
        // MSC's side is a CE sending a 1 kHz tone (−12 dBm0) on every timeslot; Reroute's media bridge joins the
        // forwarded call's timeslot to the answering device's RTP.
        let pwPort = pseudowirePort
        let rtpBase = UInt16(31_000 + Int.random(in: 0..<100) * 16)
        let media = try await MediaBridgeService.start(
            configuration: .init(
                pseudowires: [
                    PseudowireConfiguration(
                        name: "e1", localPort: pwPort, remotePort: pwPort + 1, timeslots: Self.timeslots)
                ],
                rtpPorts: RTPPortRange(lower: rtpBase, upper: rtpBase + 15),
                // The phone loops the caller's audio back (a loopback test of the path), so the line echo
                // canceller is off, as a G.164 disabler turns it off on test calls: a canceller facing its own
                // signal returned ~100 ms later is not what G.168 designs for (the bridge tests cover it).
                bridge: .init(echoTail: nil),
                wireTap: { [mediaWire] record in mediaWire.withLockedValue { $0.append(record) } }),
            group: mediaGroup)
        self.media = media
        ce = try await PseudowireToneCE.start(
            group: ceGroup, port: pwPort + 1, remote: try SocketAddress(ipAddress: "127.0.0.1", port: pwPort),
            timeslots: Self.timeslots, signal: DemoMedia.tone, duration: .seconds(120))
        let port = 29_700 + Int.random(in: 0..<90)
        let udpPort = 29_600 + Int.random(in: 0..<90)
        let msc = SignallingGateway(
            configuration: try Self.configuration(.sg, port: port, udpPort: udpPort, sip: .disabled),
            eventLoop: group.next(), observe: { [mscEvents] event in mscEvents.withLockedValue { $0.append((Date(), event)) } })
        let plan = InterworkingPlan(
            defaultCountryCode: "44",
            cNumbers: [.init(number: try E164Number(parsing: DemoCommand.storyCNumber), countryCode: "44")],
            validationNumber: try E164Number(parsing: DemoCommand.storyValidationNumber))
        let gateway = SignallingGateway(
            configuration: try Self.configuration(.asp, port: port, udpPort: udpPort, sip: sip), eventLoop: loop,
            router: IncomingCallRouter(routing: InProcessCallRouting(service: service), plan: plan, timeout: .seconds(5)),
            forking: sipSide.forking, media: media,
            voicemail: GatewayVoicemail(
                recorder: voicemailTap, prompts: DemoMedia.prompts(),
                configuration: VoicemailConfiguration(
                    maximumLength: .seconds(30), silenceTimeout: .seconds(2), noInputTimeout: .seconds(5))),
            wireTap: { [wire] record in wire.withLockedValue { $0.append(record) } },
            log: { [gatewayLog] line in gatewayLog.withLockedValue { $0.append((Date(), line)) } })
        capture = DemoCapture(
            reroutePort: UInt16(port + 1), mscPort: UInt16(port), udpEncapsulationPort: UInt16(udpPort),
            sipPort: UInt16(sipSide.port))
        var calls: [DemoCommand.StoryCall] = []
        do {
            try await msc.start().get()
            try await gateway.start().get()
            try await waitForLink()
            calls.append(captured(try await missedCallValidation(msc, validation: validation.id.description), 1))
            try await addSecondNumberAndDevices(registrarPort: registrarPort)
            calls.append(captured(try await answeredCall(msc), 2))
            calls.append(captured(try await unansweredCall(msc), 3))
            try await goOffline(registrarPort: registrarPort)
            calls.append(captured(try await noDeviceCall(msc, registrarPort: registrarPort), 4))
        } catch {
            await stop(gateway, msc, registrar, sipSide)
            throw error
        }
        await stop(gateway, msc, registrar, sipSide)
        return calls
    }

    static func quietLogger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .warning
        return logger
    }

    private func stop(
        _ gateway: SignallingGateway, _ msc: SignallingGateway, _ registrar: SIPRegistrarService,
        _ sipSide: GatewaySIPSide
    ) async {
        try? await gateway.stop(grace: .milliseconds(300)).get()
        try? await msc.stop(grace: .milliseconds(300)).get()
        try? await registrar.shutdown()
        try? await sipSide.shutdown()
        await ce?.stop()
        try? await media?.shutdown()
        try? await group.shutdownGracefully()
        try? await mediaGroup.shutdownGracefully()
        try? await ceGroup.shutdownGracefully()
    }

    /// Both ends reset their circuits at link-up (Q.764 §2.9.3.2); calls wait for the link.
    private func waitForLink() async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if mscEvents.withLockedValue({ $0.contains { $0.1 == .linkUp } }) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DemoDevice.Failure(description: "the M3UA link to the MSC did not come up within 20 s")
    }

    /// Both devices unregister (Expires: 0); the registrar writes each change to the routing server in the
    /// background, so the story waits (bounded) until the routing server no longer offers a device.
    private func goOffline(registrarPort: Int) async throws {
        for device in devices {
            var status: Int32 = -1
            for _ in 0..<3 where status != 0 {
                status = try await device.register(registrar: registrarPort, domain: DemoCommand.storyDomain, expires: 0)
            }
            guard status == 0 else {
                throw DemoDevice.Failure(description: "\(device.name) could not unregister: \(device.errors("unregister"))")
            }
        }
        let offline = try await waitFor(within: 10) { [service] in
            let lookup = try? await service.routeLookup(number: DemoCommand.storyNumbers.primary)
            if case .unavailable = lookup { return true }
            return false
        }
        guard offline else {
            throw DemoDevice.Failure(description: "the routing server still offers a device 10 s after both unregistered")
        }
    }

    /// Logs in two devices, registers them (sipp, digest), and links and validates the second number (SMS code).
    private func addSecondNumberAndDevices(registrarPort: Int) async throws {
        let numbers = DemoCommand.storyNumbers
        var tokens: [String] = []
        for (index, name) in ["phone", "tablet"].enumerated() {
            let login = try await service.login(
                number: numbers.primary, password: "demo password",
                device: DeviceRegistration(id: "demo-\(name)", name: name.capitalized, vendor: "Demo", os: "sipp"),
                source: "demo")
            tokens.append(login.token)
            let device = try DemoDevice(
                name: name, username: login.sip.username, password: login.sip.password,
                callPort: 25_000 + Int.random(in: 0..<1000) * 4 + index * 2, directory: out.appendingPathComponent("devices"))
            let status = try await device.register(
                registrar: registrarPort, domain: DemoCommand.storyDomain, expires: 300)
            guard status == 0 else {
                throw DemoDevice.Failure(description: "\(name) could not register: \(device.errors("register"))")
            }
            devices.append(device)
        }
        _ = try await service.linkNumber(token: tokens[0], number: numbers.second)
        let started = try await service.startValidation(
            number: numbers.second, method: .smsCode, source: "demo", token: tokens[0])
        let text = await sms.messages.last?.text ?? ""
        let code = String(text.split(whereSeparator: { !$0.isNumber }).first { $0.count == 6 } ?? "")
        _ = try await service.confirmValidation(id: started.id.description, code: code, source: "demo")
        // The registrar writes registrations to the routing server in the background: wait (bounded) until it
        // offers both devices.
        let online = try await waitFor(within: 10) { [service] in
            let lookup = try? await service.routeLookup(number: numbers.primary)
            if case .available(_, let contacts) = lookup { return contacts.count == 2 }
            return false
        }
        guard online else { throw DemoDevice.Failure(description: "the routing server did not see both devices online") }
    }

    // MARK: - Helpers

    /// Writes `call-N.pcap`: the M3UA messages from the call's first to its last ladder line, and its SIP.
    func captured(_ call: DemoCommand.StoryCall, _ number: Int) -> DemoCommand.StoryCall {
        var call = call
        guard let first = call.ladder.map(\.0).min(), let last = call.ladder.map(\.0).max() else { return call }
        let m3ua = wire.withLockedValue { records in
            records.filter { $0.time >= first.addingTimeInterval(-0.05) && $0.time <= last.addingTimeInterval(0.05) }
        }
        let file = out.appendingPathComponent("call-\(number).pcap")
        let media = mediaWire.withLockedValue { records in
            records.filter { $0.time >= first.addingTimeInterval(-0.05) && $0.time <= last.addingTimeInterval(0.05) }
        }
        let rtp = media.filter { $0.local.port != pseudowirePort }.count
        do {
            try capture.write(m3ua: m3ua, sip: call.sip, media: media, to: file)
            call.notes.append(
                "\(file.lastPathComponent): \(m3ua.count) M3UA and \(call.sip.count) SIP messages, "
                    + "\(media.count - rtp) CESoPSN and \(rtp) RTP/RTCP packets (tshark -r \(file.lastPathComponent) "
                    + "-d udp.port==\(capture.udpEncapsulationPort),sctp -d udp.port==\(pseudowirePort),pwcesopsn)")
        } catch {
            call.notes.append("could not write \(file.path): \(error)")
        }
        return call
    }

    func place(_ msc: SignallingGateway, calling: String, called: String, originalCalled: String?)
        async throws -> (CircuitIdentificationCode, Date)
    {
        func number(_ e164: String) -> ISUPNumber {
            ISUPNumber(signals: AddressSignals(String(e164.dropFirst()))!, natureOfAddress: .internationalNumber)
        }
        var additional: [ISUPParameter] = []
        if let originalCalled {
            additional.append(ISUPParameter(code: .originalCalledNumber, number(originalCalled)))
            additional.append(ISUPParameter(
                code: .redirectionInformation,
                ISUPRedirectionInformation(
                    redirectingIndicator: ISUPRedirectionInformation.callDiverted,
                    originalRedirectionReason: .mobileSubscriberNotReachable, redirectionCounter: 1,
                    redirectingReason: .mobileSubscriberNotReachable)))
        }
        let from = Date()
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let cic = try await msc.placeCall(
                called: number(called), calling: number(calling), additional: additional
            ).get() {
                return (cic, from)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DemoDevice.Failure(description: "no free circuit at the MSC within 20 s")
    }

    func released(_ cic: CircuitIdentificationCode, within seconds: Double = 15) async throws -> Q850Cause? {
        var cause: Q850Cause?
        _ = try await waitFor(within: seconds) {
            cause = self.mscEvents.withLockedValue { events in
                events.last { if case .callReleased(cic, _) = $0.1 { true } else { false } }.flatMap {
                    if case .callReleased(_, let cause) = $0.1 { cause } else { nil }
                }
            }
            return cause != nil
        }
        // The next call on this CIC must not see this one's events.
        mscEvents.withLockedValue { events in events.removeAll { Self.cic(of: $0.1) == cic } }
        return cause
    }

    func waitFor(within seconds: Double, _ condition: @escaping () async -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return await condition()
    }

    func sawEvent(_ cic: CircuitIdentificationCode, since: Date, _ match: (ISUPCallEvent) -> Bool) -> Bool {
        mscEvents.withLockedValue { events in
            events.contains { time, event in
                guard time >= since, case .callProgress(cic, let progress) = event else { return false }
                return match(progress)
            }
        }
    }

    func sawAddressComplete(_ cic: CircuitIdentificationCode, since: Date) -> Bool {
        gatewayLog.withLockedValue { $0.contains { $0.0 >= since && $0.1 == "CIC \(cic) → ACM" } }
    }

    func sawProgress(_ cic: CircuitIdentificationCode, since: Date) -> Bool {
        gatewayLog.withLockedValue {
            $0.contains { $0.0 >= since && ($0.1 == "CIC \(cic) → ACM" || $0.1 == "CIC \(cic) → ANM") }
        }
    }

    /// Reroute's log lines of this call (ISUP messages both ways, the routing decision, the fork's events).
    func ladder(_ cic: CircuitIdentificationCode, since: Date) -> [(Date, String)] {
        gatewayLog.withLockedValue { lines in
            lines.filter { $0.0 >= since && $0.1.hasPrefix("CIC \(cic) ") }.map { time, line in
                let text = String(line.dropFirst("CIC \(cic) ".count))
                if text.hasPrefix("← ") { return (time, "MSC → Reroute   ISUP \(text.dropFirst(2))  (CIC \(cic))") }
                if text.hasPrefix("→ ") { return (time, "Reroute → MSC   ISUP \(text.dropFirst(2))  (CIC \(cic))") }
                return (time, "                \(text)")
            }
        }
    }

    /// The device's SIP messages as ladder lines; they also go into the call's pcap.
    func sip(_ uas: DemoDevice.RunningUAS, _ name: String, port: Int, into call: inout DemoCommand.StoryCall)
        -> [(Date, String)]
    {
        let messages = uas.messages
        call.sip += messages.map {
            DemoCapture.SIPRecord(time: $0.time, toDevice: $0.toDevice, devicePort: UInt16(port), message: $0.bytes)
        }
        return messages.map { message in
            let (time, direction) = (message.time, message.toDevice ? "→ device" : "← device")
            // "INVITE sip:… SIP/2.0" → "INVITE sip:…"; "SIP/2.0 180 Ringing" → "180 Ringing".
            var line = message.firstLine
            if line.hasPrefix("SIP/2.0 ") { line.removeFirst("SIP/2.0 ".count) }
            if line.hasSuffix(" SIP/2.0") { line.removeLast(" SIP/2.0".count) }
            return (time, direction == "→ device" ? "Reroute → \(name)  SIP \(line)" : "\(name) → Reroute  SIP \(line)")
        }
    }

    private static func cic(of event: GatewayEvent) -> CircuitIdentificationCode? {
        switch event {
        case .incomingCall(let cic), .callProgress(let cic, _), .callReleased(let cic, _): cic
        case .linkUp, .linkDown: nil
        }
    }

    static func configuration(
        _ role: GatewayConfiguration.Role, port: Int, udpPort: Int, sip: GatewaySIPSettings
    ) throws -> GatewayConfiguration {
        var configuration = try GatewayConfiguration(file: ConfigurationFile(text: """
            [sigtran]
            role = \(role.rawValue)
            transport = sctp-udp
            local-addresses = 127.0.0.1
            local-port = \(role == .sg ? port : port + 1)
            remote-addresses = 127.0.0.1
            remote-port = \(port)
            udp-port = \(udpPort)
            remote-udp-port = \(udpPort)
            routing-context = 1
            [isup]
            point-code = \(role == .sg ? 1 : 2)
            peer-point-code = \(role == .sg ? 2 : 1)
            circuits = 1-15,17-31
            """, path: "demo"))
        configuration.sip = sip
        return configuration
    }
}
