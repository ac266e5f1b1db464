import ArgumentParser
import Foundation
import GatewayRuntime
import Interworking
import MediaBridge
import MediaBridgeService
import MediaTransport
import SIGTRANTransport
import NIOCore
import NIOPosix

/// `reroute gateway --config FILE`: runs the SIGTRAN side for real until SIGTERM or SIGINT.
struct GatewayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gateway",
        abstract: "Run the SIGTRAN side: M3UA link to the MSC/STP and ISUP call control (see conf/gateway.conf)."
    )

    @Option(name: .long, help: "The configuration file.")
    var config: String

    @Option(name: .long, help: "Stop after this many seconds (for tests and demos); default: run until SIGTERM.")
    var runFor: Double?

    func run() throws {
        let text: String
        do {
            text = try String(contentsOfFile: config, encoding: .utf8)
        } catch {
            printError("reroute gateway: \(config): cannot read the file")
            throw ExitCode(2)
        }
        let configuration: GatewayConfiguration
        do {
            configuration = try GatewayConfiguration(file: ConfigurationFile(text: text, path: config))
        } catch {
            printError("reroute gateway: \(error)")
            throw ExitCode(2)
        }
        let routing: GatewayRoutingHost
        do {
            routing = try GatewayRoutingHost.start(configuration.routing, log: { Self.logLine($0) })
        } catch {
            printError("reroute gateway: routing server (\(configuration.routing.mode.rawValue)): \(error)")
            throw ExitCode(1)
        }
        defer { routing.stop() }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let load = configuration.load.map {
            CallLoadGenerator(total: $0.calls, parallel: $0.parallel, hold: $0.hold, eventLoop: loop)
        }
        // With a load to place, per-call lines would drown the figures: only link events are logged.
        let quiet = load != nil
        var sipSide: GatewaySIPSide?
        if configuration.sip.mode == .fork {
            do {
                sipSide = try blocking { try await GatewaySIPSide.start(configuration.sip, eventLoop: loop) }
                Self.logLine("gateway: SIP side on \(configuration.sip.listen):\(sipSide!.port) (UDP)")
            } catch {
                printError("reroute gateway: [sip] cannot listen on \(configuration.sip.listen):\(configuration.sip.port): \(error)")
                try? group.syncShutdownGracefully()
                throw ExitCode(1)
            }
        }
        var media: MediaBridgeService?
        // The media bridge on a thread of its own: a 1 ms pseudowire must keep its cadence beside the signalling.
        let mediaGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? mediaGroup.syncShutdownGracefully() }
        if configuration.media.enabled, sipSide != nil {
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
                if let sipSide { try? blocking { try await sipSide.shutdown() } }
                try? group.syncShutdownGracefully()
                throw ExitCode(1)
            }
        }
        var voicemail: GatewayVoicemail?
        if configuration.sip.control.unanswered == .voicemail {
            guard media != nil, let recorder = routing.voicemail else {
                printError(
                    "reroute gateway: [sip] unanswered = voicemail needs [media] pseudowires and [routing] mode = "
                        + "in-process with voicemail-directory")
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
        let gateway = SignallingGateway(
            configuration: configuration, eventLoop: loop, router: routing.router, forking: sipSide?.forking,
            media: media, voicemail: voicemail,
            log: { line in if !quiet || !line.hasPrefix("CIC ") { Self.logLine(line) } },
            observe: { event in load?.handle(event) })
        load?.gateway = gateway
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
        let stop = DispatchSemaphore(value: 0)
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let sources = [SIGTERM, SIGINT].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            return source
        }
        var failed = false
        if let load {
            load.finished.whenComplete { _ in stop.signal() }
            if let runFor {
                loop.scheduleTask(in: .nanoseconds(Int64(runFor * 1e9))) { load.abandon(reason: "--run-for ran out") }
            }
            stop.wait()
            if let figures = try? load.finished.wait() {
                Self.logLine("load: \(figures)")
                failed = !figures.failures.isEmpty || figures.completed < load.total
                for failure in figures.failures.prefix(5) { Self.logLine("load: \(failure)") }
            }
        } else if let runFor {
            _ = stop.wait(timeout: .now() + runFor)
        } else {
            stop.wait()
        }
        Self.logLine("gateway: stopping: releasing calls and closing the association")
        try? gateway.stop().wait()
        if let sipSide { try? blocking { try await sipSide.shutdown() } }
        if let media { try? blocking { try await media.shutdown() } }
        sources.forEach { $0.cancel() }
        try? group.syncShutdownGracefully()
        Self.logLine("gateway: stopped")
        if failed { throw ExitCode(1) }
    }

    static func logLine(_ line: String) {
        let stamp = ISO8601DateFormatter.string(
            from: Date(), timeZone: .init(identifier: "UTC")!, formatOptions: [.withInternetDateTime, .withFractionalSeconds])
        FileHandle.standardOutput.write(Data("\(stamp) \(line)\n".utf8))
    }
}
