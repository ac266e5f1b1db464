/// Builds the E1 frame stream towards a CE: timeslot 0 alternating FAS and NFAS, the channels' octets in timeslots
/// 1–31 (ITU-T G.704 §2.3), optionally the CRC-4 multiframe (§2.3.3). Pure: octets in, frames out.
///
/// ```
/// frame:  0    1     2    3     …  14   15      (CRC-4 multiframe position; without CRC-4 only even/odd matters)
/// TS0:    FAS  NFAS  FAS  NFAS  …  FAS  NFAS    Si of FAS = C1…C4 (or 1), Si of NFAS = 001011 E E (or 1)
/// TS16:   the channel's octet when it carries one, else `timeslot16`, or with `cas` the CAS multiframe (E1CAS)
/// other:  the channel's octet, or `idle` for a timeslot without a call
/// ```
/// - G.704 §2.3.2: NFAS bit 2 is 1; the A bit (bit 3) is the remote alarm indication, set by the caller while its
///   receive side has no frame alignment (G.706 §4.1.1 loss of frame alignment); Sa4–Sa8 are 1 when not used.
/// - Without CRC-4 the Si bits are sent as 1 (§2.3.2 reserves them for international use, 1 when unused).
/// - With CRC-4 (§2.3.3.5.2) each submultiframe's C bits carry the CRC-4 of the SMF before it. The E bits (frames 13
///   and 15) report the received SMFs the caller's `E1CRC4Monitor` checked, oldest first, one each, 0 for an errored
///   one (§2.3.3.4); with none pending they are 1. At most `maximumPendingEBits` (1 s of SMFs, §2.3.3.4's bound on
///   the delay) wait; older reports beyond that are dropped.
/// - With `cas` (§5.1.3.2) TS16 carries the CAS multiframe at the same 16-frame position: 0000 x y x x in frame 0 (y
///   = `remoteMultiframeAlarm`), then a b c d of channels n and n+15 (`abcd`, idle 1101).
public struct E1Framer: Sendable {
    public struct Configuration: Hashable, Sendable {
        /// The octet of a channel timeslot without a call (0xD5: A-law silence, G.711).
        public var idle: UInt8
        /// TS16 when no channel is given for it: the signalling/idle pattern of the trunk.
        public var timeslot16: UInt8
        /// Send the CRC-4 multiframe (G.704 §2.3.3).
        public var crc4: Bool
        /// Send the CAS multiframe in TS16 (G.704 §5.1.3.2) instead of `timeslot16`.
        public var cas: Bool

        public init(idle: UInt8 = 0xD5, timeslot16: UInt8 = 0xD5, crc4: Bool = false, cas: Bool = false) {
            self.idle = idle
            self.timeslot16 = timeslot16
            self.crc4 = crc4
            self.cas = cas
        }
    }

    public let configuration: Configuration
    /// Frames built so far (the multiframe position is this modulo 16).
    public private(set) var framesBuilt = 0
    /// The A bit of the NFAS frames: the caller's receive side is not in frame alignment.
    public var remoteAlarm = false
    /// CAS: the y bit, set while the caller's receive side has no CAS multiframe alignment (G.704 §5.1.3.2).
    public var remoteMultiframeAlarm = false
    /// CAS: a b c d per timeslot (1–15, 17–31); absent ones send `E1CAS.idleABCD`.
    public var abcd: [Int: UInt8] = [:]
    /// G.704 §2.3.3.4: an errored SMF must be reported "within 1 second": 1000 SMFs at most wait.
    public static let maximumPendingEBits = 1000
    /// E bits still to send, oldest first (false = errored SMF).
    public private(set) var pendingEBits: [Bool] = []
    /// CRC-4 of the last complete submultiframe, carried in the next one's C bits.
    private var previousCRC: UInt8 = 0
    /// The frames of the SMF being built (CRC-4 only).
    private var submultiframe: [E1Frame] = []

    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// The next `count` frames. `channels[slot][f]` is timeslot `slot`'s octet in frame `f` (1–31; timeslots
    /// absent, and frames beyond a short array, carry the idle pattern or, for TS16, `timeslot16`).
    public mutating func makeFrames(count: Int, channels: [Int: [UInt8]]) -> [E1Frame] {
        var frames: [E1Frame] = []
        frames.reserveCapacity(count)
        for f in 0..<max(0, count) {
            var slots = [UInt8](repeating: configuration.idle, count: E1Frame.timeslotCount)
            slots[16] =
                configuration.cas
                ? E1CAS.octet(position: framesBuilt % 16, abcd: abcd, remoteAlarm: remoteMultiframeAlarm)
                : configuration.timeslot16
            for (slot, octets) in channels where (1...31).contains(slot) && f < octets.count { slots[slot] = octets[f] }
            slots[0] = timeslotZero()
            var frame = E1Frame(timeslots: slots)
            if configuration.crc4 { frame = completeSubmultiframe(with: frame) }
            frames.append(frame)
            framesBuilt += 1
        }
        return frames
    }

    /// One received SMF checked by the receive side (`E1CRC4Monitor`): its E bit goes out in the next E bit slot.
    public mutating func reportReceivedSubmultiframe(errored: Bool) {
        pendingEBits.append(!errored)
        if pendingEBits.count > Self.maximumPendingEBits {
            pendingEBits.removeFirst(pendingEBits.count - Self.maximumPendingEBits)
        }
    }

    /// TS0 of the next frame: FAS on even positions, NFAS on odd (G.704 §2.3.2), with the Si bit.
    private mutating func timeslotZero() -> UInt8 {
        let position = framesBuilt % 16
        if position % 2 == 0 {
            guard configuration.crc4 else { return E1Frame.fasOctet(si: true) }
            // C bit (position / 2 % 4) of the previous SMF's CRC, C1 first.
            let c = (position % 8) / 2
            return E1Frame.fasOctet(si: (previousCRC >> UInt8(3 - c)) & 1 == 1)
        }
        var si = true
        if configuration.crc4 {
            // §2.3.3.4: "setting the binary state of one E-bit from 1 to 0 for each errored sub-multiframe".
            let eBit = (position == 13 || position == 15) && !pendingEBits.isEmpty ? pendingEBits.removeFirst() : true
            si = E1CRC4.nfasSi(position: position, eBits: (eBit, eBit))
        }
        return E1Frame.nfasOctet(si: si, remoteAlarm: remoteAlarm)
    }

    /// Collects the SMF; at its eighth frame computes its CRC for the next SMF's C bits.
    private mutating func completeSubmultiframe(with frame: E1Frame) -> E1Frame {
        submultiframe.append(frame)
        if submultiframe.count == 8 {
            previousCRC = E1CRC4.checksum(of: submultiframe[...])
            submultiframe.removeAll(keepingCapacity: true)
        }
        return frame
    }
}
