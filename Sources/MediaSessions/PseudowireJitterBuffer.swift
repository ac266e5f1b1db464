import NIOCore
public import TDMWire

/// The CE-bound side of a CESoPSN or SAToP pseudowire: a playout buffer that turns packets back into a continuous
/// TDM stream (RFC 5086 §6, RFC 4553 §6).
///
/// The shell calls `pull()` once per packet period and writes the returned octets to the TDM side.
/// - Sequence numbers (16 bits, wrapping) order the packets; duplicates and packets older than the playout point
///   are dropped (RFC 4553 §6.2 "misordered packets ... that arrive too late are considered lost").
/// - A missing packet, or one with L = 1 (its payload invalid or omitted), plays as the replacement: the idle
///   pattern (0xFF for unstructured/data, 0xD5 for A-law voice; RFC 5086 §6.2 "a configurable idle pattern")
///   or the last good payload repeated.
/// - Loss-of-packets state (RFC 5086 §6.3, RFC 4553 §6.3): entered after `lossStateThreshold` consecutive missing
///   packets, left after `recoveryThreshold` consecutive good ones; while in it the PSN-bound side sends R = 1
///   (`remoteFailureIndication`).
/// - Adaptive depth (RFC 5086 §6.2 leaves "the size of the jitter buffer" to the implementation): playout starts at
///   `depth` packets. Each time playout runs dry ahead of the far end (an underrun slip, see `insert`) the target
///   doubles, up to `maximumDepth`, so a packet network or a host that delivers in bursts stops costing audio after a
///   few slips. After `adaptationWindow` periods without an underrun, the target steps back towards `depth` and the
///   packets held beyond it are dropped (one controlled slip), so the added delay does not stay for ever.
public struct PseudowireJitterBuffer: Sendable {
    public enum Replacement: Hashable, Sendable {
        case idlePattern(UInt8)
        case repeatLast
    }

    public struct Configuration: Hashable, Sendable {
        /// Payload octets per packet (N × F for CESoPSN, e.g. 256 for SAToP at 1 ms).
        public var payloadLength: Int
        /// Packets held before playout starts (the jitter buffer depth).
        public var depth: Int
        public var replacement: Replacement
        public var lossStateThreshold: Int
        public var recoveryThreshold: Int
        /// The most packets held.
        public var capacity: Int
        /// The deepest the adaptive target may grow (equal to `depth`: a fixed-depth buffer).
        public var maximumDepth: Int
        /// Periods without an underrun before the target steps back towards `depth`.
        public var adaptationWindow: Int

        public init(
            payloadLength: Int, depth: Int = 4, replacement: Replacement = .idlePattern(0xFF),
            lossStateThreshold: Int = 3, recoveryThreshold: Int = 2, capacity: Int = 64, maximumDepth: Int? = nil,
            adaptationWindow: Int = 4000
        ) {
            let maximumDepth = maximumDepth ?? depth
            precondition(payloadLength > 0 && depth > 0 && maximumDepth >= depth && capacity >= maximumDepth)
            precondition(adaptationWindow > 0)
            self.payloadLength = payloadLength
            self.depth = depth
            self.replacement = replacement
            self.lossStateThreshold = lossStateThreshold
            self.recoveryThreshold = recoveryThreshold
            self.capacity = capacity
            self.maximumDepth = maximumDepth
            self.adaptationWindow = adaptationWindow
        }
    }

    public enum Arrival: Hashable, Sendable { case buffered, duplicate, late, overflow }

    /// One period of TDM output.
    public struct Output: Hashable, Sendable {
        public var octets: [UInt8]
        /// Which source the octets came from.
        public var kind: Kind
        public enum Kind: Hashable, Sendable {
            case waiting, played, replacedLost, replacedLocalFailure
        }
    }

    public let configuration: Configuration
    private var packets: [UInt64: PseudowirePacket] = [:]
    private var nextSequence: UInt64?
    private var highestSequence: UInt64?
    private var playing = false
    private var lastPayload: [UInt8]
    private var consecutiveMissing = 0
    private var consecutiveGood = 0
    /// In loss-of-packets state: send R = 1 towards the PSN (RFC 5086 §5.2 R bit).
    public private(set) var remoteFailureIndication = false
    /// The last received packet had L = 1: the far attachment circuit has failed (play AIS/idle, RFC 5086 §6.1).
    public private(set) var farEndLocalFailure = false
    /// The last received packet carried M = 0b10 with L = 0: remote defect indication on the far attachment circuit.
    public private(set) var farEndRDI = false
    public private(set) var lost = 0
    public private(set) var played = 0
    /// Controlled slips: the buffer re-centred because the far end's clock and ours drifted apart (see `insert`).
    public private(set) var slips = 0
    /// The depth playout currently refills to (between `depth` and `maximumDepth`).
    public private(set) var targetDepth: Int
    /// Packets held now (the playout delay in packet periods).
    public var bufferedPackets: Int { packets.count }
    /// Periods pulled since the last underrun slip or step down.
    private var quietPeriods = 0

    public init(configuration: Configuration) {
        self.configuration = configuration
        targetDepth = configuration.depth
        if case .idlePattern(let octet) = configuration.replacement {
            lastPayload = [UInt8](repeating: octet, count: configuration.payloadLength)
        } else {
            lastPayload = [UInt8](repeating: 0xFF, count: configuration.payloadLength)
        }
    }

    public mutating func insert(_ packet: PseudowirePacket) -> Arrival {
        let sequence = extend(packet.controlWord.sequenceNumber)
        if playing, let next = nextSequence, sequence < next {
            // A packet newer than any seen yet arriving behind the playout point means playout ran ahead of the far
            // end (our clock is faster than the E1's, or a late timer caught up): with nothing buffered ahead every
            // later packet would be late for ever. Slip, as a TDM elastic store does: restart at this packet and
            // refill, to a deeper target so that the next burst of the same size is absorbed (RFC 5086 §6.2 leaves
            // the buffer's adaptation to the implementation). A straggler (not newer than the newest seen) is late.
            guard packets.isEmpty, let highest = highestSequence, sequence > highest,
                next - sequence <= UInt64(configuration.capacity)
            else { return .late }
            playing = false
            nextSequence = sequence
            slips += 1
            targetDepth = min(configuration.maximumDepth, targetDepth * 2)
            quietPeriods = 0
            packets[sequence] = packet
            highestSequence = max(highestSequence ?? sequence, sequence)
            return .buffered
        }
        guard packets[sequence] == nil else { return .duplicate }
        if packets.count >= configuration.capacity, playing, let highest = highestSequence, sequence > highest {
            // The far end is faster than our playout and the buffer is full: slip forward, dropping the oldest so
            // that the newest `targetDepth` packets remain (bounded delay rather than a buffer that never drains).
            let keepFrom = sequence - UInt64(targetDepth) + 1
            for old in packets.keys where old < keepFrom { packets[old] = nil }
            nextSequence = max(nextSequence ?? keepFrom, keepFrom)
            slips += 1
        }
        guard packets.count < configuration.capacity else { return .overflow }
        packets[sequence] = packet
        highestSequence = max(highestSequence ?? sequence, sequence)
        if nextSequence == nil || (!playing && sequence < nextSequence!) { nextSequence = sequence }
        return .buffered
    }

    public mutating func pull() -> Output {
        guard nextSequence != nil else { return Output(octets: idle, kind: .waiting) }
        if !playing {
            guard packets.count >= targetDepth else { return Output(octets: idle, kind: .waiting) }
            playing = true
        }
        adapt()
        guard let next = nextSequence else { return Output(octets: idle, kind: .waiting) }
        nextSequence = next + 1
        guard let packet = packets.removeValue(forKey: next) else { return missing() }
        let word = packet.controlWord
        farEndLocalFailure = word.localFailure
        farEndRDI = !word.localFailure && word.modifier == PseudowireControlWord.modifierRDI
        consecutiveMissing = 0
        consecutiveGood += 1
        if consecutiveGood >= configuration.recoveryThreshold { remoteFailureIndication = false }
        if word.localFailure || packet.payload.readableBytes != configuration.payloadLength {
            // RFC 5086 §5.2: with L set "the payload ... MAY be omitted"; play the replacement instead.
            return Output(octets: replacement, kind: .replacedLocalFailure)
        }
        played += 1
        lastPayload = packet.payload.readableBytesView.map { $0 }
        return Output(octets: lastPayload, kind: .played)
    }

    /// Steps the target back towards `depth` after a quiet window, dropping the oldest packets held beyond it.
    private mutating func adapt() {
        guard targetDepth > configuration.depth else { return }
        quietPeriods += 1
        guard quietPeriods >= configuration.adaptationWindow else { return }
        quietPeriods = 0
        targetDepth = max(configuration.depth, targetDepth / 2)
        guard packets.count > targetDepth, let next = nextSequence, let highest = highestSequence else { return }
        let keepFrom = highest - UInt64(targetDepth) + 1
        guard keepFrom > next else { return }
        for old in packets.keys where old < keepFrom { packets[old] = nil }
        nextSequence = keepFrom
        slips += 1
    }

    private mutating func missing() -> Output {
        lost += 1
        consecutiveGood = 0
        consecutiveMissing += 1
        if consecutiveMissing >= configuration.lossStateThreshold { remoteFailureIndication = true }
        return Output(octets: replacement, kind: .replacedLost)
    }

    private var idle: [UInt8] {
        if case .idlePattern(let octet) = configuration.replacement {
            return [UInt8](repeating: octet, count: configuration.payloadLength)
        }
        return [UInt8](repeating: 0xFF, count: configuration.payloadLength)
    }

    private var replacement: [UInt8] {
        switch configuration.replacement {
        case .idlePattern(let octet): [UInt8](repeating: octet, count: configuration.payloadLength)
        case .repeatLast: lastPayload
        }
    }

    private func extend(_ sequence: UInt16) -> UInt64 {
        guard let reference = highestSequence else { return UInt64(1) << 32 | UInt64(sequence) }
        let offset = Int64(Int16(bitPattern: sequence &- UInt16(truncatingIfNeeded: reference)))
        return UInt64(Int64(reference) + offset)
    }
}
