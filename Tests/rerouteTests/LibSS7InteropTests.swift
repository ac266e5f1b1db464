import Foundation
import NIOCore
import NIOPosix
import RerouteTestSupport
import TelecomTypes
import Testing

/// Interoperability with an ISUP implementation nobody here wrote: Asterisk's libss7 2.0 plays the MSC
/// (`LibSS7/msc-peer.c`, compiled at test time), reaching the real `reroute gateway` process (the ASP, unchanged)
/// through a test-only SG (``LibSS7Bridge``) that turns libss7's MTP2 signal units into M3UA DATA.
///
/// Both ends reset their circuits when the link comes up (ITU-T Q.764 §2.9.3.2: GRS, answered with GRA), then
/// calls run the basic call sequence of Q.764 §2.1 and §2.3: IAM → ACM → ANM, then REL → RLC.
@Suite(
    "Interop: Asterisk's libss7 as the MSC", .serialized,
    .enabled(
        if: ToolRunner.rerouteBinary != nil && MSCPeer.isAvailable,
        "needs the built reroute binary, libss7-dev (scripts/setup.sh) and a C compiler"))
struct LibSS7InteropTests {
    static let calls = 20
    static let outgoingCall = [
        "IAM_SENT", "ACM_RECEIVED", "ANM_RECEIVED", "REL_SENT", "RLC_RECEIVED", "OUTGOING_COMPLETE",
    ]
    static let incomingCall = ["IAM_RECEIVED", "ACM_SENT", "ANM_SENT", "REL_RECEIVED", "RLC_SENT", "INCOMING_COMPLETE"]

    struct Outcome: Sendable {
        var msc: MSCPeer.Run
        var rerouteStatus: Int32
        var rerouteOutput: String
        var bridgeProblems: [String]
        var relayedToReroute: Int
        var relayedToLibSS7: Int

        var context: String {
            """
            msc-peer (status \(msc.status)):
            \(msc.lines.suffix(40).joined(separator: "\n"))
            msc-peer stderr: \(msc.standardError.suffix(1500))
            reroute (status \(rerouteStatus)): \(rerouteOutput.suffix(1500))
            bridge problems: \(bridgeProblems)
            """
        }
    }

    /// Runs libss7 (MSC, point code 1) and `reroute gateway` (point code 2) through the bridge until the MSC peer
    /// has done what `mscArguments` ask. `rerouteFinishes`: Reroute places a `[load]` and exits by itself;
    /// otherwise it is stopped with SIGTERM once the MSC peer is done.
    /// `exchange` on a thread of its own: it waits for two processes for up to a minute.
    static func exchangeOffPool(mscArguments: [String], rerouteExtra: String, rerouteFinishes: Bool) async throws
        -> Outcome
    {
        try await OffPool.run {
            try exchange(mscArguments: mscArguments, rerouteExtra: rerouteExtra, rerouteFinishes: rerouteFinishes)
        }
    }

    static func exchange(mscArguments: [String], rerouteExtra: String, rerouteFinishes: Bool) throws -> Outcome {
        let binary = try #require(ToolRunner.rerouteBinary)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let bridge = try LibSS7Bridge(
            eventLoop: group.next(), reroute: PointCode(2), msc: PointCode(1), networkIndicator: .national,
            routingContext: 3)
        defer { bridge.stop() }
        let port = try bridge.start().wait()

        let peer = try MSCPeer.Running(
            arguments: ["--opc", "1", "--dpc", "2", "--ni", "national", "--circuits", "1-15,17-31"] + mscArguments,
            link: bridge.link, timeout: 60)

        let directory = FileManager.default.temporaryDirectory
        let configuration = directory.appendingPathComponent("reroute-libss7-\(UUID().uuidString).conf")
        let log = directory.appendingPathComponent("reroute-libss7-\(UUID().uuidString).log")
        defer {
            try? FileManager.default.removeItem(at: configuration)
            try? FileManager.default.removeItem(at: log)
        }
        try """
        [sigtran]
        role = asp
        transport = tcp
        local-addresses = 127.0.0.1
        remote-addresses = 127.0.0.1
        remote-port = \(port)
        routing-context = 3
        [isup]
        point-code = 2
        peer-point-code = 1
        network-indicator = national
        circuits = 1-15,17-31
        [calls]
        rule = answer
        answer-after = 0
        \(rerouteExtra)
        """.write(to: configuration, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        let gateway = Process()
        gateway.executableURL = URL(fileURLWithPath: binary)
        gateway.arguments = ["gateway", "--config", configuration.path, "--run-for", "70"]
        gateway.standardOutput = logHandle
        gateway.standardError = logHandle
        try gateway.run()
        defer {
            if gateway.isRunning { gateway.terminate() }
            gateway.waitUntilExit()
        }

        let run = peer.wait()
        if !rerouteFinishes { gateway.terminate() }
        gateway.waitUntilExit()
        try logHandle.close()
        let problems = try bridge.problems.wait()
        let counts = try bridge.eventLoop.submit { (bridge.relayedToReroute, bridge.relayedToLibSS7) }.wait()
        return Outcome(
            msc: run, rerouteStatus: gateway.terminationStatus,
            rerouteOutput: (try? String(contentsOf: log, encoding: .utf8)) ?? "", bridgeProblems: problems,
            relayedToReroute: counts.0, relayedToLibSS7: counts.1)
    }

    @Test(
        "libss7 places 20 calls, Reroute answers them and completes each release (Q.764 §2.1, §2.3, §2.9.3.2)",
        .timeLimit(.minutes(2)))
    func libss7PlacesCalls() async throws {
        let outcome = try await Self.exchangeOffPool(
            mscArguments: ["--grs", "--await-peer-grs", "--calls", "\(Self.calls)", "--parallel", "5"],
            rerouteExtra: "", rerouteFinishes: false)
        let summary = outcome.msc.summary
        #expect(outcome.msc.status == 0, "\(outcome.context)")
        #expect(outcome.msc.failures.isEmpty, "\(outcome.context)")
        // libss7 resets each contiguous range (1-15, 17-31) with a GRS; Reroute resets its E1 span with one GRS of
        // range 30 (1-31, CIC 16 unequipped inside the range). Every GRS got its GRA.
        #expect(summary["grs_sent"] == 2 && summary["gra_received"] == 2, "\(outcome.context)")
        #expect(summary["grs_received"] == 1 && summary["gra_sent"] == 1, "\(outcome.context)")
        #expect(outcome.msc.lines.contains("GRS_RECEIVED cic=1 range=30"), "\(outcome.context)")
        #expect(summary["outgoing"] == Self.calls && summary["incoming"] == 0, "\(outcome.context)")
        let calls = outcome.msc.calls
        #expect(calls.count == Self.calls, "\(outcome.context)")
        for call in calls { #expect(call == Self.outgoingCall, "\(outcome.context)") }
        #expect(outcome.bridgeProblems.isEmpty, "\(outcome.context)")
        // Nothing else crossed the bridge: 2 GRS + 1 GRA + 20 × (IAM, REL) from libss7; 1 GRS + 2 GRA +
        // 20 × (ACM, ANM, RLC) from Reroute.
        #expect(outcome.relayedToReroute == 3 + 2 * Self.calls, "\(outcome.context)")
        #expect(outcome.relayedToLibSS7 == 3 + 3 * Self.calls, "\(outcome.context)")
        // Reroute's own account: 20 incoming calls, each answered by its static rule; SIGTERM stops it cleanly.
        #expect(outcome.rerouteOutput.components(separatedBy: "incoming call to").count - 1 == Self.calls)
        // Nothing libss7 sent raised a maintenance alert (unexpected message, CFN, ...) or let a timer run out.
        #expect(!outcome.rerouteOutput.contains("maintenance:"), "\(outcome.context)")
        #expect(!outcome.rerouteOutput.contains("expired"), "\(outcome.context)")
        #expect(outcome.rerouteStatus == 0, "\(outcome.context)")
    }

    @Test(
        "Reroute places 20 calls, libss7 answers them, Reroute releases each (Q.764 §2.1, §2.3, §2.9.3.2)",
        .timeLimit(.minutes(2)))
    func reroutePlacesCalls() async throws {
        let outcome = try await Self.exchangeOffPool(
            mscArguments: ["--await-peer-grs", "--expect-incoming", "\(Self.calls)"],
            rerouteExtra: "[load]\ncalls = \(Self.calls)\nparallel = 5\n", rerouteFinishes: true)
        let summary = outcome.msc.summary
        #expect(outcome.msc.status == 0, "\(outcome.context)")
        #expect(outcome.msc.failures.isEmpty, "\(outcome.context)")
        #expect(summary["grs_received"] == 1 && summary["gra_sent"] == 1, "\(outcome.context)")
        #expect(outcome.msc.lines.contains("GRS_RECEIVED cic=1 range=30"), "\(outcome.context)")
        #expect(summary["incoming"] == Self.calls && summary["outgoing"] == 0, "\(outcome.context)")
        let calls = outcome.msc.calls
        #expect(calls.count == Self.calls, "\(outcome.context)")
        for call in calls { #expect(call == Self.incomingCall, "\(outcome.context)") }
        #expect(outcome.bridgeProblems.isEmpty, "\(outcome.context)")
        // 1 GRA + 20 × (ACM, ANM, RLC) from libss7; 1 GRS + 20 × (IAM, REL) from Reroute.
        #expect(outcome.relayedToReroute == 1 + 3 * Self.calls, "\(outcome.context)")
        #expect(outcome.relayedToLibSS7 == 1 + 2 * Self.calls, "\(outcome.context)")
        #expect(outcome.rerouteStatus == 0, "\(outcome.context)")
        #expect(outcome.rerouteOutput.contains("load: \(Self.calls) calls completed"), "\(outcome.context)")
        #expect(outcome.rerouteOutput.contains(" 0 failures"), "\(outcome.context)")
        #expect(!outcome.rerouteOutput.contains("maintenance:"), "\(outcome.context)")
    }
}
