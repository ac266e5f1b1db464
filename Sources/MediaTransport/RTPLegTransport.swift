import Foundation
public import MediaSecurity
public import MediaSessions
public import NIOCore
import NIOPosix
public import RTPWire

/// One RTP leg on a UDP socket with rtcp-mux (RFC 5761): [SRTP unprotect] → decode → latch → `RTPSession` →
/// actions performed.
///
/// With an ``SRTPContext`` (an SDES-keyed leg, RFC 4568) every datagram is unprotected before anything else looks
/// at it, and everything sent is protected last. A packet failing authentication or the replay check is dropped
/// and reported as ``Event/rejected(_:)`` (RFC 3711 §3.3 step 5) — it never reaches the latch, so a forged source
/// cannot steer our media (docs/media.md, latching).
///
/// The shell of `RTPSession` and `SymmetricRTPLatch`: it reads the event loop's clock, runs the RTCP timer, and
/// sends media and RTCP to where the peer's packets come from (RFC 4961), or to the signalled address before any.
/// All state lives on the channel's event loop; the public methods hop there.
public final class RTPLegTransport: @unchecked Sendable {
    /// What the leg reports to its owner (on the event loop).
    public enum Event: Sendable {
        case media(RTPPacket, RTPReceptionStatistics.Verdict)
        case latched(SocketAddress)
        case rtcp(RTCPCompoundPacket)
        case sourceLeft(UInt32)
        /// A datagram that failed decoding (RFC 3550 §A.1/§A.2: discarded).
        case discarded(RTPDecodingError)
        /// An SRTP/SRTCP datagram that failed authentication, the replay check or framing (RFC 3711 §3.3 step 5:
        /// discarded; counted in the context).
        case rejected(SRTPError)
    }

    public let channel: any Channel
    public var localAddress: SocketAddress? { channel.localAddress }
    private var session: RTPSession
    private var latch: SymmetricRTPLatch<SocketAddress>
    private var security: SRTPContext?
    /// An SRTP leg whose keys are not known yet (the offer is out, the answer is not in): drop everything.
    private var awaitingKeys: Bool
    private let start: NIODeadline
    private var reportTimer: Scheduled<Void>?
    private let onEvent: @Sendable (Event) -> Void
    /// Sees every datagram as it was on the wire (nil: no copies are made).
    private let wireTap: (@Sendable (MediaWireRecord) -> Void)?

    private init(
        channel: any Channel, session: RTPSession, signalled: SocketAddress?, security: SRTPContext?,
        awaitingKeys: Bool, wireTap: (@Sendable (MediaWireRecord) -> Void)?, onEvent: @escaping @Sendable (Event) -> Void
    ) {
        self.wireTap = wireTap
        self.channel = channel
        self.session = session
        self.security = security
        self.awaitingKeys = awaitingKeys && security == nil
        self.latch = SymmetricRTPLatch(signalled: signalled)
        self.start = .now()
        self.onEvent = onEvent
    }

    /// Binds the first free even port of `range` on `host` and starts RTCP.
    /// The session's `ntpEpoch` is replaced by the wallclock at bind time. `security` makes it an SRTP leg; the
    /// context is used on the leg's event loop only from then on. `awaitingKeys` makes it an SRTP leg whose keys
    /// come later (``secure(with:)``, once the answer is in): until then every RTP/RTCP datagram is rejected with
    /// ``MediaSecurity/SRTPError/noKeys`` and nothing is sent — an unkeyed packet must not latch the leg.
    public static func bind(
        host: String, range: RTPPortRange, offset: Int = 0, configuration: RTPSession.Configuration,
        signalled: SocketAddress?, security: SRTPContext? = nil, awaitingKeys: Bool = false,
        group: any EventLoopGroup, wireTap: (@Sendable (MediaWireRecord) -> Void)? = nil,
        onEvent: @escaping @Sendable (Event) -> Void
    ) async throws -> RTPLegTransport {
        var configuration = configuration
        let now = Date().timeIntervalSince1970 + 2_208_988_800  // NTP era 0 starts 1900 (RFC 5905 §6)
        configuration.ntpEpoch = NTPTimestamp(rawValue: UInt64(now * 4_294_967_296))
        var lastError: (any Error)?
        for port in range.evenPorts(startingAt: offset) {
            let box = LegBox()
            do {
                let channel = try await DatagramBootstrap(group: group)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(RTPLegHandler(box: box))
                        }
                    }
                    .bind(host: host, port: Int(port)).get()
                let leg = RTPLegTransport(
                    channel: channel, session: RTPSession(configuration: configuration), signalled: signalled,
                    security: security, awaitingKeys: awaitingKeys, wireTap: wireTap, onEvent: onEvent)
                try await channel.eventLoop.submit {
                    box.leg = leg
                    leg.perform(leg.session.start(at: leg.now))
                }.get()
                return leg
            } catch {
                lastError = error
            }
        }
        throw lastError ?? IOError(errnoCode: EADDRINUSE, reason: "no free even port in \(range)")
    }

    /// Sends one media packet to the current destination (nothing before one is known).
    public func send(payloadType: RTPPayloadType, payload: ByteBuffer, samples: UInt32, marker: Bool = false) {
        channel.eventLoop.execute {
            let packet = self.session.sendRTP(
                payloadType: payloadType, payload: payload, samples: samples, marker: marker, at: self.now)
            self.write(packet.encoded, rtcp: false)
        }
    }

    /// Sends BYE and closes the socket.
    public func close(reason: String? = nil) async throws {
        try await channel.eventLoop.submit {
            self.perform(self.session.stop(reason: reason, at: self.now))
        }.get()
        try await channel.close()
    }

    /// The leg's peer changed in signalling (the answering branch of a forked call, a re-INVITE): media goes to
    /// `signalled` and latches afresh on the new peer's packets (``SymmetricRTPLatch/resignal(_:)``).
    /// Runs on the leg's event loop in order with the sends around it.
    public func resignal(to signalled: SocketAddress?, excludingCurrentSource: Bool = false) {
        channel.eventLoop.execute { self.latch.resignal(signalled, excludingCurrentSource: excludingCurrentSource) }
    }

    /// The leg's codec now runs at another RTP clock (RFC 3264 §8, same SSRC): our timestamps, our SR's RTP
    /// timestamp and the remote sources' jitter are counted at `rate` from now on (``RTPSession/changeClockRate(_:)``).
    /// Runs on the leg's event loop in order with the sends around it.
    public func changeClockRate(_ rate: Int) {
        channel.eventLoop.execute { self.session.changeClockRate(rate) }
    }

    /// Installs the SRTP keys the offer/answer settled (``SRTPContext/init(local:remote:)``); from now on every
    /// datagram is unprotected on the way in and protected on the way out.
    public func secure(with context: SRTPContext) async throws {
        try await channel.eventLoop.submit {
            self.security = context
            self.awaitingKeys = false
        }.get()
    }

    /// As ``secure(with:)`` without waiting, in order with the other calls from one thread (``resignal(to:)`` after
    /// it latches only on packets that pass these keys); `nil` makes the leg plain RTP again (a forked call's leg
    /// taken over by a branch that negotiated RTP/AVP).
    public func setSecurity(_ context: SRTPContext?) {
        channel.eventLoop.execute {
            self.security = context
            self.awaitingKeys = false
        }
    }

    /// The SRTP counters (packets through, dropped by kind), `nil` on a plain RTP leg.
    public func securityCounters() async throws -> SRTPCounters? {
        try await channel.eventLoop.submit { self.security?.counters }.get()
    }

    /// A snapshot of the session (read on the event loop).
    public func withSession<T: Sendable>(_ body: @escaping @Sendable (RTPSession) -> T) async throws -> T {
        try await channel.eventLoop.submit { body(self.session) }.get()
    }

    private var now: MediaTime { MediaTime(nanoseconds: (NIODeadline.now() - start).nanoseconds) }

    fileprivate func receive(_ envelope: AddressedEnvelope<ByteBuffer>) {
        if let wireTap, let local = channel.localAddress {
            wireTap(MediaWireRecord(
                time: Date(), sent: false, local: local, remote: envelope.remoteAddress, bytes: envelope.data))
        }
        var bytes = envelope.data
        let kind = RTPMultiplexing.classify(bytes)
        // RFC 3711 §3.3: authenticate (and decrypt) first; the first two octets that classified the packet are in
        // clear in SRTP and SRTCP alike (RFC 5761 §4).
        if awaitingKeys, kind == .rtp || kind == .rtcp {
            onEvent(.rejected(.noKeys))
            return
        }
        if let security, kind == .rtp || kind == .rtcp {
            do {
                let raw = Array(bytes.readableBytesView)
                bytes = ByteBuffer(
                    bytes: kind == .rtp ? try security.unprotectRTP(raw) : try security.unprotectRTCP(raw))
            } catch {
                onEvent(.rejected(error))
                return
            }
        }
        switch kind {
        case .rtp:
            do {
                let packet = try RTPPacket.decode(bytes)
                guard accept(from: envelope.remoteAddress, ssrc: packet.header.ssrc) else { return }
                onEvent(.media(packet, session.receiveRTP(packet, at: now)))
            } catch {
                onEvent(.discarded(error))
            }
        case .rtcp:
            do {
                let compound = try RTCPCompoundPacket.decode(bytes)
                // The reporter's SSRC, so RTCP and RTP from the same source count towards the same latch candidate.
                let reporter: UInt32? =
                    switch compound.packets.first {
                    case .senderReport(let report)?: report.ssrc
                    case .receiverReport(let report)?: report.ssrc
                    default: nil
                    }
                guard accept(from: envelope.remoteAddress, ssrc: reporter) else { return }
                onEvent(.rtcp(compound))
                perform(session.receiveRTCP(compound, size: bytes.readableBytes, at: now))
            } catch {
                onEvent(.discarded(error))
            }
        case .stun, .dtls, .unknown:
            return
        }
    }

    private func accept(from source: SocketAddress, ssrc: UInt32?) -> Bool {
        switch latch.receiveValidPacket(from: source, ssrc: ssrc) {
        case .accept: return true
        case .ignore: return false
        case .latchedTo(let address):
            onEvent(.latched(address))
            return true
        }
    }

    private func perform(_ actions: [RTPSession.Action]) {
        for action in actions {
            switch action {
            case .sendRTCP(let compound):
                write(compound.encoded, rtcp: true)
            case .startTimer(.report, let after):
                reportTimer?.cancel()
                reportTimer = channel.eventLoop.scheduleTask(in: .nanoseconds(after.nanosecondsValue)) {
                    self.perform(self.session.timerFired(.report, at: self.now))
                }
            case .cancelTimer(.report):
                reportTimer?.cancel()
                reportTimer = nil
            case .sourceLeft(let ssrc):
                onEvent(.sourceLeft(ssrc))
            }
        }
    }

    private func write(_ bytes: ByteBuffer, rtcp: Bool) {
        guard let destination = latch.destination, !awaitingKeys else { return }
        var bytes = bytes
        if let security {
            let raw = Array(bytes.readableBytesView)
            // A packet libsrtp will not protect (key usage limit reached) is not sent in clear.
            guard let protected = try? (rtcp ? security.protectRTCP(raw) : security.protectRTP(raw)) else { return }
            bytes = ByteBuffer(bytes: protected)
        }
        if let wireTap, let local = channel.localAddress {
            wireTap(MediaWireRecord(time: Date(), sent: true, local: local, remote: destination, bytes: bytes))
        }
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: destination, data: bytes), promise: nil)
    }
}

/// Lets the handler, created before the leg, reach it once bound.
private final class LegBox: @unchecked Sendable {
    var leg: RTPLegTransport?
}

private final class RTPLegHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let box: LegBox

    init(box: LegBox) { self.box = box }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        box.leg?.receive(unwrapInboundIn(data))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port unreachable before the peer's first packet: RTP carries on (RFC 3550 has no error path).
    }
}
