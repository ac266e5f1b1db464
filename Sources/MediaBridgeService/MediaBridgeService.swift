import Foundation
public import MediaBridge
public import MediaCodecs
public import MediaSecurity
import MediaSessions
public import MediaTransport
public import NIOCore
import NIOPosix
import RTPWire
import TDMWire

/// The media bridges of the gateway's calls on sockets: one UDP socket per pseudowire (CESoPSN or SAToP), one RTP
/// leg per forked branch from the port range, one timer per packetisation period driving both directions (issue 6
/// item 5).
///
/// Thin: datagrams go to the pseudowire's `PseudowireChannelizer.receive` (`TDMChannelizer` for CESoPSN,
/// `SAToPChannelizer` for SAToP), RTP to `CallMediaBridge.receiveRTP`; each period runs
/// `pull` → `exchangeTDM` per call → `makePacket`, and performs the returned actions. All state lives on one event
/// loop; the public methods hop there.
public final class MediaBridgeService: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var pseudowires: [PseudowireConfiguration]
        /// Where RTP legs bind (the media address the SDP offers).
        public var rtpHost: String
        public var rtpPorts: RTPPortRange
        public var bridge: CallMediaBridge.Configuration
        /// The most periods run at once after the loop fell behind; beyond that the pseudowire skips ahead.
        public var maximumCatchUp: Int
        /// Sees every RTP/RTCP and pseudowire datagram as it was on the wire (captures); nil: no copies.
        public var wireTap: (@Sendable (MediaWireRecord) -> Void)?

        public init(
            pseudowires: [PseudowireConfiguration], rtpHost: String = "127.0.0.1", rtpPorts: RTPPortRange,
            bridge: CallMediaBridge.Configuration = .init(), maximumCatchUp: Int = 100,
            wireTap: (@Sendable (MediaWireRecord) -> Void)? = nil
        ) {
            self.wireTap = wireTap
            self.pseudowires = pseudowires
            self.rtpHost = rtpHost
            self.rtpPorts = rtpPorts
            self.bridge = bridge
            self.maximumCatchUp = maximumCatchUp
        }
    }

    /// Caller audio for voicemail: the CIC and 20 ms of 8 kHz PCM (on the event loop).
    public typealias RecordingTap = @Sendable (_ cic: Int, _ samples: [Int16]) -> Void
    /// Keys the caller pressed on the timeslot (DTMF detected on the TDM side).
    public typealias DigitTap = @Sendable (_ cic: Int, _ digit: Character) -> Void
    /// RTCP report blocks an app leg's peer sent about our stream (on the event loop), for the codec chooser.
    public typealias ReportTap = @Sendable (AppLegReport) -> Void

    public enum ServiceError: Error, Hashable, Sendable {
        case unknownCIC(Int)
        case callExists(Int)
        case noCall(Int)
    }

    /// Counters for tests and metrics.
    public struct Statistics: Hashable, Sendable {
        public var periods = 0
        public var skippedPeriods = 0
        public var rtpSent = 0
        /// Negotiated codecs a leg could not be set up with (`updateLeg`).
        public var legErrors = 0
        /// Per pseudowire: controlled slips of its playout buffer and the depth it refills to now.
        public var pseudowireSlips: [String: Int] = [:]
        public var jitterTargetDepth: [String: Int] = [:]
        /// Per pseudowire: packets received, late, malformed … and periods played as replacement (lost).
        public var pseudowireCounters: [String: TDMChannelizer.Counters] = [:]
        public var pseudowireLost: [String: Int] = [:]
        /// Per SAToP pseudowire: times E1 frame alignment was found and lost in the received stream (G.706 §4.1).
        public var alignmentsFound: [String: Int] = [:]
        public var alignmentsLost: [String: Int] = [:]
        /// Per SAToP pseudowire: remote alarm, CRC-4 and TS16 CAS state of the received E1 (G.704 §2.3.3, §5.1.3.2).
        public var lineStatus: [String: E1LineStatus] = [:]
    }

    private final class Wire {
        let configuration: PseudowireConfiguration
        let channel: any Channel
        let remote: SocketAddress
        var channelizer: any PseudowireChannelizer
        var periodsRun = 0

        init(configuration: PseudowireConfiguration, channel: any Channel, remote: SocketAddress) {
            self.configuration = configuration
            self.channel = channel
            self.remote = remote
            self.channelizer = configuration.makeChannelizer(initialSequence: UInt16.random(in: .min ... .max))
        }
    }

    private final class Call {
        let location: TDMCircuitMap.Location
        let bridge: CallMediaBridge
        var legs: [MediaLegID: RTPLegTransport] = [:]
        /// Our sending SSRC on each leg (RFC 3550 §8: kept for the leg's life, through codec changes).
        var ssrcs: [MediaLegID: UInt32] = [:]
        /// The address each leg's signalling gave (a codec change re-latches only when it moves).
        var signalled: [MediaLegID: SocketAddress] = [:]
        var tap: RecordingTap?
        var digits: DigitTap?
        /// Legs whose device does not want our media now (hold: RFC 3264 §6.1, a sendonly or inactive offer).
        var silenced: Set<MediaLegID> = []
        var reports: ReportTap?
        /// What to run when each queued announcement has played out.
        var announcements: [Int: @Sendable () -> Void] = [:]
        var nextAnnouncement = 1

        init(location: TDMCircuitMap.Location, bridge: CallMediaBridge) {
            self.location = location
            self.bridge = bridge
        }
    }

    public let eventLoop: any EventLoop
    public let configuration: Configuration
    private let circuits: TDMCircuitMap
    private var wires: [String: Wire] = [:]
    private var calls: [Int: Call] = [:]
    private var timer: RepeatedTask?
    private var start = NIODeadline.now()
    private var legOffset = 0
    private var statistics = Statistics()

    private init(configuration: Configuration, eventLoop: any EventLoop) throws {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.circuits = try TDMCircuitMap(configuration.pseudowires)
    }

    /// Binds every pseudowire's socket and starts the period timer.
    public static func start(configuration: Configuration, group: any EventLoopGroup) async throws -> MediaBridgeService
    {
        let eventLoop = group.next()
        let service = try MediaBridgeService(configuration: configuration, eventLoop: eventLoop)
        for wire in configuration.pseudowires {
            let remote = try SocketAddress(ipAddress: wire.remoteHost, port: wire.remotePort)
            let name = wire.name
            // A 1 ms pseudowire is 1,000 datagrams a second: read them in batches and give the socket room for a
            // stall of the loop (the playout catches up; a dropped datagram is lost audio).
            let channel = try await DatagramBootstrap(group: eventLoop)
                .channelOption(.maxMessagesPerRead, value: 64)
                .channelOption(.socketOption(.so_rcvbuf), value: 1 << 20)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(PseudowireHandler(service: service, name: name))
                    }
                }
                .bind(host: wire.localHost, port: wire.localPort).get()
            try await eventLoop.submit { service.wires[name] = Wire(configuration: wire, channel: channel, remote: remote) }
                .get()
        }
        try await eventLoop.submit { service.startTimer() }.get()
        return service
    }

    /// The local address of a pseudowire's socket.
    public func localAddress(pseudowire: String) async throws -> SocketAddress? {
        try await eventLoop.submit { self.wires[pseudowire]?.channel.localAddress }.get()
    }

    public func statisticsSnapshot() async throws -> Statistics {
        try await eventLoop.submit {
            var snapshot = self.statistics
            for (name, wire) in self.wires {
                snapshot.pseudowireSlips[name] = wire.channelizer.slips
                snapshot.jitterTargetDepth[name] = wire.channelizer.jitterTargetDepth
                snapshot.pseudowireCounters[name] = wire.channelizer.counters
                snapshot.pseudowireLost[name] = wire.channelizer.lostPackets
                if let alignments = wire.channelizer.frameAlignments {
                    snapshot.alignmentsFound[name] = alignments.found
                    snapshot.alignmentsLost[name] = alignments.lost
                }
                snapshot.lineStatus[name] = wire.channelizer.lineStatus
            }
            return snapshot
        }.get()
    }

    // MARK: Calls

    /// A call seized the circuit: its bridge starts ringing (E.180 ringback to the caller).
    public func attach(cic: Int) async throws {
        guard let location = circuits[cic] else { throw ServiceError.unknownCIC(cic) }
        let bridgeConfiguration = configuration.bridge
        try await eventLoop.submit {
            guard self.calls[cic] == nil else { throw ServiceError.callExists(cic) }
            self.calls[cic] = Call(location: location, bridge: try CallMediaBridge(configuration: bridgeConfiguration))
        }.get()
    }

    /// A forked branch with its negotiated codec: binds its RTP leg and returns the local address for the SDP.
    /// `remote` is the address the device's SDP gave; media follows its real source once it sends (RFC 4961).
    public func addLeg(cic: Int, leg: MediaLegID, codec: MediaLegCodec, remote: SocketAddress?) async throws
        -> SocketAddress
    {
        try await eventLoop.submit {
            guard let call = self.calls[cic] else { throw ServiceError.noCall(cic) }
            try call.bridge.addLeg(leg, codec: codec)
        }.get()
        var generator = SystemRandomNumberGenerator()
        let ssrc = UInt32.random(in: 1 ... .max, using: &generator)
        let session = RTPSession.Configuration(
            ssrc: ssrc, clockRate: codec.format.rtpClockRate, initialSequence: .random(in: 0 ... .max),
            initialTimestamp: .random(in: 0 ... .max), cname: "reroute-\(cic)@\(configuration.rtpHost)",
            ntpEpoch: NTPTimestamp(rawValue: 0), randomSeed: UInt64(ssrc))
        let offset = try await eventLoop.submit {
            self.legOffset += 1
            return self.legOffset
        }.get()
        let transport = try await RTPLegTransport.bind(
            host: configuration.rtpHost, range: configuration.rtpPorts, offset: offset, configuration: session,
            signalled: remote, group: eventLoop, wireTap: configuration.wireTap
        ) { [weak self] event in
            guard let self else { return }
            switch event {
            case .media(let packet, _):
                self.calls[cic]?.bridge.receiveRTP(packet, from: leg)
            case .rtcp(let compound):
                self.receiveRTCP(compound, cic: cic, leg: leg, ssrc: ssrc)
            case .latched, .sourceLeft, .discarded, .rejected:
                break
            }
        }
        let kept = try await eventLoop.submit {
            guard let call = self.calls[cic] else { return false }
            call.legs[leg] = transport
            call.ssrcs[leg] = ssrc
            if let remote { call.signalled[leg] = remote }
            return true
        }.get()
        guard kept, let address = transport.localAddress else {
            try? await transport.close()
            throw ServiceError.noCall(cic)
        }
        return address
    }

    /// The leg's SDP was answered: the negotiated codec replaces the provisional one (a fresh playout buffer) and
    /// media goes to the answer's address until the device's own packets latch the leg (RFC 3264 §6, RFC 4961).
    /// Runs on the event loop in order with `earlyMedia` and `answered` called after it; a codec that cannot be
    /// set up keeps the previous one and is counted (`Statistics.legErrors`).
    ///
    /// `security` is the SRTP context the answer's SDES keys make (RFC 4568, ``SRTPContext/init(local:remote:)``):
    /// installed before the latch is forgotten, so only packets that authenticate with them latch the leg again;
    /// `nil` leaves the leg plain RTP (keys an earlier branch's answer installed are dropped).
    public func updateLeg(
        cic: Int, leg: MediaLegID, codec: MediaLegCodec, remote: SocketAddress?, security: SRTPContext? = nil,
        keepingSecurity: Bool = false, replacingSource: Bool = false
    ) {
        eventLoop.execute {
            guard let call = self.calls[cic] else { return }
            do {
                try call.bridge.addLeg(leg, codec: codec)
            } catch {
                self.statistics.legErrors += 1
                return
            }
            call.signalled[leg] = remote
            call.legs[leg]?.changeClockRate(codec.format.rtpClockRate)
            // `keepingSecurity`: the same keys both ways, the running SRTP contexts go on (RFC 3711 §9.1).
            if !keepingSecurity { call.legs[leg]?.setSecurity(security) }
            // `replacingSource`: another peer's SDP (another branch answered): the old peer's stream is dropped.
            call.legs[leg]?.resignal(to: remote, excludingCurrentSource: replacingSource)
        }
    }

    /// The SRTP counters of a leg (nil: no such leg, or plain RTP).
    public func securityCounters(cic: Int, leg: MediaLegID) async throws -> SRTPCounters? {
        let transport = try await eventLoop.submit { self.calls[cic]?.legs[leg] }.get()
        return try await transport?.securityCounters()
    }

    /// The leg's codec changes mid-call: the answer to our re-INVITE put `codec` in effect (RFC 3264 §8). The
    /// bridge's coders for the leg are made anew in place (``CallMediaBridge/changeCodec(_:codec:)``); the RTP leg
    /// keeps its socket, SSRC, sequence numbers and latch (RFC 3550 §8: the SSRC identifies the source, not the
    /// format; the new payload type tells the receiver the format). When the answer moved the media (`remote`
    /// differs from the address signalled before), media goes there and re-latches (RFC 4961).
    ///
    /// Runs on the event loop in order with the other calls made from one thread (a later `adaptOpus` applies to
    /// the new codec). The future is false when the call or leg is gone, fails when the codec cannot be set up
    /// (the old one stays, counted in `Statistics.legErrors`).
    @discardableResult
    public func changeCodec(cic: Int, leg: MediaLegID, codec: MediaLegCodec, remote: SocketAddress?)
        -> EventLoopFuture<Bool>
    {
        eventLoop.submit {
            guard let call = self.calls[cic] else { return false }
            do {
                guard try call.bridge.changeCodec(leg, codec: codec) else { return false }
            } catch {
                self.statistics.legErrors += 1
                throw error
            }
            call.legs[leg]?.changeClockRate(codec.format.rtpClockRate)
            if let remote, call.signalled[leg] != remote {
                call.signalled[leg] = remote
                call.legs[leg]?.resignal(to: remote)
            }
            return true
        }
    }

    /// New Opus encoder settings on the leg (bitrate, in-band FEC, expected loss: RFC 7587 §3.1, RFC 6716
    /// §2.1.7), no signalling; in order with ``changeCodec(cic:leg:codec:remote:)``. False when the call or leg is
    /// gone or the leg is not Opus at that sample rate and frame size.
    @discardableResult
    public func adaptOpus(cic: Int, leg: MediaLegID, settings: OpusSettings) -> EventLoopFuture<Bool> {
        eventLoop.submit {
            guard let call = self.calls[cic] else { return false }
            return try call.bridge.adaptOpus(leg, settings: settings)
        }
    }

    /// The codec a leg runs now (nil: no such call or leg).
    public func codec(cic: Int, leg: MediaLegID) async throws -> MediaLegCodec? {
        try await eventLoop.submit { self.calls[cic]?.bridge.codec(of: leg) }.get()
    }

    /// Where the call's RTCP report blocks about our streams go (`nil`: nowhere), as ``AppLegReport``s on the
    /// event loop. Ends with the call.
    public func setReportTap(cic: Int, tap: ReportTap?) {
        eventLoop.execute { self.calls[cic]?.reports = tap }
    }

    /// Whether `leg` is sent media: false while its device holds the call (RFC 3264 §6.1: a stream offered
    /// sendonly or inactive is answered recvonly or inactive, and we send nothing on it; RTCP goes on, §8.4).
    public func setSending(cic: Int, leg: MediaLegID, _ sending: Bool) {
        eventLoop.execute {
            guard let call = self.calls[cic] else { return }
            if sending { call.silenced.remove(leg) } else { call.silenced.insert(leg) }
        }
    }

    /// A branch sent early media (183 with SDP): the caller hears it instead of the ringback.
    public func earlyMedia(cic: Int, leg: MediaLegID) {
        eventLoop.execute { self.calls[cic]?.bridge.earlyMedia(from: leg) }
    }

    /// A branch answered: its leg only; the other legs close.
    public func answered(cic: Int, leg: MediaLegID) async throws {
        let others: [RTPLegTransport] = try await eventLoop.submit {
            guard let call = self.calls[cic] else { throw ServiceError.noCall(cic) }
            call.bridge.answer(leg)
            let others = call.legs.filter { $0.key != leg }.map(\.value)
            call.legs = call.legs.filter { $0.key == leg }
            return others
        }.get()
        for transport in others { try? await transport.close() }
    }

    /// Plays `samples` (8 kHz linear) to the caller on the timeslot, after any announcement already queued;
    /// `finished` runs on the event loop once the last sample has gone out (not when `stopAnnouncements` or the
    /// call's end drops it).
    public func play(cic: Int, samples: [Int16], finished: @escaping @Sendable () -> Void = {}) {
        eventLoop.execute {
            guard let call = self.calls[cic] else { return }
            let id = call.nextAnnouncement
            call.nextAnnouncement += 1
            call.announcements[id] = finished
            call.bridge.play(samples, id: id)
        }
    }

    /// Drops the queued announcements of the call (their `finished` never runs).
    public func stopAnnouncements(cic: Int) {
        eventLoop.execute {
            guard let call = self.calls[cic] else { return }
            call.announcements.removeAll()
            call.bridge.stopAnnouncements()
        }
    }

    /// The gateway answered the call itself (voicemail): no ringback, silence between announcements; the legs close.
    public func answerLocally(cic: Int) {
        eventLoop.execute {
            guard let call = self.calls[cic] else { return }
            call.bridge.answerLocally()
            let legs = Array(call.legs.values)
            call.legs.removeAll()
            for transport in legs { Task { try? await transport.close() } }
        }
    }

    /// Records (or stops recording) the caller's audio.
    public func setRecording(cic: Int, tap: RecordingTap?) {
        eventLoop.execute {
            guard let call = self.calls[cic] else { return }
            call.tap = tap
            call.bridge.recording = tap != nil
        }
    }

    /// Where the caller's key presses go (`nil`: nowhere; towards the app they travel as RFC 4733 events anyway).
    public func setDigitTap(cic: Int, tap: DigitTap?) {
        eventLoop.execute { self.calls[cic]?.digits = tap }
    }

    /// The call ended: its timeslot returns to the idle pattern and its legs close (RTCP BYE).
    public func detach(cic: Int) async throws {
        let legs: [RTPLegTransport] = try await eventLoop.submit {
            self.calls.removeValue(forKey: cic).map { Array($0.legs.values) } ?? []
        }.get()
        for transport in legs { try? await transport.close() }
    }

    /// As ``detach(cic:)`` without waiting: the call is removed on the event loop before anything asked after it
    /// (a new call attaching the same CIC), and its legs close in the background.
    public func end(cic: Int) {
        eventLoop.execute {
            guard let call = self.calls.removeValue(forKey: cic) else { return }
            for transport in call.legs.values {
                Task { try? await transport.close() }
            }
        }
    }

    /// Stops the timer and closes every socket.
    public func shutdown() async throws {
        let cics = try await eventLoop.submit {
            self.timer?.cancel()
            self.timer = nil
            return Array(self.calls.keys)
        }.get()
        for cic in cics { try await detach(cic: cic) }
        let channels = try await eventLoop.submit { self.wires.values.map(\.channel) }.get()
        for channel in channels { try? await channel.close() }
    }

    // MARK: The period timer (on the event loop)

    private func startTimer() {
        start = .now()
        let tick = configuration.pseudowires.map(\.periodMicroseconds).min() ?? 1000
        timer = eventLoop.scheduleRepeatedTask(initialDelay: .microseconds(Int64(tick)), delay: .microseconds(Int64(tick)))
        { [weak self] _ in
            self?.runDuePeriods()
        }
    }

    /// Runs every period that is due on each pseudowire by the loop's clock (the timer only wakes us up; drift
    /// and late wake-ups are caught up here, so the packet cadence follows the clock, not the timer).
    private func runDuePeriods() {
        let elapsed = (NIODeadline.now() - start).nanoseconds / 1000
        for wire in wires.values {
            let due = Int(elapsed) / wire.configuration.periodMicroseconds
            if due - wire.periodsRun > configuration.maximumCatchUp {
                statistics.skippedPeriods += due - wire.periodsRun - configuration.maximumCatchUp
                wire.periodsRun = due - configuration.maximumCatchUp
            }
            while wire.periodsRun < due {
                runPeriod(wire)
                wire.periodsRun += 1
            }
        }
    }

    private func runPeriod(_ wire: Wire) {
        statistics.periods += 1
        let received = wire.channelizer.pull()
        var outgoing: [Int: [UInt8]] = [:]
        for (cic, call) in calls where call.location.pseudowire == wire.configuration.name {
            let slot = call.location.timeslot
            let (toTDM, actions) = call.bridge.exchangeTDM(received: received.octets(slot) ?? [], lost: received.lost)
            outgoing[slot] = toTDM
            for action in actions {
                switch action {
                case .sendRTP(let leg, let rtp):
                    guard let transport = call.legs[leg], !call.silenced.contains(leg) else { continue }
                    statistics.rtpSent += 1
                    transport.send(
                        payloadType: rtp.payloadType, payload: ByteBuffer(bytes: rtp.payload), samples: rtp.samples,
                        marker: rtp.marker)
                case .recorded(let samples):
                    call.tap?(cic, samples)
                case .announcementFinished(let id):
                    call.announcements.removeValue(forKey: id)?()
                case .digit(let digit):
                    call.digits?(cic, digit)
                }
            }
        }
        let packet = wire.channelizer.makePacket(outgoing: outgoing).encoded(rtp: .none)
        if let tap = configuration.wireTap, let local = wire.channel.localAddress {
            tap(MediaWireRecord(time: Date(), sent: true, local: local, remote: wire.remote, bytes: packet))
        }
        wire.channel.writeAndFlush(AddressedEnvelope(remoteAddress: wire.remote, data: packet), promise: nil)
    }

    /// An app leg's RTCP (on the event loop): the blocks about our SSRC go to the call's report tap.
    private func receiveRTCP(_ compound: RTCPCompoundPacket, cic: Int, leg: MediaLegID, ssrc: UInt32) {
        guard let call = calls[cic], let tap = call.reports else { return }
        let blocks = AppLegReport.blocks(about: ssrc, in: compound)
        guard !blocks.isEmpty else { return }
        // The same wallclock `RTPLegTransport` gives its session's NTP epoch (RFC 5905 §6: era 0 starts 1900).
        let seconds = Date().timeIntervalSince1970 + 2_208_988_800
        let arrival = NTPTimestamp(rawValue: UInt64(seconds * 4_294_967_296))
        let clockRate = call.bridge.codec(of: leg)?.format.rtpClockRate ?? 8000
        for (reporter, block) in blocks {
            tap(
                AppLegReport(
                    cic: cic, leg: leg, reporter: reporter, block: block, arrival: arrival, clockRate: clockRate))
        }
    }

    fileprivate func receive(_ envelope: AddressedEnvelope<ByteBuffer>, pseudowire: String) {
        guard let wire = wires[pseudowire] else { return }
        if let tap = configuration.wireTap, let local = wire.channel.localAddress {
            tap(MediaWireRecord(time: Date(), sent: false, local: local, remote: envelope.remoteAddress, bytes: envelope.data))
        }
        wire.channelizer.receive(envelope.data)
    }
}

private final class PseudowireHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let service: MediaBridgeService
    private let name: String

    init(service: MediaBridgeService, name: String) {
        self.service = service
        self.name = name
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        service.receive(unwrapInboundIn(data), pseudowire: name)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port unreachable while the CE is not up yet: the pseudowire keeps its cadence (RFC 5086 §6).
    }
}
