import MediaSessions
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RTPWire
import RerouteTestSupport
import Testing

/// Collects a leg's events; `next(where:within:)` waits for one with a deadline (never a fixed sleep).
final class EventLog: Sendable {
    private let stream: AsyncStream<RTPLegTransport.Event>
    private let continuation: AsyncStream<RTPLegTransport.Event>.Continuation

    init() { (stream, continuation) = AsyncStream.makeStream() }

    var handler: @Sendable (RTPLegTransport.Event) -> Void {
        let continuation = continuation
        return { continuation.yield($0) }
    }

    struct Timeout: Error {}

    func next(
        within deadline: Duration = .seconds(5), where match: @escaping @Sendable (RTPLegTransport.Event) -> Bool
    ) async throws -> RTPLegTransport.Event {
        let stream = stream
        return try await withThrowingTaskGroup(of: RTPLegTransport.Event.self) { group in
            group.addTask {
                for await event in stream where match(event) { return event }
                throw Timeout()
            }
            group.addTask {
                try await Task.sleep(for: deadline)  // the deadline, not a timing assumption
                throw Timeout()
            }
            let first = try await group.next()!
            group.cancelAll()
            return first
        }
    }
}

func legConfiguration(ssrc: UInt32) -> RTPSession.Configuration {
    var configuration = RTPSession.Configuration(
        ssrc: ssrc, clockRate: 8000, initialSequence: 1, initialTimestamp: 0, cname: "\(ssrc)@127.0.0.1",
        ntpEpoch: NTPTimestamp(rawValue: 0), randomSeed: UInt64(ssrc))
    configuration.minimumInterval = .milliseconds(200)
    return configuration
}

@Suite("RTP legs on loopback UDP (rtcp-mux, symmetric RTP)")
struct RTPLegTransportTests {
    @Test("RFC 4961 §3 / RFC 5761: the answering leg latches to the caller's real source and media flows both ways")
    func latchingAndRTCP() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let base = LoopbackPorts.freeUDPPort() & 0xFFF0
        let range = RTPPortRange(lower: base, upper: base + 15)
        let aliceLog = EventLog()
        let bobLog = EventLog()
        // Alice (Reroute's leg) knows no address yet: the app's SDP is behind NAT and useless.
        let alice = try await RTPLegTransport.bind(
            host: "127.0.0.1", range: range, configuration: legConfiguration(ssrc: 0xA11CE), signalled: nil,
            group: group, onEvent: aliceLog.handler)
        let bob = try await RTPLegTransport.bind(
            host: "127.0.0.1", range: range, offset: 3, configuration: legConfiguration(ssrc: 0xB0B),
            signalled: alice.localAddress, group: group, onEvent: bobLog.handler)
        #expect(alice.localAddress?.port.map { $0 % 2 } == 0)  // RFC 3550 §11: even port
        let silence = ByteBuffer(bytes: [UInt8](repeating: 0xD5, count: 160))
        for _ in 0..<3 { bob.send(payloadType: .pcma, payload: silence, samples: 160) }
        let latched = try await aliceLog.next { if case .latched = $0 { true } else { false } }
        guard case .latched(let address) = latched else { return }
        #expect(address == bob.localAddress)
        // Now Alice's media reaches Bob.
        alice.send(payloadType: .pcma, payload: silence, samples: 160)
        let media = try await bobLog.next { if case .media = $0 { true } else { false } }
        guard case .media(let packet, _) = media else { return }
        #expect(packet.header.ssrc == 0xA11CE && packet.header.payloadType == .pcma)
        // RTCP on the same port (rtcp-mux): Bob's SR reaches Alice within a few report intervals.
        let rtcp = try await aliceLog.next {
            if case .rtcp(let compound) = $0, case .senderReport? = compound.packets.first { true } else { false }
        }
        guard case .rtcp(let compound) = rtcp, case .senderReport(let sr) = compound.packets[0] else { return }
        #expect(sr.ssrc == 0xB0B && sr.packetCount >= 3)
        try await alice.close(reason: "done")
        let bye = try await bobLog.next { if case .sourceLeft(0xA11CE) = $0 { true } else { false } }
        guard case .sourceLeft = bye else { return }
        try await bob.close()
        try await group.shutdownGracefully()
    }

    @Test("the port range yields even ports only, rotating from the offset")
    func portRange() {
        let range = RTPPortRange(lower: 30_001, upper: 30_010)
        #expect(range.evenPorts(startingAt: 0) == [30_002, 30_004, 30_006, 30_008])
        #expect(range.evenPorts(startingAt: 1) == [30_004, 30_006, 30_008, 30_002])
    }
}
