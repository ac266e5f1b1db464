public import NIOCore

/// C-Octet Strings (SMPP 3.4 §3.1): "A series of ASCII characters terminated with the NULL character." The
/// maximum sizes the spec gives include the NULL.
///
/// Bytes are mapped one to one onto Unicode scalars U+0000–U+00FF (Latin-1) so any octet string decodes and
/// re-encodes unchanged; scalars above U+00FF (only in strings built by callers) are written as UTF-8.
extension ByteBuffer {
    /// Reads a C-Octet String of at most `maximumLength` octets (NUL included); `nil` when no NUL appears within
    /// `maximumLength` octets or before the end — the reader index is then unchanged.
    public mutating func readSMPPCString(maximumLength: Int) -> String? {
        let window = Swift.min(maximumLength, readableBytes)
        guard window > 0,
            let bytes = getBytes(at: readerIndex, length: window),
            let end = bytes.firstIndex(of: 0)
        else { return nil }
        moveReaderIndex(forwardBy: end + 1)
        return SMPPLatin1.string(bytes[..<end])
    }

    /// Writes `value` and the terminating NUL; anything from a NUL inside `value` on is not written.
    @discardableResult
    public mutating func writeSMPPCString(_ value: String) -> Int {
        let bytes = SMPPLatin1.bytes(value)
        let written = writeBytes(bytes.prefix { $0 != 0 })
        return written + writeInteger(UInt8(0))
    }
}

/// Lossless octet ↔ string mapping for C-Octet Strings.
public enum SMPPLatin1 {
    /// Each octet as the Unicode scalar of the same value.
    public static func string(_ bytes: some Sequence<UInt8>) -> String {
        var text = ""
        for byte in bytes { text.unicodeScalars.append(Unicode.Scalar(byte)) }
        return text
    }

    /// Scalars up to U+00FF as one octet each; a string with any scalar above that is written as UTF-8.
    public static func bytes(_ text: String) -> [UInt8] {
        let scalars = text.unicodeScalars
        if scalars.allSatisfy({ $0.value <= 0xFF }) { return scalars.map { UInt8($0.value) } }
        return Array(text.utf8)
    }
}
