import ArgumentParser
import Foundation
import GatewayReplay
import NIOCore
import PCAPWire
import SignallingCapture
import TelecomTypes

/// `reroute replay IN.pcap --out OUT.pcap`: the gateway's ISUP side answers a capture of MSC traffic; what it
/// sends is written as M3UA in SCTP/IP to a new capture.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Drive the gateway's ISUP side from a capture of MSC traffic and write what it sends back.",
        discussion: """
            Takes every M3UA DATA message whose DPC is the gateway's point code (the link is taken as active; ASP \
            management and the other direction are ignored), feeds it to the Q.764 call control at the capture's \
            timing, and writes every message the gateway sends (OPC = gateway, DPC = peer) as M3UA DATA in \
            SCTP/IPv4 to OUT. Until the routing server is wired in, --scenario decides each call.
            """
    )

    @Argument(help: "The capture of MSC traffic (pcap or pcapng).")
    var input: String

    @Option(name: .long, help: "Where to write what the gateway sends (pcap).")
    var out: String

    @Option(name: .long, help: "The gateway's point code (decimal or zone-area-point 3-8-3); default: the DPC of the first IAM.")
    var pointCode: String?

    @Option(name: .long, help: "Equipped circuits, e.g. 1-31,33-63; default: every CIC the capture uses towards the gateway.")
    var cics: String?

    @Flag(name: .long, help: "Run on a virtual clock as fast as possible instead of in real time.")
    var fast = false

    @Option(name: .long, help: "answer | no-answer | reject:CAUSE")
    var scenario: String = "answer"

    @Option(name: .long, help: "Seconds from ACM to ANM in the answer scenario.")
    var answerAfter: Double = 1

    @Option(name: .long, help: "Seconds of ringing before release in the no-answer scenario (cause 19).")
    var ringTimeout: Double = 25

    @Flag(name: .long, help: "Print no per-event lines, only the summary.")
    var quiet = false

    func validate() throws {
        guard answerAfter >= 0, answerAfter < 3600 else { throw ValidationError("--answer-after must be 0 to 3600 seconds") }
        guard ringTimeout > 0, ringTimeout < 3600 else { throw ValidationError("--ring-timeout must be 0 to 3600 seconds") }
        guard parsedScenario != nil else {
            throw ValidationError("--scenario \(scenario): use answer, no-answer or reject:CAUSE with CAUSE 1-127")
        }
        if let pointCode, Self.parsePointCode(pointCode) == nil {
            throw ValidationError("--point-code \(pointCode): use a number below 16384 or the 3-8-3 form, e.g. 1-023-4")
        }
        if let cics, Self.parseCICs(cics) == nil {
            throw ValidationError("--cics \(cics): use ranges like 1-31,33-63 with CICs below 4096")
        }
    }

    var parsedScenario: ReplayScenario? {
        ReplayScenario(
            scenario, answerAfter: .nanoseconds(Int64(answerAfter * 1e9)),
            ringTimeout: .nanoseconds(Int64(ringTimeout * 1e9)))
    }

    func run() throws {
        var source = try CaptureSource(path: input)
        var records: [SignallingRecord] = []
        try source.forEachRecord { records.append($0) }
        guard let gateway = pointCode.flatMap(Self.parsePointCode) ?? ReplayInput.guessGatewayPointCode(in: records)
        else {
            printError("reroute replay: \(input): no IAM in the capture, so no gateway point code; give --point-code")
            throw ExitCode(2)
        }
        let inputs = ReplayInput.extract(from: records, gateway: gateway)
        guard let peer = inputs.first?.opc else {
            printError("reroute replay: \(input): no ISUP message towards point code \(gateway)")
            throw ExitCode(2)
        }
        let equipped = cics.flatMap(Self.parseCICs) ?? Self.cicsUsed(by: inputs)
        var session = ReplaySession(
            configuration: .init(
                gatewayPointCode: gateway, equippedCICs: equipped, scenario: parsedScenario ?? .answer(after: .seconds(1))),
            peerPointCode: peer)
        session.enqueue(inputs)
        var output = OutputStream()
        let start = ContinuousClock.now
        let firstTime = inputs.first?.time ?? 0
        var printed = 0
        while let next = session.nextEventTime {
            if !fast {
                let due = start + .nanoseconds(next - firstTime)
                if due > .now {
                    output.flush()
                    Thread.sleep(forTimeInterval: Double((due - .now).components.attoseconds) / 1e18
                        + Double((due - .now).components.seconds))
                }
            }
            session.step()
            if !quiet {
                for line in session.log[printed...] { output.write(line: line) }
            }
            printed = session.log.count
        }
        var writer = PCAPWriter(linkType: .ethernet, resolution: .nanoseconds, byteOrder: .little)
        for frame in session.output { writer.append(frame) }
        do {
            try Data(writer.bytes.readableBytesView).write(to: URL(fileURLWithPath: out))
        } catch {
            printError("reroute replay: \(out): cannot write the capture: \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let stats = session.statistics
        func list(_ counts: [String: Int]) -> String {
            counts.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: " ")
        }
        output.write(line: "replay: gateway \(gateway), peer \(peer), \(equipped.count) circuits, \(stats.incomingCalls) calls")
        output.write(line: "replay: received \(list(stats.received))")
        output.write(line: "replay: sent \(list(stats.sent)) → \(out) (\(session.output.count) frames)")
        output.flush()
    }

    static func parsePointCode(_ text: String) -> PointCode? {
        let parts = text.split(separator: "-")
        if parts.count == 3, let zone = UInt32(parts[0]), let area = UInt32(parts[1]), let point = UInt32(parts[2]),
            zone < 8, area < 256, point < 8
        {
            return PointCode(zone << 11 | area << 3 | point)
        }
        guard parts.count == 1, let value = UInt32(text), value < 1 << 14 else { return nil }
        return PointCode(value)
    }

    static func parseCICs(_ text: String) -> [CircuitIdentificationCode]? {
        var result: Set<UInt32> = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = UInt32(bounds[0]), let high = UInt32(bounds.last!),
                low <= high, high < 4096
            else { return nil }
            result.formUnion(low...high)
        }
        return result.isEmpty ? nil : result.sorted().map { CircuitIdentificationCode($0) }
    }

    static func cicsUsed(by inputs: [ReplayInput]) -> [CircuitIdentificationCode] {
        let cics = inputs.compactMap { input -> UInt32? in
            guard let low = input.isup.getInteger(at: input.isup.readerIndex, as: UInt8.self),
                let high = input.isup.getInteger(at: input.isup.readerIndex + 1, as: UInt8.self)
            else { return nil }
            return (UInt32(high & 0x0F) << 8) | UInt32(low)
        }
        return Set(cics).sorted().map { CircuitIdentificationCode($0) }
    }
}
