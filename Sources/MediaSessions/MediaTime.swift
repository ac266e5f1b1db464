public import RTPWire

/// A point on the session's monotonic clock in nanoseconds, given by the caller (a manual clock in tests, the
/// event loop's `NIODeadline` in the shell). Layer 2 never reads a clock itself.
public struct MediaTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static func milliseconds(_ value: Int64) -> MediaTime { MediaTime(nanoseconds: value * 1_000_000) }
    public static func seconds(_ value: Double) -> MediaTime { MediaTime(nanoseconds: Int64(value * 1e9)) }
    public static let zero = MediaTime(nanoseconds: 0)

    public var seconds: Double { Double(nanoseconds) / 1e9 }

    public static func < (lhs: MediaTime, rhs: MediaTime) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
    public static func + (lhs: MediaTime, rhs: Duration) -> MediaTime {
        MediaTime(nanoseconds: lhs.nanoseconds + rhs.nanosecondsValue)
    }
    public static func - (lhs: MediaTime, rhs: MediaTime) -> Duration {
        .nanoseconds(lhs.nanoseconds - rhs.nanoseconds)
    }

    /// The NTP wallclock of this instant, given the NTP time of `MediaTime.zero` (RFC 3550 §4).
    public func ntp(epoch: NTPTimestamp) -> NTPTimestamp {
        // 2^32 fraction units per second.
        let units = (UInt64(max(nanoseconds, 0)) << 32) / 1_000_000_000
        return NTPTimestamp(rawValue: epoch.rawValue &+ units)
    }

    public var description: String { "t=\(seconds)s" }
}

extension Duration {
    /// Whole nanoseconds (saturating).
    public var nanosecondsValue: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
