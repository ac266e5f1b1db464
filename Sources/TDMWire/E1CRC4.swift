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

    /// Writes the multiframe alignment signal, E bits and C bits into 16 frames; `previousCRCs` are the
    /// checksums of the two submultiframes sent before (the returned pair feeds the next call).
    public static func insert(
        into frames: inout [E1Frame], previousCRCs: (UInt8, UInt8), eBits: (Bool, Bool) = (true, true)
    ) -> (UInt8, UInt8) {
        precondition(frames.count == 16, "a CRC-4 multiframe has 16 frames")
        let alignment: [Bool] = [false, false, true, false, true, true]
        for (pair, index) in [1, 3, 5, 7, 9, 11].enumerated() { setSi(&frames[index], alignment[pair]) }
        setSi(&frames[13], eBits.0)
        setSi(&frames[15], eBits.1)
        var crcs: [UInt8] = []
        for (smf, previous) in [(0, previousCRCs.0), (1, previousCRCs.1)] {
            for (c, frameIndex) in stride(from: smf * 8, to: smf * 8 + 8, by: 2).enumerated() {
                setSi(&frames[frameIndex], (previous >> UInt8(3 - c)) & 1 == 1)
            }
            crcs.append(checksum(of: frames[(smf * 8)..<(smf * 8 + 8)]))
        }
        return (crcs[0], crcs[1])
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
