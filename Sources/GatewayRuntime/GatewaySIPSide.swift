import Foundation
public import NIOCore
import SDPNegotiation
import SDPWire
public import SIPCallService

/// The SIP side the gateway forks forwarded calls through (`[sip] mode = fork`): a ``SIPCallService`` on the
/// configured address and a ``SIPCallServiceForking`` whose offers name the media address and the next port of
/// `[sip] rtp-ports` (RFC 3264 §5; the media bridge binds them, see docs/media.md).
public struct GatewaySIPSide: Sendable {
    public let service: SIPCallService
    public let forking: SIPCallServiceForking

    public static func start(_ settings: GatewaySIPSettings, eventLoop: any EventLoop) async throws -> GatewaySIPSide {
        let service = try await SIPCallService.start(
            configuration: SIPCallServiceConfiguration(
                host: settings.listen, port: settings.port,
                ringTimeout: SignallingGateway.timeAmount(settings.ringTimeout)),
            eventLoop: eventLoop
        ).get()
        let ports = PortCycle(settings.rtpPorts)
        let address = settings.mediaAddress
        let forking = SIPCallServiceForking(service: service, domain: settings.domain) { request in
            // The media bridge's leg when the gateway has one ([media]), else the next port of the range.
            let port = request.media?.port ?? ports.next()
            let local = SDPLocalMedia(
                sessionID: UInt64(Date().timeIntervalSince1970 * 1000), address: request.media?.host ?? address,
                port: UInt16(port))
            return SDPOfferAnswer.offer(local).encoded
        }
        return GatewaySIPSide(service: service, forking: forking)
    }

    /// The UDP port the SIP side listens on (the configured one, or the one picked for port 0).
    public var port: Int { service.port }

    public func shutdown() async throws {
        try await service.shutdown().get()
    }
}

/// The even ports of a range in turn (RFC 3550 §11: RTP on an even port, RTCP on the next one unless muxed).
final class PortCycle: @unchecked Sendable {
    private let range: ClosedRange<Int>
    private let lock = NSLock()
    private var current: Int

    init(_ range: ClosedRange<Int>) {
        self.range = range
        current = range.lowerBound + range.lowerBound % 2
    }

    func next() -> Int {
        lock.withLock {
            let port = current
            current += 2
            if current > range.upperBound { current = range.lowerBound + range.lowerBound % 2 }
            return port
        }
    }
}
