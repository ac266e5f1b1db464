/// A minimal JSON object writer for one-object-per-line output: fast enough for millions of records and with no
/// reflection. Keys are written in the order they are added.
struct JSONLine {
    /// The output; a caller may hand in a buffer to append to (see `init(appendingTo:)`).
    private(set) var bytes: [UInt8]
    /// Bit n set: the object at nesting depth n already has a member, so the next one needs a comma.
    private var hasMember: UInt64 = 0
    private var depth = 0

    init() {
        self.init(appendingTo: [])
    }

    /// Starts an object at the end of `buffer` (moved in, so no copy is made).
    init(appendingTo buffer: [UInt8]) {
        bytes = buffer
        bytes.reserveCapacity(bytes.count + 320)
        bytes.append(UInt8(ascii: "{"))
    }

    mutating func key(_ key: StaticString) {
        let bit: UInt64 = 1 << depth
        if hasMember & bit != 0 { bytes.append(UInt8(ascii: ",")) }
        hasMember |= bit
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func field(_ name: StaticString, _ value: some BinaryInteger) {
        key(name)
        appendInteger(value)
    }

    mutating func field(_ name: StaticString, _ value: (some BinaryInteger)?) {
        if let value { field(name, value) }
    }

    mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        appendString(value)
    }

    /// Seconds since the epoch with the capture's precision: six decimals, or nine when nanoseconds are present.
    mutating func field(_ name: StaticString, seconds: Int64, nanoseconds: UInt32) {
        key(name)
        var whole = seconds
        var fraction = Int64(nanoseconds)
        if whole < 0 && fraction > 0 {
            // Render negative times as -(|t|); captures before 1970 are odd but must not print garbage.
            bytes.append(UInt8(ascii: "-"))
            whole = -(whole + 1)
            fraction = 1_000_000_000 - fraction
        }
        appendInteger(whole)
        bytes.append(UInt8(ascii: "."))
        let digits = fraction % 1000 == 0 ? 6 : 9
        let scaled = digits == 6 ? fraction / 1000 : fraction
        var divisor: Int64 = digits == 6 ? 100_000 : 100_000_000
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8((scaled / divisor) % 10))
            divisor /= 10
        }
    }

    /// Opens a nested object (at most 63 levels, far more than a record uses).
    mutating func beginObject(_ name: StaticString) {
        key(name)
        bytes.append(UInt8(ascii: "{"))
        depth += 1
        hasMember &= ~(1 << depth)
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        depth -= 1
    }

    /// Closes the top-level object and adds the newline.
    mutating func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    private mutating func appendInteger(_ value: some BinaryInteger) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendMagnitude(UInt64(truncatingIfNeeded: -Int64(value)))
        } else {
            appendMagnitude(UInt64(value))
        }
    }

    private mutating func appendMagnitude(_ value: UInt64) {
        if value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var count = 0
        var probe = value
        while probe > 0 {
            count += 1
            probe /= 10
        }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var rest = value
        var index = start + count - 1
        while rest > 0 {
            bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
    }

    /// RFC 8259 §7 string escaping.
    private mutating func appendString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: value.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
