/// Channel-associated signalling in timeslot 16 of E1 (ITU-T G.704 §5.1.3.2): a 16-frame multiframe, independent of
/// the CRC-4 multiframe, carrying four signalling bits (a b c d) per channel.
///
/// ```
/// TS16 bit:   1  2  3  4   5  6  7  8
/// frame 0:    0  0  0  0   x  y  x  x     multiframe alignment signal 0000; y = remote alarm (loss of multiframe
///                                         alignment at the far end's receiver); x spare, 1 when unused
/// frame n:    a  b  c  d   a  b  c  d     n = 1…15: channel n (timeslot n) | channel n+15 (timeslot n+16)
/// ```
/// Channels 1–15 ride in timeslots 1–15, channels 16–30 in timeslots 17–31. The signalling code of a channel with
/// nothing to say is a b c d = 1 1 0 1 (bits b, c, d unused: b = 1, c = 0, d = 1 as G.704 recommends); 0000 must not be
/// used in the first nibble of frames 1–15, since it imitates the multiframe alignment signal. Calls are signalled by
/// ISUP, not CAS: this carries what a TS16-CAS E1 must, no line states.
public enum E1CAS {
    /// a b c d of a channel with no signalling to send.
    public static let idleABCD: UInt8 = 0b1101
    /// TS16 of frame 0: 0000 x y x x with the spare bits x at 1.
    public static func multiframeAlignmentOctet(remoteAlarm: Bool) -> UInt8 { 0b0000_1011 | (remoteAlarm ? 0x04 : 0) }

    /// The timeslot whose a b c d sit in the high (`first`) or low nibble of TS16 in frame `position` (1–15).
    public static func timeslot(position: Int, first: Bool) -> Int { first ? position : position + 16 }

    /// TS16 of multiframe position `position` (0–15). `abcd[timeslot]` (low four bits used) defaults to `idleABCD`.
    /// A 0000 asked for in the first nibble is sent as `idleABCD` so the multiframe alignment signal is never imitated.
    public static func octet(position: Int, abcd: [Int: UInt8], remoteAlarm: Bool) -> UInt8 {
        guard position % 16 != 0 else { return multiframeAlignmentOctet(remoteAlarm: remoteAlarm) }
        var high = (abcd[timeslot(position: position % 16, first: true)] ?? idleABCD) & 0x0F
        if high == 0 { high = idleABCD }
        let low = (abcd[timeslot(position: position % 16, first: false)] ?? idleABCD) & 0x0F
        return high << 4 | low
    }
}
