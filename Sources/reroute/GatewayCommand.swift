import ArgumentParser
import Foundation
import GatewayRuntime
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
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let gateway = SignallingGateway(
            configuration: configuration, eventLoop: loop,
            log: { line in Self.logLine(line) })
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
        if let runFor {
            _ = stop.wait(timeout: .now() + runFor)
        } else {
            stop.wait()
        }
        Self.logLine("gateway: stopping: releasing calls and closing the association")
        try? gateway.stop().wait()
        sources.forEach { $0.cancel() }
        try? group.syncShutdownGracefully()
        Self.logLine("gateway: stopped")
    }

    static func logLine(_ line: String) {
        let stamp = ISO8601DateFormatter.string(
            from: Date(), timeZone: .init(identifier: "UTC")!, formatOptions: [.withInternetDateTime, .withFractionalSeconds])
        FileHandle.standardOutput.write(Data("\(stamp) \(line)\n".utf8))
    }
}
