/// The `if_tsresol` option of a pcapng Interface Description Block (pcapng §4.2, option code 9).
///
/// ```
///  bit 7   bits 6..0
/// +-----+-----------+
/// |  B  |     n     |   B = 0: units of 10^-n s;  B = 1: units of 2^-n s
/// +-----+-----------+
/// ```
/// When absent the resolution is 10^-6 (microseconds).
public enum PCAPNGTimestampResolution: Hashable, Sendable {
    /// Units of 10^-n seconds, n in 0...19.
    case decimal(UInt8)
    /// Units of 2^-n seconds, n in 0...63.
    case binary(UInt8)

    public static let microseconds = PCAPNGTimestampResolution.decimal(6)
    public static let nanoseconds = PCAPNGTimestampResolution.decimal(9)

    /// Decodes the option byte; `nil` when the exponent cannot be represented with 64-bit units.
    public init?(optionValue: UInt8) {
        let exponent = optionValue & 0x7F
        if optionValue & 0x80 == 0 {
            guard exponent <= 19 else { return nil }
            self = .decimal(exponent)
        } else {
            guard exponent <= 63 else { return nil }
            self = .binary(exponent)
        }
    }

    /// The option byte as written in the IDB.
    public var optionValue: UInt8 {
        switch self {
        case .decimal(let n): n & 0x7F
        case .binary(let n): 0x80 | (n & 0x7F)
        }
    }

    /// Converts a count of units (plus `if_tsoffset` seconds) to a timestamp. Never traps.
    func timestamp(units: UInt64, offsetSeconds: Int64 = 0) -> CaptureTimestamp {
        switch self {
        case .decimal(let n):
            let scale = pow10(Int(n))
            let (seconds, fraction) = units.quotientAndRemainder(dividingBy: scale)
            let nanos: UInt64 = n <= 9 ? fraction &* pow10(9 - Int(n)) : fraction / pow10(Int(n) - 9)
            return CaptureTimestamp(
                seconds: Int64(truncatingIfNeeded: seconds) &+ offsetSeconds, nanoseconds: UInt32(nanos))
        case .binary(let n):
            let shift = UInt64(n)
            let seconds = units >> shift
            let fraction = units & ((1 << shift) &- 1)
            // fraction * 10^9 / 2^n, using the full 128-bit product so nothing overflows.
            let product = fraction.multipliedFullWidth(by: 1_000_000_000)
            let nanos = shift == 0 ? 0 : (product.low >> shift) | (product.high << (64 - shift))
            return CaptureTimestamp(
                seconds: Int64(truncatingIfNeeded: seconds) &+ offsetSeconds,
                nanoseconds: UInt32(truncatingIfNeeded: min(nanos, 999_999_999)))
        }
    }

    /// Converts a timestamp to a count of units, saturating instead of overflowing.
    func units(of timestamp: CaptureTimestamp) -> UInt64 {
        let seconds = UInt64(clamping: max(0, timestamp.seconds))
        let nanos = UInt64(timestamp.nanoseconds)
        switch self {
        case .decimal(let n):
            let scale = pow10(Int(n))
            let fraction = n <= 9 ? nanos / pow10(9 - Int(n)) : nanos &* pow10(Int(n) - 9)
            let (whole, overflow) = seconds.multipliedReportingOverflow(by: scale)
            if overflow { return .max }
            let (sum, overflow2) = whole.addingReportingOverflow(fraction)
            return overflow2 ? .max : sum
        case .binary(let n):
            let shift = UInt64(n)
            guard seconds <= (UInt64.max >> shift) else { return .max }
            // nanos * 2^n / 10^9, rounded up so that reading back gives the same nanosecond when n >= 30.
            let numerator = nanos.multipliedFullWidth(by: 1 << shift)
            let (quotient, remainder) = UInt64(1_000_000_000).dividingFullWidth(numerator)
            let fraction = remainder == 0 ? quotient : quotient &+ 1
            return (seconds << shift) &+ fraction
        }
    }
}

@inline(__always)
func pow10(_ n: Int) -> UInt64 {
    var value: UInt64 = 1
    for _ in 0..<max(0, min(n, 19)) { value &*= 10 }
    return value
}
