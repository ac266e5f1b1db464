/// A 128-bit IPv6 address, kept as two big-endian halves.
public struct IPv6Address: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// From 16 bytes in network order; missing bytes are zero, extra bytes ignored.
    public init(bytes: some Sequence<UInt8>) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.prefix(16).enumerated() {
            if index < 8 { high |= UInt64(byte) << (56 - 8 * index) } else { low |= UInt64(byte) << (56 - 8 * (index - 8)) }
        }
        self.init(high: high, low: low)
    }

    /// From eight 16-bit groups.
    public init(groups: [UInt16]) {
        var bytes: [UInt8] = []
        for group in groups.prefix(8) { bytes += [UInt8(group >> 8), UInt8(truncatingIfNeeded: group)] }
        self.init(bytes: bytes)
    }

    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
    }

    public var groups: [UInt16] {
        (0..<4).map { UInt16(truncatingIfNeeded: high >> (48 - 16 * $0)) }
            + (0..<4).map { UInt16(truncatingIfNeeded: low >> (48 - 16 * $0)) }
    }

    /// Parses RFC 4291 §2.2 text: up to eight hex groups, one optional `::`, an optional trailing dotted quad.
    public init?(_ text: String) {
        var body = Substring(text)
        var tail: [UInt16] = []
        if let lastColon = body.lastIndex(of: ":"), body[body.index(after: lastColon)...].contains(".") {
            guard let v4 = IPAddress.parseIPv4(body[body.index(after: lastColon)...]) else { return nil }
            tail = [UInt16(v4 >> 16), UInt16(truncatingIfNeeded: v4)]
            body = body[...lastColon]
            if !body.hasSuffix("::") { body = body.dropLast() }
        }
        func parseGroups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            for piece in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                out.append(value)
            }
            return out
        }
        let doubleColons = body.ranges(of: "::")
        var groups: [UInt16]
        switch doubleColons.count {
        case 0:
            guard let all = parseGroups(body) else { return nil }
            groups = all + tail
            guard groups.count == 8 else { return nil }
        case 1:
            let range = doubleColons[0]
            guard let head = parseGroups(body[..<range.lowerBound]), let rest = parseGroups(body[range.upperBound...])
            else { return nil }
            let known = head.count + rest.count + tail.count
            guard known <= 7 else { return nil }
            groups = head + [UInt16](repeating: 0, count: 8 - known) + rest + tail
        default:
            return nil
        }
        self.init(groups: groups)
    }

    public var description: String {
        let groups = self.groups
        // RFC 5952 §5: IPv4-mapped addresses keep the dotted quad.
        if high == 0, low >> 32 == 0xFFFF {
            return "::ffff:" + IPAddress.dottedQuad(UInt32(truncatingIfNeeded: low))
        }
        // §4.2.3: shorten the longest run (the first when tied) of at least two zero groups.
        var bestStart = -1
        var bestLength = 1
        var index = 0
        while index < 8 {
            if groups[index] == 0 {
                var end = index
                while end < 8, groups[end] == 0 { end += 1 }
                if end - index > bestLength {
                    bestStart = index
                    bestLength = end - index
                }
                index = end
            } else {
                index += 1
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }
}
