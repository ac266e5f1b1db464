/// Character classes of the RFC 3261 §25.1 ABNF, as byte predicates.
enum SIPGrammar {
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }

    /// `token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" )`.
    static func isToken(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || Array("-.!%*_+`'~".utf8).contains(byte)
    }

    /// `mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"`; `unreserved = alphanum / mark`.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || Array("-_.!~*'()".utf8).contains(byte)
    }

    /// `user-unreserved = "&" / "=" / "+" / "$" / "," / ";" / "?" / "/"`.
    static func isUserUnreserved(_ byte: UInt8) -> Bool { Array("&=+$,;?/".utf8).contains(byte) }

    /// The unescaped characters of `password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," )`.
    static func isPasswordCharacter(_ byte: UInt8) -> Bool { isUnreserved(byte) || Array("&=+$,".utf8).contains(byte) }

    /// `param-unreserved = "[" / "]" / "/" / ":" / "&" / "+" / "$"` plus unreserved (`paramchar`).
    static func isParamCharacter(_ byte: UInt8) -> Bool { isUnreserved(byte) || Array("[]/:&+$".utf8).contains(byte) }

    /// `hnv-unreserved = "[" / "]" / "/" / "?" / ":" / "+" / "$"` plus unreserved (`hname`/`hvalue` characters).
    static func isHeaderCharacter(_ byte: UInt8) -> Bool { isUnreserved(byte) || Array("[]/?:+$".utf8).contains(byte) }

    /// `word` of `Call-ID = word [ "@" word ]` (RFC 3261 §25.1).
    static func isWord(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || Array("-.!%*_+`'~()<>:\\\"/[]?{}".utf8).contains(byte)
    }

    /// SP or HTAB (`WSP`); folded lines are already joined before header values are parsed.
    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// Percent-decodes `%HH` escapes (RFC 3261 §19.1.2, `escaped`); a malformed escape is an error.
    static func unescape(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, let value = hexValue(bytes[index + 1], bytes[index + 2])
                else { return nil }
                out.append(value)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-encodes every byte of `text` for which `allowed` is false.
    static func escape(_ text: String, allowing allowed: (UInt8) -> Bool) -> String {
        var out: [UInt8] = []
        for byte in text.utf8 {
            if allowed(byte) {
                out.append(byte)
            } else {
                let digits = Array("0123456789ABCDEF".utf8)
                out.append(UInt8(ascii: "%"))
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ high: UInt8, _ low: UInt8) -> UInt8? {
        guard let h = nibble(high), let l = nibble(low) else { return nil }
        return h << 4 | l
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
