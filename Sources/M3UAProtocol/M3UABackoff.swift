/// The reconnect delay: exponential from `reconnectMinimum`, capped at `reconnectMaximum`, minus a random
/// fraction drawn from an injected seed (SplitMix64) so tests are deterministic and ASPs do not reconnect in step.
struct M3UABackoff: Hashable, Sendable {
    private var state: UInt64

    init(seed: UInt64) { self.state = seed }

    /// A uniform value in 0..<1.
    mutating func nextFraction() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(UInt64(1) << 53)
    }

    /// The delay before reconnect number `attempt` (0 for the first).
    mutating func delay(attempt: Int, timers: M3UATimerConfiguration) -> Duration {
        let minimum = Self.milliseconds(timers.reconnectMinimum)
        let maximum = max(minimum, Self.milliseconds(timers.reconnectMaximum))
        let shift = min(max(attempt, 0), 30)
        let (scaled, overflow) = minimum.multipliedReportingOverflow(by: Int64(1) << Int64(shift))
        let base = overflow ? maximum : min(scaled, maximum)
        let jitter = min(max(timers.reconnectJitter, 0), 1)
        let cut = Int64(Double(base) * jitter * nextFraction())
        return .milliseconds(base - cut)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? Int64.max / 4 : max(0, ms &+ attoseconds / 1_000_000_000_000_000)
    }
}
