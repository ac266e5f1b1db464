/// The GSM 03.38 (3GPP TS 23.038 §6.2.1) default alphabet and its extension table, one septet per octet as SMPP
/// carries it with data_coding 0 ("SMSC Default Alphabet").
public enum GSM0338 {
    /// The escape septet that selects the extension table (§6.2.1.1).
    public static let escape: UInt8 = 0x1B

    /// The basic character set, indexed by septet. 0x1B is the escape (shown as a space here and never produced).
    static let basic: [Character] = Array(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u{A0}ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")

    /// The extension table (§6.2.1.1): septet after ESC → character.
    static let extensionTable: [UInt8: Character] = [
        0x0A: "\u{0C}", 0x14: "^", 0x28: "{", 0x29: "}", 0x2F: "\\", 0x3C: "[", 0x3D: "~", 0x3E: "]", 0x40: "|",
        0x65: "€",
    ]

    static let basicReverse: [Character: UInt8] = {
        var table: [Character: UInt8] = [:]
        for (index, character) in basic.enumerated() where index != Int(escape) { table[character] = UInt8(index) }
        return table
    }()

    static let extensionReverse: [Character: UInt8] = {
        var table: [Character: UInt8] = [:]
        for (septet, character) in extensionTable { table[character] = septet }
        return table
    }()

    /// The septets of `text`, or `nil` when a character is in neither table.
    public static func encode(_ text: String) -> [UInt8]? {
        var septets: [UInt8] = []
        septets.reserveCapacity(text.count)
        for character in text {
            if let septet = basicReverse[character] {
                septets.append(septet)
            } else if let septet = extensionReverse[character] {
                septets.append(escape)
                septets.append(septet)
            } else {
                return nil
            }
        }
        return septets
    }

    /// The text of unpacked septets. Octets above 0x7F are masked to 7 bits; an escape before a septet the
    /// extension table lacks reads as that septet's basic character ("the default ... character set ... shall be
    /// displayed", §6.2.1.1); a trailing escape reads as a space.
    public static func decode(_ septets: some Sequence<UInt8>) -> String {
        var text = ""
        var escaped = false
        for octet in septets {
            let septet = octet & 0x7F
            if escaped {
                escaped = false
                // ESC ESC is reserved for another extension table: shown as a space.
                text.append(extensionTable[septet] ?? (septet == escape ? " " : basic[Int(septet)]))
            } else if septet == escape {
                escaped = true
            } else {
                text.append(basic[Int(septet)])
            }
        }
        if escaped { text.append(" ") }
        return text
    }
}
