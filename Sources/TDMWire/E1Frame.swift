/// One E1 frame: 32 eight-bit timeslots, 256 bits, 8000 frames per second (ITU-T G.704 §2.3).
///
/// Timeslot 0 alternates between the frame alignment signal (FAS) and the non-FAS word (G.704 Table 4a):
/// ```
/// bit:        1    2  3  4  5  6  7  8
/// FAS frame:  Si   0  0  1  1  0  1  1
/// NFAS frame: Si   1  A  Sa4 Sa5 Sa6 Sa7 Sa8
/// ```
/// Bit 1 is the most significant bit of the octet (transmitted first). Timeslot 16 carries CAS or CCS
/// signalling or a 64 kbit/s channel; timeslots 1–15 and 17–31 carry the 30 voice channels.
public struct E1Frame: Hashable, Sendable {
    public static let timeslotCount = 32
    public static let octets = 32
    /// Bits 2–8 of timeslot 0 in a FAS frame: 0011011 (G.704 §2.3.2).
    public static let frameAlignmentSignal: UInt8 = 0b001_1011

    /// The 32 timeslot octets, timeslot 0 first.
    public private(set) var timeslots: [UInt8]

    public init(timeslots: [UInt8]) {
        precondition(timeslots.count == Self.timeslotCount, "E1 frame has 32 timeslots")
        self.timeslots = timeslots
    }

    /// A frame whose channel timeslots all carry `idle` and whose timeslot 0 is a FAS (even `index`) or NFAS word.
    /// The idle pattern is 0xD5 for A-law speech channels, 0xFF for data (RFC 5086 §6 leaves it configurable).
    public init(index: Int, idle: UInt8 = 0xD5, si: Bool = true, remoteAlarm: Bool = false) {
        var slots = [UInt8](repeating: idle, count: Self.timeslotCount)
        slots[0] = index % 2 == 0 ? Self.fasOctet(si: si) : Self.nfasOctet(si: si, remoteAlarm: remoteAlarm)
        self.timeslots = slots
    }

    public subscript(timeslot: Int) -> UInt8 {
        get { timeslots[timeslot] }
        set { timeslots[timeslot] = newValue }
    }

    /// Timeslot 0 carries the FAS in bits 2–8.
    public var hasFrameAlignmentSignal: Bool { Self.isFAS(timeslots[0]) }

    /// G.704 §2.3.2: in a non-FAS frame bit 2 of timeslot 0 is fixed to 1 "to avoid simulations of the FAS".
    public var hasNFASBit2: Bool { Self.isNFAS(timeslots[0]) }

    /// Bit 3 of an NFAS word: the remote alarm indication (A bit).
    public var remoteAlarm: Bool { timeslots[0] & 0x20 != 0 }

    public static func isFAS(_ octet: UInt8) -> Bool { octet & 0x7F == frameAlignmentSignal }
    public static func isNFAS(_ octet: UInt8) -> Bool { octet & 0x40 != 0 }

    public static func fasOctet(si: Bool) -> UInt8 { (si ? 0x80 : 0) | frameAlignmentSignal }

    /// NFAS word with the national Sa bits set to 1 (G.704 §2.3.2: "set to 1 ... when not used").
    public static func nfasOctet(si: Bool, remoteAlarm: Bool) -> UInt8 {
        (si ? 0x80 : 0) | 0x40 | (remoteAlarm ? 0x20 : 0) | 0x1F
    }
}
