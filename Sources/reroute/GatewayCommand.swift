import SIPEdge
import ArgumentParser
import Foundation
import GatewayRuntime
import RoutingAdapters
import PushNotifier
import RoutingService
import NIOConcurrencyHelpers
import Interworking
import MediaBridge
import MediaBridgeService
import MediaTransport
import SIGTRANTransport
import NIOCore
import NIOPosix

/// `reroute gateway [--config FILE] [--sip HOST:PORT] [--icrs-url URL | --database-url URL --http HOST:PORT ...]`:
/// the SIGTRAN side (M3UA to the MSC/STP, ISUP call control), the SIP side the devices register with and calls are
/// forked through, and — unless `--icrs-url` names a remote one — the routing server in the same process, until
/// SIGTERM or SIGINT. With no configuration at all: SIP on 127.0.0.1:5060, the API on 127.0.0.1:8080, a private
/// PostgreSQL, no SIGTRAN peer (issue 5 item 8).
struct GatewayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Run the gateway: M3UA/ISUP to the MSC, SIP registrar and forking to the apps, and the routing "
            + "server in the same process unless --icrs-url names one (see conf/gateway.conf)."
    )

    @Option(name: .long, help: "The configuration file (conf/gateway.conf); none: loopback defaults, no SIGTRAN peer.")
    var config: String?

    @Option(name: .long, help: "Serve SIP on HOST:PORT, UDP and TCP: the devices' registrar and the forked calls.")
    var sip: String?

    @Option(name: .long, help: "The SIP domain: the registrar's realm and the host of From/To (default: the --sip host); with --icrs-url, the routing server's sip-domain.")
    var sipDomain: String?

    @Option(name: .customLong("sip-trunk"), help: "A soft switch (IP or IP:PORT) whose INVITEs with History-Info/Diversion are forwarded calls; repeatable. Adds to [sip] trunks.")
    var sipTrunks: [String] = []

    @Option(name: .customLong("icrs-url"), help: "A remote routing server (reroute icrs) instead of one in this process.")
    var icrsURL: String?

    /// The in-process routing server's flags (as `reroute icrs` takes them).
    @OptionGroup var server: RoutingServerOptions

    var databaseURL: String? { server.databaseURL }
    var http: String? { server.http }
    var serviceToken: String? { server.serviceToken }
    var smsSink: String? { server.smsSink }

    @Option(name: .long, help: "Stop after this many seconds (for tests and demos); default: run until SIGTERM.")
    var runFor: Double?

    /// What runs: the file's sections with the flags over them.
    struct Plan {
        /// nil: no SIGTRAN peer configured (no file).
        var signalling: GatewayConfiguration?
        var routing: GatewayRoutingSettings
        var sip: GatewaySIPSettings
        var media: GatewayMediaSettings
        var host: GatewayRoutingHost.Options
    }

    func run() throws {
        let plan = try makePlan()
        // Signals from here on stop the gateway cleanly (a private cluster is removed even during start-up).
        let stop = Self.signalSemaphore()
        let routing: GatewayRoutingHost
        do {
            routing = try GatewayRoutingHost.start(plan.routing, options: plan.host, log: { Self.logLine($0) })
        } catch {
            printError("reroute gateway: routing server (\(plan.routing.mode.rawValue)): \(error)")
            throw ExitCode(1)
        }
        defer { routing.stop() }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let load = plan.signalling?.load.map {
            CallLoadGenerator(total: $0.calls, parallel: $0.parallel, hold: $0.hold, eventLoop: loop)
        }
        // With a load to place, per-call lines would drown the figures: only link events are logged.
        let quiet = load != nil
        // Issue 7 item 2: with `[sip] unanswered = voicemail`, a soft switch's unanswered call is answered on an RTP
        // leg of ours and a message taken (no pseudowire needed: the switch's media is RTP already).
        var ingressVoicemail: GatewayVoicemail?
        if plan.sip.mode == .fork, plan.sip.control.unanswered == .voicemail,
            plan.sip.registrar.map({ !$0.trunks.isEmpty }) == true
        {
            guard let recorder = routing.voicemail else {
                printError("reroute gateway: [sip] unanswered = voicemail needs [routing] voicemail-directory")
                throw ExitCode(2)
            }
            do {
                ingressVoicemail = GatewayVoicemail(
                    recorder: recorder, prompts: try VoicemailPrompts.load(directory: plan.media.prompts))
            } catch {
                printError("reroute gateway: [media] prompts: \(error)")
                throw ExitCode(2)
            }
        }
        var sipSide: GatewaySIPSide?
        var ingress: SIPTrunkIngress?
        if plan.sip.mode == .fork {
            do {
                sipSide = try blocking {
                    if let access = plan.sip.registrar, let adapter = routing.sip {
                        // Push wake-up: the push gateway, and the routing server's devices with a push token.
                        let push = access.pushURL.map {
                            HTTPPushGateway(configuration: .init(url: $0, token: access.pushToken))
                        }
                        if push != nil, routing.pushTargets == nil {
                            Self.logLine("gateway: push wake-up needs the routing server in this process; off")
                        }
                        return try await GatewaySIPSide.startEdge(
                            plan.sip, credentials: adapter, recorder: adapter,
                            pushGateway: routing.pushTargets == nil ? nil : push, pushTargets: routing.pushTargets,
                            eventLoop: loop)
                    }
                    return try await GatewaySIPSide.start(plan.sip, eventLoop: loop)
                }
                Self.logLine("gateway: SIP on \(sipSide!.listening)"
                    + (sipSide!.edge != nil ? " (registrar and calls, domain \(plan.sip.domain))" : " (calls)"))
                if let edge = sipSide?.edge, let router = routing.router, let trunks = plan.sip.registrar?.trunks,
                    !trunks.isEmpty
                {
                    let trunkIngress = SIPTrunkIngress(
                        edge: edge, router: router, domain: plan.sip.domain, control: plan.sip.control,
                        voicemail: ingressVoicemail,
                        media: IngressMediaSettings(
                            host: plan.sip.mediaAddress,
                            ports: RTPPortRange(
                                lower: UInt16(plan.sip.rtpPorts.lowerBound), upper: UInt16(plan.sip.rtpPorts.upperBound))),
                        log: { Self.logLine($0) })
                    try blocking { try await edge.setIngress(trunkIngress) }
                    ingress = trunkIngress
                    Self.logLine(
                        "gateway: calls from soft switches \(trunks.joined(separator: ", ")) (SIP ingress"
                            + (ingressVoicemail != nil ? ", voicemail for unanswered calls)" : ")"))
                }
            } catch {
                printError("reroute gateway: [sip] cannot listen on \(plan.sip.listen):\(plan.sip.port): \(error)")
                try? group.syncShutdownGracefully()
                throw ExitCode(1)
            }
        }
        // The alert outbox: MESSAGEs through the SIP edge when the devices register here.
        routing.startAlerts(
            sipMessages: sipSide?.edge.map { EdgeSIPMessageSender(edge: $0, domain: plan.sip.domain) }
                ?? UnavailableSIPMessageSender())
        guard var signalling = plan.signalling else {
            Self.logLine("gateway: no SIGTRAN peer configured (--config names one): SIP and the routing server only")
            waitForStop(stop)
            Self.logLine("gateway: stopping")
            if let sipSide {
                if let ingress { try? blocking { await ingress.shutdown() } }
                try? blocking { try await sipSide.shutdown() }
            }
            try? group.syncShutdownGracefully()
            Self.logLine("gateway: stopped")
            return
        }
        signalling.routing = plan.routing
        signalling.sip = plan.sip
        signalling.media = plan.media
        let configuration = signalling
        var media: MediaBridgeService?
        // The media bridge on a thread of its own: a 1 ms pseudowire must keep its cadence beside the signalling.
        let mediaGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? mediaGroup.syncShutdownGracefully() }
        if plan.media.enabled, sipSide != nil {
            do {
                media = try blocking {
                    try await MediaBridgeService.start(
                        configuration: .init(
                            pseudowires: configuration.media.pseudowires, rtpHost: configuration.sip.mediaAddress,
                            rtpPorts: RTPPortRange(
                                lower: UInt16(configuration.sip.rtpPorts.lowerBound),
                                upper: UInt16(configuration.sip.rtpPorts.upperBound)),
                            bridge: .init(echoTail: configuration.media.echoTail)),
                        group: mediaGroup)
                }
                let wires = configuration.media.pseudowires.map { "\($0.name) \($0.localHost):\($0.localPort)" }
                Self.logLine("gateway: media bridge on \(wires.joined(separator: ", ")), RTP on \(configuration.sip.mediaAddress)")
            } catch {
                printError("reroute gateway: [media] cannot start the media bridge: \(error)")
                if let sipSide {
                if let ingress { try? blocking { await ingress.shutdown() } }
                try? blocking { try await sipSide.shutdown() }
            }
                try? group.syncShutdownGracefully()
                throw ExitCode(1)
            }
        }
        var voicemail: GatewayVoicemail?
        if configuration.sip.control.unanswered == .voicemail {
            guard media != nil, let recorder = routing.voicemail else {
                printError(
                    "reroute gateway: [sip] unanswered = voicemail needs [media] pseudowires and [routing] "
                        + "voicemail-directory")
                try? group.syncShutdownGracefully()
                throw ExitCode(2)
            }
            do {
                voicemail = GatewayVoicemail(
                    recorder: recorder, prompts: try VoicemailPrompts.load(directory: configuration.media.prompts))
            } catch {
                printError("reroute gateway: [media] prompts: \(error)")
                try? group.syncShutdownGracefully()
                throw ExitCode(2)
            }
        }
        // The validation call's prompts (issue 7 item 3): with a media bridge, the routing server's OBD requests are
        // placed by this gateway.
        var validationPrompts: ValidationCallPrompts?
        if media != nil {
            do {
                validationPrompts = try ValidationCallPrompts.load(directory: plan.media.prompts)
            } catch {
                Self.logLine("gateway: validation calls off: \(error)")
            }
        }
        let gateway = SignallingGateway(
            configuration: configuration, eventLoop: loop, router: routing.router, forking: sipSide?.forking,
            media: media, voicemail: voicemail, validationPrompts: validationPrompts,
            log: { line in if !quiet || !line.hasPrefix("CIC ") { Self.logLine(line) } },
            observe: { event in load?.handle(event) })
        load?.gateway = gateway
        if validationPrompts != nil {
            routing.outboundCalls.target.withLockedValue {
                $0 = { request in
                    Self.logLine("gateway: validation call to \(request.number) requested")
                    _ = gateway.placeValidationCall(to: request.number, code: request.code)
                }
            }
            routing.pollOutboundCalls(log: { Self.logLine($0) }) { number, code in
                (try? await gateway.placeValidationCall(to: number, code: code).get()) != nil
            }
        }
        Self.logLine("gateway: \(configuration.role) over \(configuration.transport.rawValue), point code "
            + "\(configuration.pointCode) ↔ \(configuration.peerPointCode), \(configuration.circuits.count) circuits")
        do {
            try gateway.start().wait()
        } catch {
            if configuration.role == .sg {
                printError("reroute gateway: cannot listen: \(error)")
                try? group.syncShutdownGracefully()
                throw ExitCode(1)
            }
            // ASP: the gateway keeps retrying in the background.
        }
        var failed = false
        if let load {
            load.finished.whenComplete { _ in stop.semaphore.signal() }
            if let runFor {
                loop.scheduleTask(in: .nanoseconds(Int64(runFor * 1e9))) { load.abandon(reason: "--run-for ran out") }
            }
            stop.semaphore.wait()
            if let figures = try? load.finished.wait() {
                Self.logLine("load: \(figures)")
                failed = !figures.failures.isEmpty || figures.completed < load.total
                for failure in figures.failures.prefix(5) { Self.logLine("load: \(failure)") }
            }
        } else {
            waitForStop(stop)
        }
        Self.logLine("gateway: stopping: releasing calls and closing the association")
        try? gateway.stop().wait()
        if let sipSide {
                if let ingress { try? blocking { await ingress.shutdown() } }
                try? blocking { try await sipSide.shutdown() }
            }
        if let media { try? blocking { try await media.shutdown() } }
        try? group.syncShutdownGracefully()
        Self.logLine("gateway: stopped")
        if failed { throw ExitCode(1) }
    }

    /// Until SIGTERM, SIGINT or `--run-for`.
    func waitForStop(_ stop: StopSignal) {
        if let runFor {
            _ = stop.semaphore.wait(timeout: .now() + runFor)
        } else {
            stop.semaphore.wait()
        }
    }

    /// A semaphore signalled on SIGTERM or SIGINT (while `StopSignal` lives).
    static func signalSemaphore() -> StopSignal { StopSignal() }

    static func logLine(_ line: String) {
        let stamp = ISO8601DateFormatter.string(
            from: Date(), timeZone: .init(identifier: "UTC")!, formatOptions: [.withInternetDateTime, .withFractionalSeconds])
        FileHandle.standardOutput.write(Data("\(stamp) \(line)\n".utf8))
    }
}

/// SIGTERM and SIGINT turned into a semaphore signal (the default actions are ignored while it lives).
final class StopSignal: @unchecked Sendable {
    let semaphore = DispatchSemaphore(value: 0)
    private var sources: [any DispatchSourceSignal] = []

    init() {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let semaphore = self.semaphore
        sources = [SIGTERM, SIGINT].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { semaphore.signal() }
            source.resume()
            return source
        }
    }

    deinit { sources.forEach { $0.cancel() } }
}
