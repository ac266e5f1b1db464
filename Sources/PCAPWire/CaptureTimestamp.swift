/// The time a frame was captured, as seconds and nanoseconds since the Unix epoch (UTC).
///
/// Always normalised: `nanoseconds < 1_000_000_000`. Classic pcap stores microseconds or nanoseconds
/// (draft-ietf-opsawg-pcap §5); pcapng stores a 64-bit count of `if_tsresol` units (pcapng §4.3); both are
/// converted exactly when the resolution is a power of ten no finer than a nanosecond.
public struct CaptureTimestamp: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var seconds: Int64
    public var nanoseconds: UInt32

    /// Builds a timestamp, carrying whole seconds out of `nanoseconds`.
    public init(seconds: Int64, nanoseconds: UInt32) {
        let (carry, rest) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        self.seconds = seconds &+ Int64(carry)
        self.nanoseconds = rest
    }

    /// Seconds since the epoch as a `Double` (about microsecond precision for current dates).
    public var epochSeconds: Double {
        Double(seconds) + Double(nanoseconds) / 1_000_000_000
    }

    public static func < (lhs: CaptureTimestamp, rhs: CaptureTimestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    public var description: String {
        let fraction = String(nanoseconds)
        return "\(seconds).\(String(repeating: "0", count: 9 - fraction.count))\(fraction)"
    }
}
