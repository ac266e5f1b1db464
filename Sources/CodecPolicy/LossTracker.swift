public import MediaSessions
public import RTPWire

/// Loss seen by the device in RTCP receiver report blocks about our stream (RFC 3550 §6.4.1), kept as two runs:
/// consecutive lossy reports and consecutive clean ones.
///
/// A run starts where the interval of its first report starts (the previous report's arrival, or the time the
/// tracker was reset), so "loss held for 15 s" means 15 s of reported intervals, not 15 s since the first bad
/// report. Loss over a run is counted in packets — the change of the cumulative number lost over the change of the
/// extended highest sequence number received — and falls back to the mean "fraction lost" when the counters jump
/// back (a new SSRC, or duplicates making the cumulative count fall, §6.4.1).
public struct LossTracker: Hashable, Sendable {
    /// Consecutive reports on one side of the per-report floor.
    public struct Run: Hashable, Sendable {
        /// Where the first report's interval began.
        public var start: MediaTime
        public var reports: Int = 0
        public var lost: Int64 = 0
        public var expected: Int64 = 0
        public var fractionSum: Double = 0
        /// Whether every report of the run had usable counters.
        public var counted = true

        /// Loss over the run: packets lost / packets expected, else the mean fraction lost.
        public var loss: Double {
            if counted && expected > 0 { return Double(max(lost, 0)) / Double(expected) }
            return reports > 0 ? fractionSum / Double(reports) : 0
        }

        /// Length of the run at `now`.
        public func duration(at now: MediaTime) -> Duration { now - start }
    }

    public private(set) var lossyRun: Run?
    public private(set) var cleanRun: Run?
    /// Round-trip time from the last block with an LSR (RFC 3550 §6.4.1: A − LSR − DLSR).
    public private(set) var roundTripTime: Duration?
    /// The last interarrival jitter in RTP timestamp units (§6.4.1, §A.8).
    public private(set) var jitter: UInt32 = 0
    private var intervalStart: MediaTime
    private var previous: Counters?

    private struct Counters: Hashable, Sendable {
        var cumulative: Int32
        var highest: UInt32
    }
    private let floor: Double

    /// - Parameter perReportFloor: a report whose fraction lost is at least this is lossy, else clean.
    public init(start: MediaTime, perReportFloor: Double) {
        self.intervalStart = start
        self.floor = perReportFloor
    }

    /// Takes one report block about our stream, received at `now`; `arrival` is the NTP wallclock of its arrival
    /// for the RTT (nil: no RTT).
    public mutating func receive(_ block: RTCPReportBlock, arrival: NTPTimestamp?, at now: MediaTime) {
        let fraction = Double(block.fractionLost) / 256
        var lost: Int64 = 0
        var expected: Int64 = 0
        var counted = false
        if let previous, block.extendedHighestSequence >= previous.highest,
            block.cumulativeLost >= previous.cumulative
        {
            expected = Int64(block.extendedHighestSequence - previous.highest)
            lost = min(Int64(block.cumulativeLost - previous.cumulative), expected)
            counted = true
        }
        previous = Counters(cumulative: block.cumulativeLost, highest: block.extendedHighestSequence)
        jitter = block.jitter
        if let arrival, block.lastSenderReport != 0 {
            // §6.4.1: "the round-trip propagation delay = A - LSR - DLSR", in 1/65536 s.
            let rtt = Int32(bitPattern: arrival.middle32 &- block.lastSenderReport &- block.delaySinceLastSenderReport)
            if rtt >= 0 { roundTripTime = .nanoseconds(Int64(rtt) * 1_000_000_000 / 65536) }
        }
        let lossy = fraction >= floor
        var run = (lossy ? lossyRun : cleanRun) ?? Run(start: intervalStart)
        run.reports += 1
        run.fractionSum += fraction
        // Mixing counted and uncounted reports would skew the ratio: once a report has no counters, use fractions.
        run.counted = run.counted && counted
        run.lost += lost
        run.expected += expected
        if lossy {
            lossyRun = run
            cleanRun = nil
        } else {
            cleanRun = run
            lossyRun = nil
        }
        intervalStart = now
    }

    /// Forgets both runs: after a decision the next one needs a fresh window of reports about the new state.
    public mutating func reset(at now: MediaTime) {
        lossyRun = nil
        cleanRun = nil
        intervalStart = now
    }

    /// Whether loss has held: at least `minimumReports` lossy reports in a row covering `window`, with run loss at
    /// or above `threshold`.
    public func sustainedLoss(at now: MediaTime, window: Duration, minimumReports: Int, threshold: Double) -> Bool {
        guard let run = lossyRun else { return false }
        return run.reports >= minimumReports && run.duration(at: now) >= window && run.loss >= threshold
    }

    /// Whether the leg has been clean for `window`: clean reports in a row covering it, run loss below `threshold`.
    public func sustainedRecovery(at now: MediaTime, window: Duration, threshold: Double) -> Bool {
        guard let run = cleanRun else { return false }
        return run.reports >= 2 && run.duration(at: now) >= window && run.loss < threshold
    }
}
