public import RTPWire

/// An adaptive, bounded playout buffer for one RTP stream of fixed packet duration (RFC 3550 §6.4.1 jitter,
/// the playout practice of RFC 3550 §10 / ITU-T G.1020 §6).
///
/// The shell calls `pull(at:)` once per packet period (20 ms for G.711 at 20 ms ptime) and plays what it returns:
/// ```
///  waiting ──(first packet + target delay elapsed)──▶ playing
///  playing: next sequence present → .frame
///           absent, later ones buffered → .conceal (loss; sequence advances)
///           absent, nothing buffered    → .conceal (underrun; sequence held, the delay grows by one period)
///           buffered depth > target + 1 → the oldest frame is skipped (the delay shrinks by one period)
/// ```
/// Every pull returns a frame or a concealment signal, so output is continuous. The target delay follows the
/// measured interarrival jitter (Appendix A.8 estimate): `target = packet period + 3 × jitter`, clamped to
/// `[minimumDelay, maximumDelay]`. Duplicates and packets older than the playout point are dropped; at most
/// `capacity` packets are held (a burst beyond it drops the newest).
public struct JitterBuffer: Sendable {
    public struct Configuration: Hashable, Sendable {
        /// Packet duration in timestamp units (160 for 20 ms at 8 kHz).
        public var samplesPerPacket: UInt32
        public var clockRate: Int
        public var minimumDelay: Duration
        public var maximumDelay: Duration
        /// The most packets held at once.
        public var capacity: Int

        public init(
            samplesPerPacket: UInt32 = 160, clockRate: Int = 8000, minimumDelay: Duration = .milliseconds(20),
            maximumDelay: Duration = .milliseconds(200), capacity: Int = 50
        ) {
            precondition(samplesPerPacket > 0 && clockRate > 0 && minimumDelay <= maximumDelay && capacity > 0)
            self.samplesPerPacket = samplesPerPacket
            self.clockRate = clockRate
            self.minimumDelay = minimumDelay
            self.maximumDelay = maximumDelay
            self.capacity = capacity
        }

        var packetPeriod: Duration { .nanoseconds(Int64(samplesPerPacket) * 1_000_000_000 / Int64(clockRate)) }
    }

    /// The result of one arriving packet.
    public enum Arrival: Hashable, Sendable {
        case buffered
        case duplicate
        /// Arrived after its playout time.
        case late
        /// The buffer is full.
        case overflow
    }

    /// What to play for one packet period.
    public enum Playout: Hashable, Sendable {
        /// Playout has not started (the target delay since the first packet has not passed).
        case waiting
        case frame(RTPPacket)
        /// Nothing to play: conceal (PLC or comfort noise) for one period. `lost` is true when the frame is
        /// known lost (later ones arrived), false on an underrun.
        case conceal(lost: Bool)
    }

    public struct Counters: Hashable, Sendable {
        public var played = 0
        public var concealedLost = 0
        public var concealedUnderrun = 0
        public var duplicates = 0
        public var late = 0
        public var overflows = 0
        public var skipped = 0
    }

    public let configuration: Configuration
    public private(set) var counters = Counters()
    /// Current target delay.
    public private(set) var targetDelay: Duration
    private var packets: [UInt64: RTPPacket] = [:]
    private var nextSequence: UInt64?
    private var highestSequence: UInt64?
    private var playoutStart: MediaTime?
    private var playing = false
    // A.8 jitter estimate (timestamp units, ×16).
    private var previousTransit: Int64?
    private var jitterScaled: Int64 = 0

    public init(configuration: Configuration) {
        self.configuration = configuration
        self.targetDelay = configuration.minimumDelay
    }

    /// Interarrival jitter as measured here (A.8), in timestamp units.
    public var jitter: UInt32 { UInt32(jitterScaled >> 4) }

    /// Packets buffered ahead of the playout point.
    public var depth: Int { packets.count }

    /// Takes one packet. Sequence numbers are extended against the highest seen (wrap-safe).
    public mutating func insert(_ packet: RTPPacket, at now: MediaTime) -> Arrival {
        let sequence = extend(packet.header.sequenceNumber)
        measureJitter(packet.header.timestamp, at: now)
        if playing, let next = nextSequence, sequence < next {
            // Older than the playout point: late, or a duplicate of a frame already played.
            counters.late += 1
            return .late
        }
        guard packets[sequence] == nil else {
            counters.duplicates += 1
            return .duplicate
        }
        guard packets.count < configuration.capacity else {
            counters.overflows += 1
            return .overflow
        }
        packets[sequence] = packet
        highestSequence = max(highestSequence ?? sequence, sequence)
        if nextSequence == nil {
            nextSequence = sequence
            playoutStart = now + targetDelay
        } else if !playing, let next = nextSequence, sequence < next {
            nextSequence = sequence
        }
        return .buffered
    }

    /// One packet period of output.
    public mutating func pull(at now: MediaTime) -> Playout {
        guard let next = nextSequence, let start = playoutStart else { return .waiting }
        if !playing {
            guard now >= start else { return .waiting }
            playing = true
            // Start at the oldest packet buffered (reordering before the start is absorbed).
            nextSequence = packets.keys.min() ?? next
        }
        var sequence = nextSequence!
        let targetPackets = Int(targetDelay.nanosecondsValue / configuration.packetPeriod.nanosecondsValue) + 1
        if packets.count > targetPackets + 1, packets[sequence] != nil {
            // Too much delay: drop the oldest frame (time compression by one period).
            packets.removeValue(forKey: sequence)
            counters.skipped += 1
            sequence += 1
        }
        if let packet = packets.removeValue(forKey: sequence) {
            nextSequence = sequence + 1
            counters.played += 1
            return .frame(packet)
        }
        if let highest = highestSequence, highest > sequence {
            nextSequence = sequence + 1
            counters.concealedLost += 1
            return .conceal(lost: true)
        }
        nextSequence = sequence
        counters.concealedUnderrun += 1
        return .conceal(lost: false)
    }

    private func extend(_ sequence: UInt16) -> UInt64 {
        guard let reference = highestSequence ?? nextSequence else { return UInt64(1) << 32 | UInt64(sequence) }
        let offset = Int64(Int16(bitPattern: sequence &- UInt16(truncatingIfNeeded: reference)))
        return UInt64(Int64(reference) + offset)
    }

    private mutating func measureJitter(_ timestamp: UInt32, at now: MediaTime) {
        let arrival = now.nanoseconds * Int64(configuration.clockRate) / 1_000_000_000
        let transit = arrival - Int64(timestamp)
        if let previous = previousTransit {
            let d = abs(Int64(Int32(truncatingIfNeeded: transit - previous)))
            jitterScaled += d - ((jitterScaled + 8) >> 4)
        }
        previousTransit = transit
        let jitterNanoseconds = Int64(jitter) * 1_000_000_000 / Int64(configuration.clockRate)
        let wanted = configuration.packetPeriod + .nanoseconds(3 * jitterNanoseconds)
        targetDelay = min(max(wanted, configuration.minimumDelay), configuration.maximumDelay)
    }
}
