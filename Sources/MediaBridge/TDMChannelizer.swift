public import MediaSessions
public import NIOCore
public import TDMWire

/// One CESoPSN pseudowire (RFC 5086 basic mode, structure-aware) split into per-timeslot A-law octet streams.
///
/// Pure: packets in; per packetisation period (F frames of 125 µs, the caller's timer) one `pull` giving the
/// received octets of every timeslot and one `makePacket` taking the octets to send.
/// ```
///  PSN ──packet──▶ receive ──▶ PseudowireJitterBuffer ──pull──▶ [timeslot: F octets] ──▶ calls
///  PSN ◀──packet── PseudowireSender ◀── N × F payload ◀── [timeslot: F octets] or idle ◀── calls
/// ```
/// - Loss and misordering: the jitter buffer orders by sequence number; a missing packet plays as the idle pattern
///   (0xD5, A-law silence) and is flagged `lost` so a call can conceal it (RFC 5086 §6.2).
/// - R bit: set while the CE-bound side is in loss-of-packets state (RFC 5086 §5.2: "the R bit ... MUST be set
///   by the PSN-bound IWF ... if its local CE-bound IWF is in the packet loss state").
/// - L bit: never set — the gateway is its own attachment circuit and has no TDM failure to report.
/// - Timeslots without a call carry the idle pattern (RFC 5086 §5.1 payload stays N × F octets).
public struct TDMChannelizer: Sendable {
    /// A-law silence (G.711 Table 1 with even bits inverted): the idle pattern of a voice timeslot.
    public static let idleOctet: UInt8 = 0xD5

    /// What one period brings from the PSN.
    public struct Received: Hashable, Sendable {
        /// The period's N × F octets, frame by frame (RFC 5086 §5.1), timeslots in `timeslots` order.
        public var payload: [UInt8]
        public var timeslots: [Int]
        /// True when the period was replaced (packet lost, late, L bit or not yet started): conceal, do not play.
        public var lost: Bool
        /// Playout has not started (the jitter buffer is filling).
        public var waiting: Bool

        /// The F octets of one carried timeslot (nil for a timeslot the pseudowire does not carry).
        public func octets(_ slot: Int) -> [UInt8]? {
            guard let index = timeslots.firstIndex(of: slot) else { return nil }
            return Array(stride(from: index, to: payload.count, by: timeslots.count).lazy.map { payload[$0] })
        }

        /// F octets per carried timeslot.
        public var octets: [Int: [UInt8]] {
            Dictionary(uniqueKeysWithValues: timeslots.compactMap { slot in octets(slot).map { (slot, $0) } })
        }
    }

    public struct Counters: Hashable, Sendable {
        public var received = 0
        public var malformed = 0
        public var late = 0
        public var duplicate = 0
        public var overflow = 0
        public var sent = 0

        /// Counts one packet by what the playout buffer did with it.
        mutating func count(_ arrival: PseudowireJitterBuffer.Arrival) {
            switch arrival {
            case .buffered: received += 1
            case .late: late += 1
            case .duplicate: duplicate += 1
            case .overflow: overflow += 1
            }
        }
    }

    public let timeslots: [Int]
    public let framesPerPacket: Int
    public private(set) var counters = Counters()
    private var buffer: PseudowireJitterBuffer
    private var sender: PseudowireSender

    public init(
        timeslots: [Int], framesPerPacket: Int, jitterDepth: Int = 4, maximumJitterDepth: Int? = nil,
        initialSequence: UInt16
    ) {
        precondition(!timeslots.isEmpty && framesPerPacket > 0)
        self.timeslots = timeslots
        self.framesPerPacket = framesPerPacket
        buffer = PseudowireJitterBuffer(
            configuration: .init(
                payloadLength: timeslots.count * framesPerPacket, depth: jitterDepth,
                replacement: .idlePattern(Self.idleOctet),
                // Room for a host that stalls for a quarter second (playout then catches up): overflowing drops
                // down to the target depth, so it should mean a faster far end, not a busy machine.
                capacity: max(256, jitterDepth * 4, (maximumJitterDepth ?? jitterDepth) * 4),
                maximumDepth: max(jitterDepth, maximumJitterDepth ?? jitterDepth)))
        sender = PseudowireSender(
            service: .cesopsn(timeslots: timeslots, framesPerPacket: framesPerPacket), initialSequence: initialSequence)
    }

    public init(configuration: PseudowireConfiguration, initialSequence: UInt16) {
        self.init(
            timeslots: configuration.timeslots, framesPerPacket: configuration.framesPerPacket,
            jitterDepth: configuration.jitterDepth, maximumJitterDepth: configuration.maximumJitterDepth,
            initialSequence: initialSequence)
    }

    /// One UDP datagram from the PSN (no RTP header: RFC 5086 §4.2 makes it optional and the E1 side sends none).
    /// Malformed datagrams are counted and dropped (a pseudowire has no error reply; RFC 5086 §6).
    @discardableResult
    public mutating func receive(_ datagram: ByteBuffer) -> PseudowireJitterBuffer.Arrival? {
        let packet: PseudowirePacket
        do {
            packet = try PseudowirePacket.decode(datagram, rtp: .none)
        } catch {
            counters.malformed += 1
            return nil
        }
        // A payload that is not N × F octets (and not an L-bit packet with no payload) belongs to another
        // configuration: RFC 5086 §5.1 "the payload size ... MUST be the same for the life of the PW".
        let length = packet.payload.readableBytes
        guard length == timeslots.count * framesPerPacket || (packet.controlWord.localFailure && length == 0) else {
            counters.malformed += 1
            return nil
        }
        let arrival = buffer.insert(packet)
        counters.count(arrival)
        return arrival
    }

    /// The first half of a packetisation period: the received octets (F per carried timeslot).
    public mutating func pull() -> Received {
        let output = buffer.pull()
        return Received(
            payload: output.octets, timeslots: timeslots, lost: output.kind != .played, waiting: output.kind == .waiting)
    }

    /// The second half: the packet carrying `outgoing` (F octets per timeslot; absent or short timeslots are
    /// filled with the idle pattern), with the next sequence number and R from the loss state.
    public mutating func makePacket(outgoing: [Int: [UInt8]]) -> PseudowirePacket {
        let width = timeslots.count
        var payload = [UInt8](repeating: Self.idleOctet, count: width * framesPerPacket)
        for (slot, channel) in outgoing {
            guard let index = timeslots.firstIndex(of: slot) else { continue }
            for frame in 0..<min(framesPerPacket, channel.count) { payload[frame * width + index] = channel[frame] }
        }
        sender.remoteFailure = buffer.remoteFailureIndication
        counters.sent += 1
        return sender.makePacket(payload: ByteBuffer(bytes: payload))
    }

    /// The far end reports L (its attachment circuit failed) or RDI.
    public var farEndLocalFailure: Bool { buffer.farEndLocalFailure }
    /// In loss-of-packets state (RFC 5086 §6.3): R = 1 goes out.
    public var inLossState: Bool { buffer.remoteFailureIndication }
    public var lostPackets: Int { buffer.lost }
    /// Controlled slips of the playout buffer and the depth it now refills to (it grows after underruns).
    public var slips: Int { buffer.slips }
    public var jitterTargetDepth: Int { buffer.targetDepth }
}
