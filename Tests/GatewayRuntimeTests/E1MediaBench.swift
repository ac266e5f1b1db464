import MediaBridge
import MediaBridgeService
import MediaTransport
import NIOCore
import NIOPosix
import RerouteTestSupport

/// The media side of a forwarded-call test: Reroute's media bridge with one CESoPSN pseudowire (timeslots 1–15 and
/// 17–31, 8 frames a packet) and, at its other end, a CE on loopback playing `tone` into every timeslot and keeping
/// what it hears; the test's peers (app sockets, the CE) on a loop of their own, the bridge on another.
struct E1MediaBench {
    let peers: MultiThreadedEventLoopGroup
    let mediaGroup: MultiThreadedEventLoopGroup
    let media: MediaBridgeService
    let ce: PseudowireToneCE

    static func start(tone frequency: Double = 1000, amplitude: Double = 1000, seconds: Int = 20) async throws
        -> E1MediaBench
    {
        let peers = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let mediaGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let pwPort = Int(LoopbackPorts.freeUDPPort())
        let cePort = Int(LoopbackPorts.freeUDPPort())
        let base = LoopbackPorts.freeUDPPort() & 0xFFF0
        let media = try await MediaBridgeService.start(
            configuration: .init(
                pseudowires: [
                    PseudowireConfiguration(
                        name: "e1", localPort: pwPort, remotePort: cePort, timeslots: ForkedCallMediaTests.timeslots,
                        framesPerPacket: ForkedCallMediaTests.frames)
                ],
                rtpPorts: RTPPortRange(lower: base, upper: base + 15)),
            group: mediaGroup)
        let ce = try await PseudowireToneCE.start(
            group: peers, port: cePort, remote: try SocketAddress(ipAddress: "127.0.0.1", port: pwPort),
            timeslots: ForkedCallMediaTests.timeslots, framesPerPacket: ForkedCallMediaTests.frames,
            signal: TestSignals.tone(frequency, seconds: 1, amplitude: amplitude), duration: .seconds(Int64(seconds)))
        return E1MediaBench(peers: peers, mediaGroup: mediaGroup, media: media, ce: ce)
    }

    /// An app's RTP socket on the peers' loop.
    func app() async throws -> UDPPeer { try await UDPPeer.bind(group: peers) }

    func stop() async throws {
        await ce.stop()
        try await media.shutdown()
        try await mediaGroup.shutdownGracefully()
        try await peers.shutdownGracefully()
    }
}
