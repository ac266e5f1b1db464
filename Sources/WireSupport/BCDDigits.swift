/// Packing of address signals as ITU-T Q.763 does it: two 4-bit signals per octet,
/// the first signal in the low-order nibble (Q.763 §3.9 "address signal" field, also
/// used by §3.10, §3.38, §3.39, §3.44 …).
public enum BCDDigits {
    /// Unpacks `octets` into nibbles, low nibble first. When `odd` is true the last
    /// high nibble is filler and is dropped.
    @inlinable
    public static func unpack(_ octets: some Collection<UInt8>, odd: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(octets.count * 2)
        for octet in octets {
            out.append(octet & 0x0F)
            out.append(octet >> 4)
        }
        if odd, !out.isEmpty { out.removeLast() }
        return out
    }

    /// Packs nibbles low nibble first; an odd count gets a zero filler nibble (Q.763 §3.9: "filler (in case of
    /// odd number of address signals)": the filler is 0000).
    @inlinable
    public static func pack(_ nibbles: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((nibbles.count + 1) / 2)
        var index = 0
        while index < nibbles.count {
            let low = nibbles[index] & 0x0F
            let high = index + 1 < nibbles.count ? nibbles[index + 1] & 0x0F : 0
            out.append(low | (high << 4))
            index += 2
        }
        return out
    }
}
