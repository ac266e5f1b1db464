/// The optional CRC-4 multiframe of E1 (ITU-T G.704 §2.3.3, §2.3.3.5).
///
/// A multiframe is 16 frames in two submultiframes (SMF) of 8. Bit 1 (Si) of timeslot 0 carries, in the NFAS
/// frames 1, 3, 5, 7, 9, 11 the multiframe alignment signal 001011, in NFAS frames 13 and 15 the E bits, and in
/// the FAS frames of each SMF the bits C1–C4: the CRC-4 (x⁴ + x + 1) of the previous SMF computed with its C bits
/// set to 0 (§2.3.3.5.2).
public enum E1CRC4 {
    /// The CRC-4 of one submultiframe (8 frames), its C bits taken as 0.
    public static func checksum(of submultiframe: ArraySlice<E1Frame>) -> UInt8 {
        var crc: UInt8 = 0
        for (index, frame) in submultiframe.enumerated() {
            for (slot, octet) in frame.timeslots.enumerated() {
                // §2.3.3.5.2: "the C-bits ... shall be set to binary 0" before computing.
                let value = slot == 0 && index % 2 == 0 ? octet & 0x7F : octet
                for bit in (0..<8).reversed() {
                    let input = (value >> UInt8(bit)) & 1
                    let feedback = ((crc >> 3) & 1) ^ input
                    crc = (crc << 1) & 0x0F
                    if feedback == 1 { crc ^= 0x03 }  // x⁴ + x + 1 → taps x¹ and x⁰
                }
            }
        }
        return crc
    }

    /// Writes the multiframe alignment signal, E bits and C bits into 16 frames. `previousCRC` is the checksum of
    /// the submultiframe sent just before (SMF II of the previous multiframe); the returned pair is this
    /// multiframe's (SMF I, SMF II) checksums, and its second element feeds the next call.
    ///
    /// G.704 §2.3.3.5.2: the remainder computed over one SMF goes into the C1–C4 bits of the next SMF — SMF I carries the CRC of the previous multiframe's SMF II, SMF II the CRC of SMF I.
    public static func insert(
        into frames: inout [E1Frame], previousCRC: UInt8, eBits: (Bool, Bool) = (true, true)
    ) -> (UInt8, UInt8) {
        precondition(frames.count == 16, "a CRC-4 multiframe has 16 frames")
        for index in stride(from: 1, to: 16, by: 2) { setSi(&frames[index], nfasSi(position: index, eBits: eBits)) }
        var carried = previousCRC
        var crcs: [UInt8] = []
        for smf in 0..<2 {
            for (c, frameIndex) in stride(from: smf * 8, to: smf * 8 + 8, by: 2).enumerated() {
                setSi(&frames[frameIndex], (carried >> UInt8(3 - c)) & 1 == 1)
            }
            carried = checksum(of: frames[(smf * 8)..<(smf * 8 + 8)])
            crcs.append(carried)
        }
        return (crcs[0], crcs[1])
    }

    /// The Si bit of the NFAS frame at `position` (odd, 1–15) of a multiframe: the multiframe alignment signal
    /// 001011 in frames 1–11, the E bits in 13 and 15 (G.704 Table 5b).
    public static func nfasSi(position: Int, eBits: (Bool, Bool) = (true, true)) -> Bool {
        switch position {
        case 13: eBits.0
        case 15: eBits.1
        default: [false, false, true, false, true, true][(position - 1) / 2]
        }
    }

    /// The C1–C4 bits carried in a submultiframe's FAS frames.
    public static func carriedCRC(in submultiframe: ArraySlice<E1Frame>) -> UInt8 {
        var value: UInt8 = 0
        for frame in submultiframe.enumerated() where frame.offset % 2 == 0 {
            value = value << 1 | frame.element[0] >> 7
        }
        return value
    }

    /// Whether 16 frames start with the multiframe alignment signal 001011 in the NFAS Si bits.
    public static func hasMultiframeAlignment(_ frames: ArraySlice<E1Frame>) -> Bool {
        guard frames.count >= 12 else { return false }
        let bits = [1, 3, 5, 7, 9, 11].map { frames[frames.startIndex + $0][0] >> 7 }
        return bits == [0, 0, 1, 0, 1, 1]
    }

    private static func setSi(_ frame: inout E1Frame, _ value: Bool) {
        frame[0] = (frame[0] & 0x7F) | (value ? 0x80 : 0)
    }
}
