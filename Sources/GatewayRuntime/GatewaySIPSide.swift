import Foundation
public import Logging
public import NIOCore
import SDPNegotiation
import SDPWire
import SIPCallService
public import SIPEdge
public import SIPRegistrarService
import SIPRegistrar
import SIPTransport
public import PushNotifier

/// The SIP side the gateway forks forwarded calls through (`[sip] mode = fork`). Two shapes:
/// - `registrar = off`: a ``SIPCallService`` on the configured address ringing the contacts the routing server
///   returns (``SIPCallServiceForking``; the devices register elsewhere);
/// - `registrar = on`: a ``SIPEdge`` — registrar (digest against the routing server's SIP credentials, every change
///   written to its device state) and call side on one address — ringing each device of the account down the flow
///   it registered on (``SIPEdgeForking``).
///
/// Either way the SDP offer names the media address and the call's media-bridge port, else the next port of
/// `[sip] rtp-ports` (RFC 3264 §5; docs/media.md).
public struct GatewaySIPSide: Sendable {
    public let forking: any SubscriberForking
    /// The UDP port SIP is served on (the configured one, or the one picked for port 0).
    public let port: Int
    /// The registrar and call side when the gateway is the devices' registrar.
    public let edge: SIPEdge?
    private let close: @Sendable () async throws -> Void

    public static func start(_ settings: GatewaySIPSettings, eventLoop: any EventLoop) async throws -> GatewaySIPSide {
        let service = try await SIPCallService.start(
            configuration: SIPCallServiceConfiguration(
                host: settings.listen, port: settings.port,
                ringTimeout: SignallingGateway.timeAmount(settings.ringTimeout)),
            eventLoop: eventLoop
        ).get()
        let forking = SIPCallServiceForking(service: service, domain: settings.domain, offer: offer(settings))
        return GatewaySIPSide(
            forking: forking, port: service.port, edge: nil, close: { try await service.shutdown().get() })
    }

    /// The gateway as the devices' registrar (`settings.registrar` must be set): UDP on `listen:port`, TCP on the same
    /// port unless `tcp = off`, TLS / WS / WSS on their ports.
    /// With `pushGateway` and `pushTargets`, devices logged in with a push token but not registered are woken for a
    /// call and rung as they register (`[sip] push-wait`).
    public static func startEdge(
        _ settings: GatewaySIPSettings, credentials: any SIPCredentialStore, recorder: any DeviceStateRecorder,
        pushGateway: (any PushGateway)? = nil, pushTargets: (any PushTargetLookup)? = nil,
        eventLoop: any EventLoop, logger: Logger = Logger(label: "reroute.gateway.sip")
    ) async throws -> GatewaySIPSide {
        let access = settings.registrar ?? GatewaySIPSettings.DeviceAccess()
        var tls: SIPTLSSettings?
        if let certificate = access.certificate, let key = access.privateKey {
            tls = SIPTLSSettings(certificateChainPath: certificate, privateKeyPath: key)
        }
        let transport = SIPTransportConfiguration(
            host: settings.listen, udpPort: settings.port, tcpPort: access.tcp ? settings.port : nil,
            tlsPort: access.tlsPort, webSocketPort: access.webSocketPort,
            secureWebSocketPort: access.secureWebSocketPort, tls: tls)
        var secret = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in secret.indices { secret[index] = generator.next() }
        var edgeConfiguration = SIPEdgeConfiguration(
            transport: transport,
            registrar: SIPRegistrarConfiguration(
                realm: settings.domain, algorithms: access.algorithms,
                keepalive: .init(lossDetection: SignallingGateway.timeAmount(access.keepalive))),
            calls: SIPCallServiceConfiguration(
                host: settings.listen, ringTimeout: SignallingGateway.timeAmount(settings.ringTimeout)),
            pushWait: SignallingGateway.timeAmount(access.pushWait), domain: settings.domain, secret: secret)
        edgeConfiguration.trunks = access.trunks
        let edge = try await SIPEdge.start(
            configuration: edgeConfiguration,
            credentials: credentials, recorder: recorder, pushGateway: pushGateway, pushTargets: pushTargets,
            eventLoop: eventLoop, logger: logger)
        let forking = SIPEdgeForking(edge: edge, domain: settings.domain, offer: offer(settings))
        return GatewaySIPSide(
            forking: forking, port: edge.address(of: .udp)?.port ?? settings.port, edge: edge,
            close: {
                try await edge.shutdown()
                // The push client's HTTP connections close with the edge (AsyncHTTPClient must be shut down).
                if let push = pushGateway as? HTTPPushGateway { try await push.shutdown() }
            })
    }

    /// Where each enabled transport listens, for the log: `udp 127.0.0.1:5060, tcp 127.0.0.1:5060`.
    public var listening: String {
        guard let edge else { return "udp :\(port)" }
        return [SIPTransportKind.udp, .tcp, .tls, .ws, .wss].compactMap { kind in
            edge.address(of: kind).map { "\(kind.rawValue.lowercased()) \($0.ipAddress ?? "?"):\($0.port ?? 0)" }
        }.joined(separator: ", ")
    }

    public func shutdown() async throws {
        try await close()
    }

    /// Our SDP offer for a call: the call's media-bridge leg when the gateway has one (`[media]`), else the next
    /// port of the range.
    static func offer(_ settings: GatewaySIPSettings) -> @Sendable (SubscriberCallRequest) -> [UInt8] {
        let ports = PortCycle(settings.rtpPorts)
        let address = settings.mediaAddress
        return { request in
            let port = request.media?.port ?? ports.next()
            let local = SDPLocalMedia(
                sessionID: UInt64(Date().timeIntervalSince1970 * 1000), address: request.media?.host ?? address,
                port: UInt16(port))
            return SDPOfferAnswer.offer(local).encoded
        }
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
