/// Text ↔ short_message octets for the alphabets data_coding names (SMPP 3.4 §5.2.19).
public enum SMPPText {
    /// The narrowest encoding of `text`: GSM 03.38 (data_coding 0) when every character is in the default alphabet
    /// or its extension, else UCS-2 (data_coding 8; UTF-16 big-endian so characters beyond the BMP survive).
    public static func encode(_ text: String) -> (SMPPDataCoding, [UInt8]) {
        if let septets = GSM0338.encode(text) { return (.smscDefault, septets) }
        return (.ucs2, ucs2(text))
    }

    /// `text` in the alphabet `dataCoding` names; `nil` when a character cannot be written in it.
    public static func encode(_ text: String, as dataCoding: SMPPDataCoding) -> [UInt8]? {
        switch dataCoding {
        case .smscDefault: return GSM0338.encode(text)
        case .ia5: return text.unicodeScalars.allSatisfy { $0.isASCII } ? Array(text.utf8) : nil
        case .latin1:
            guard text.unicodeScalars.allSatisfy({ $0.value <= 0xFF }) else { return nil }
            return text.unicodeScalars.map { UInt8($0.value) }
        case .ucs2: return ucs2(text)
        default: return nil
        }
    }

    /// The text of short_message octets in `dataCoding`'s alphabet. Binary and unknown codings read as Latin-1 so
    /// nothing is lost; an odd trailing UCS-2 octet is dropped.
    public static func decode(_ bytes: [UInt8], dataCoding: SMPPDataCoding) -> String {
        switch dataCoding {
        case .smscDefault: return GSM0338.decode(bytes)
        case .ucs2:
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var index = 0
            while index + 1 < bytes.count {
                units.append(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]))
                index += 2
            }
            return String(decoding: units, as: UTF16.self)
        default:
            // IA5 is a subset of Latin-1.
            return SMPPLatin1.string(bytes)
        }
    }

    static func ucs2(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf16.count * 2)
        for unit in text.utf16 {
            bytes.append(UInt8(unit >> 8))
            bytes.append(UInt8(unit & 0xFF))
        }
        return bytes
    }
}
