import ISUPWire

/// Where the length-like fields of a well-formed message are, so the mutation loops can set each one off by
/// one — the mistake a real peer makes, and the one a parser most easily gets wrong.
enum LengthFieldOffsets {
    /// A big-endian field: byte offset and width in bytes (1, 2 or 4).
    struct Field: Hashable {
        var offset: Int
        var width: Int
    }

    /// RFC 4666 §3.1 Message Length (octets 4–7) and §3.2 each parameter's Length (16 bits after its tag).
    static func m3ua(_ bytes: [UInt8]) -> [Field] {
        guard bytes.count >= 8 else { return [] }
        return [Field(offset: 4, width: 4)] + paddedTLVLengths(bytes, from: 8)
    }

    /// RFC 9260 §3.2: each chunk's Length (16 bits at chunk offset 2), chunks from octet 12.
    static func sctp(_ bytes: [UInt8]) -> [Field] { paddedTLVLengths(bytes, from: 12) }

    /// RFC 4165 §2.1.5 Message Length (octets 4–7).
    static func m2pa(_ bytes: [UInt8]) -> [Field] { bytes.count >= 8 ? [Field(offset: 4, width: 4)] : [] }

    /// Q.763 §1.5–§1.8: every pointer, every mandatory variable parameter's length indicator, the optional part's
    /// parameter lengths.
    static func isup(_ bytes: [UInt8], variant: ISUPVariant) -> [Field] {
        let typeOffset = variant.cicOctets
        guard typeOffset < bytes.count,
            let layout = ISUPMessageLayout.layout(for: ISUPMessageType(bytes[typeOffset])), !layout.isOpaque
        else { return [] }
        var fields: [Field] = []
        let firstPointer = typeOffset + 1 + layout.fixed.reduce(0) { $0 + $1.length }
        let pointerCount = layout.variable.count + (layout.hasOptionalPart ? 1 : 0)
        for index in 0..<pointerCount {
            let pointer = firstPointer + index
            guard pointer < bytes.count else { break }
            fields.append(Field(offset: pointer, width: 1))
            let target = pointer + Int(bytes[pointer])
            guard bytes[pointer] != 0, target < bytes.count else { continue }
            if index < layout.variable.count {
                fields.append(Field(offset: target, width: 1))
                continue
            }
            // The optional part: name, length, value ... end of optional parameters (0).
            var cursor = target
            while cursor + 1 < bytes.count, bytes[cursor] != 0 {
                fields.append(Field(offset: cursor + 1, width: 1))
                cursor += 2 + Int(bytes[cursor + 1])
            }
        }
        return fields
    }

    /// Type-length-value items with a 16-bit length at item offset 2 that counts the 4-byte header, padded to 4.
    static func paddedTLVLengths(_ bytes: [UInt8], from start: Int) -> [Field] {
        var fields: [Field] = []
        var offset = start
        while offset + 4 <= bytes.count {
            fields.append(Field(offset: offset + 2, width: 2))
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length >= 4 else { break }
            offset += (length + 3) & ~3
        }
        return fields
    }

    /// The two copies of `bytes` with `field` one more and one less (wrapping).
    static func nudged(_ bytes: [UInt8], _ field: Field) -> [[UInt8]] {
        guard field.offset + field.width <= bytes.count else { return [] }
        let range = field.offset..<(field.offset + field.width)
        let value = bytes[range].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let mask: UInt64 = field.width >= 8 ? .max : (1 << UInt64(field.width * 8)) - 1
        return [value &+ 1, value &- 1].map { nudgedValue in
            var copy = bytes
            var rest = nudgedValue & mask
            for index in range.reversed() {
                copy[index] = UInt8(truncatingIfNeeded: rest)
                rest >>= 8
            }
            return copy
        }
    }

    /// Every off-by-one variant of `bytes` over `fields`.
    static func variants(_ bytes: [UInt8], _ fields: [Field]) -> [[UInt8]] {
        fields.flatMap { nudged(bytes, $0) }
    }
}
