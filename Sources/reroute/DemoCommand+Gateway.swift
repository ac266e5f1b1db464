import GatewayReplay
import GatewayRuntime
import NIOCore
import NIOPosix
import SignallingCapture
import TelecomTypes

/// The parts of the demo that show Reroute's own SIGTRAN side: its answers to a real MSC capture, and a live M3UA
/// link between two gateways on loopback carrying calls.
extension DemoCommand {
    /// Replays the MSC side of `records` (the capture `name`) against the gateway and prints what it answered.
    static func showReplay(name: String, records: [SignallingRecord], output: inout OutputStream) {
        guard let gateway = ReplayInput.guessGatewayPointCode(in: records) else { return }
        let inputs = ReplayInput.extract(from: records, gateway: gateway)
        guard let peer = inputs.first?.opc else { return }
        let cics = Set(inputs.compactMap { input -> UInt32? in
            guard let low = input.isup.getInteger(at: input.isup.readerIndex, as: UInt8.self),
                let high = input.isup.getInteger(at: input.isup.readerIndex + 1, as: UInt8.self)
            else { return nil }
            return UInt32(high & 0x0F) << 8 | UInt32(low)
        }).sorted().map { CircuitIdentificationCode($0) }
        var session = ReplaySession(
            configuration: .init(gatewayPointCode: gateway, equippedCICs: cics, scenario: .answer(after: .seconds(1))),
            peerPointCode: peer)
        session.enqueue(inputs)
        session.runToEnd()
        let sent = session.statistics.sent.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }
        output.write(line: "")
        output.write(line: "Reroute answering the MSC in \(name) (point code \(gateway), `reroute replay --fast`):")
        output.write(line: "  \(session.statistics.incomingCalls) incoming calls; sent \(sent.joined(separator: " "))")
        guard let first = cics.first else { return }
        output.write(line: "  the first call, CIC \(first):")
        for line in session.log where line.contains(" CIC \(first) ") { output.write(line: "  " + line) }
    }

    /// Two gateways on loopback over M3UA/TCP: the MSC side places `calls` calls, Reroute's side answers them.
    static func showLiveLink(calls: Int, output: inout OutputStream) {
        output.write(line: "")
        output.write(line: "Live M3UA link on loopback (TCP): an MSC (SG) places \(calls) calls, Reroute (ASP) answers:")
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        defer { try? group.syncShutdownGracefully() }
        func configuration(_ role: GatewayConfiguration.Role, port: Int) throws -> GatewayConfiguration {
            try GatewayConfiguration(file: ConfigurationFile(text: """
                [sigtran]
                role = \(role.rawValue)
                transport = tcp
                local-port = \(role == .sg ? port : 0)
                remote-port = \(port)
                routing-context = 1
                [isup]
                point-code = \(role == .sg ? 1 : 2)
                peer-point-code = \(role == .sg ? 2 : 1)
                [calls]
                answer-after = 0
                """, path: "demo"))
        }
        do {
            let mscLoop = group.next()
            let load = CallLoadGenerator(total: calls, parallel: 10, eventLoop: mscLoop)
            let port = 29_900 + Int.random(in: 0..<90)
            let msc = SignallingGateway(
                configuration: try configuration(.sg, port: port), eventLoop: mscLoop, observe: { load.handle($0) })
            load.gateway = msc
            let reroute = SignallingGateway(configuration: try configuration(.asp, port: port), eventLoop: group.next())
            try msc.start().wait()
            try reroute.start().wait()
            mscLoop.scheduleTask(in: .seconds(30)) { load.abandon(reason: "timed out") }
            let figures = try load.finished.wait()
            output.write(line: "  \(figures)")
            try? reroute.stop(grace: .milliseconds(200)).wait()
            try? msc.stop(grace: .milliseconds(200)).wait()
        } catch {
            output.write(line: "  could not run the link: \(error)")
        }
    }
}
