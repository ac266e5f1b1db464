import MediaBridge
import MediaBridgeService
import MediaTransport
import NIOCore
import NIOPosix
import RerouteTestSupport

/// The gateway's media bridge on a CESoPSN pseudowire (RFC 5086, timeslots 1–15 and 17–31, CIC = timeslot) and the
/// MSC's end of it, a `PseudowireToneCE` sending `signal` on every timeslot and keeping what it hears; each on a
/// thread of its own.
struct MediaLoopback {
    static let timeslots = Array(1...15) + Array(17...31)

    let media: MediaBridgeService
    let ce: PseudowireToneCE
    let mediaGroup: MultiThreadedEventLoopGroup
    let ceGroup: MultiThreadedEventLoopGroup

    static func start(signal: [Int16], duration: Duration) async throws -> MediaLoopback {
        let mediaGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let ceGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let pwPort = Int(LoopbackPorts.freeUDPPort())
        let cePort = Int(LoopbackPorts.freeUDPPort())
        let base = LoopbackPorts.freeUDPPort() & 0xFFF0
        let media = try await MediaBridgeService.start(
            configuration: .init(
                pseudowires: [PseudowireConfiguration(name: "e1", localPort: pwPort, remotePort: cePort, timeslots: timeslots)],
                rtpPorts: RTPPortRange(lower: base, upper: base + 15)),
            group: mediaGroup)
        let ce = try await PseudowireToneCE.start(
            group: ceGroup, port: cePort, remote: try SocketAddress(ipAddress: "127.0.0.1", port: pwPort),
            timeslots: timeslots, signal: signal, duration: duration)
        return MediaLoopback(media: media, ce: ce, mediaGroup: mediaGroup, ceGroup: ceGroup)
    }

    func stop() async throws {
        await ce.stop()
        try await media.shutdown()
        try await mediaGroup.shutdownGracefully()
        try await ceGroup.shutdownGracefully()
    }
}
