public import NIOCore
public import RTPWire

/// One RTP leg (RFC 3550): our sender, the remote sources we receive, and RTCP on an injected clock.
///
/// ```
///  idle ──start──▶ running ──stop──▶ stopped
///                  │  ▲ timerFired(.report): send SR (we sent since the last report) or RR, + SDES CNAME;
///                  └──┘ start the timer again with a fresh randomized interval
/// ```
/// RTCP interval (§6.2, §6.3.1, Appendix A.7), simplified and stated here:
/// - RTCP gets 5 % of `sessionBandwidth`; senders share a quarter of it when they are at most a quarter of the
///   members (§6.2), else everyone shares all of it.
/// - Td = max(Tmin, n × avg_rtcp_size / share) with Tmin 5 s, halved before the first report (§6.2 "initial").
/// - T = Td × U(0.5, 1.5) / (e − 3/2) (§6.3.1, compensation for timer reconsideration).
/// - Not done: timer reconsideration and reverse reconsideration (§6.3.3, §6.3.4), BYE back-off for large
///   sessions (§6.3.7) — a call leg is a two-member session where they change nothing material.
/// Round-trip time (§6.4.1): A − LSR − DLSR from a report block about our SSRC, A our NTP time of arrival.
public struct RTPSession: Sendable {
    public struct Configuration: Sendable {
        public var ssrc: UInt32
        public var clockRate: Int
        public var initialSequence: UInt16
        public var initialTimestamp: UInt32
        /// Session bandwidth in bit/s (§6.2: "the nominal data bandwidth"; the SDP `b=AS` or the codec's rate).
        public var sessionBandwidth: Int
        /// SDES CNAME (§6.5.1), e.g. "reroute@192.0.2.1".
        public var cname: String
        /// NTP time of `MediaTime.zero` (the shell's wallclock at its monotonic zero).
        public var ntpEpoch: NTPTimestamp
        /// Seed of the interval randomization (§6.3.1), injected so tests are reproducible.
        public var randomSeed: UInt64
        /// Tmin, 5 s by default (§6.2).
        public var minimumInterval: Duration = .seconds(5)

        public init(
            ssrc: UInt32, clockRate: Int, initialSequence: UInt16, initialTimestamp: UInt32,
            sessionBandwidth: Int = 64_000, cname: String, ntpEpoch: NTPTimestamp, randomSeed: UInt64
        ) {
            self.ssrc = ssrc
            self.clockRate = clockRate
            self.initialSequence = initialSequence
            self.initialTimestamp = initialTimestamp
            self.sessionBandwidth = sessionBandwidth
            self.cname = cname
            self.ntpEpoch = ntpEpoch
            self.randomSeed = randomSeed
        }
    }

    public enum Timer: Hashable, Sendable { case report }

    public enum Action: Hashable, Sendable {
        case sendRTCP(RTCPCompoundPacket)
        case startTimer(Timer, after: Duration)
        case cancelTimer(Timer)
        /// A remote source sent BYE (§6.6) or was removed.
        case sourceLeft(UInt32)
    }

    private enum State: Sendable {
        case idle
        case running(firstReportSent: Bool)
        case stopped
    }

    public private(set) var configuration: Configuration
    public private(set) var sender: RTPSender
    public private(set) var sources: [UInt32: RTPReceptionStatistics] = [:]
    /// The latest round-trip time measured from a report block about us.
    public private(set) var roundTripTime: Duration?
    /// The latest report block a remote receiver sent about our stream (its loss and jitter as it sees them).
    public private(set) var lastRemoteReport: RTCPReportBlock?
    private var state: State = .idle
    private var sentSinceLastReport = false
    private var activeSources: Set<UInt32> = []
    /// A.7 avg_rtcp_size in octets, with IP and UDP headers (28 octets) included.
    private var averageRTCPSize: Double = 128
    private var random: UInt64

    public init(configuration: Configuration) {
        self.configuration = configuration
        self.sender = RTPSender(
            ssrc: configuration.ssrc, clockRate: configuration.clockRate,
            initialSequence: configuration.initialSequence, initialTimestamp: configuration.initialTimestamp)
        self.random = configuration.randomSeed
    }

    /// Starts RTCP: the first report after half the minimum interval, randomized (§6.2).
    public mutating func start(at now: MediaTime) -> [Action] {
        switch state {
        case .idle:
            state = .running(firstReportSent: false)
            return [.startTimer(.report, after: nextInterval(initial: true))]
        case .running, .stopped:
            return []
        }
    }

    /// Builds the next outgoing RTP packet.
    public mutating func sendRTP(
        payloadType: RTPPayloadType, payload: ByteBuffer, samples: UInt32, marker: Bool = false, at now: MediaTime
    ) -> RTPPacket {
        sentSinceLastReport = true
        return sender.makePacket(payloadType: payloadType, payload: payload, samples: samples, marker: marker, at: now)
    }

    /// The leg's codec changed to one of another RTP clock (RFC 3264 §8, same SSRC): our timestamps advance and
    /// our SR's timestamp is extrapolated at `rate` (``RTPSender/changeClockRate(_:)``), and the remote sources'
    /// jitter is measured in the new units (``RTPReceptionStatistics/changeClockRate(_:)``).
    public mutating func changeClockRate(_ rate: Int) {
        configuration.clockRate = rate
        sender.changeClockRate(rate)
        for ssrc in sources.keys { sources[ssrc]?.changeClockRate(rate) }
    }

    /// Accounts for one received RTP packet (Appendix A.1 validation, A.8 jitter).
    /// A packet carrying our own SSRC is a collision or a loop (§8.2) and is ignored: `.rejected`.
    public mutating func receiveRTP(_ packet: RTPPacket, at now: MediaTime) -> RTPReceptionStatistics.Verdict {
        let ssrc = packet.header.ssrc
        guard ssrc != configuration.ssrc else { return .rejected }
        activeSources.insert(ssrc)
        var statistics =
            sources[ssrc]
            ?? RTPReceptionStatistics(
                ssrc: ssrc, clockRate: configuration.clockRate, firstSequence: packet.header.sequenceNumber)
        let verdict = statistics.receive(packet.header, at: now)
        sources[ssrc] = statistics
        return verdict
    }

    /// Takes in a compound RTCP packet: SR times for LSR/DLSR, report blocks about us for RTT, BYE.
    public mutating func receiveRTCP(_ compound: RTCPCompoundPacket, size: Int, at now: MediaTime) -> [Action] {
        averageRTCPSize = averageRTCPSize * 15 / 16 + Double(size + 28) / 16
        var actions: [Action] = []
        for packet in compound.packets {
            switch packet {
            case .senderReport(let report):
                sources[report.ssrc]?.receiveSenderReport(report, at: now)
                considerReports(report.reports, at: now)
            case .receiverReport(let report):
                considerReports(report.reports, at: now)
            case .goodbye(let bye):
                for ssrc in bye.sources where sources.removeValue(forKey: ssrc) != nil {
                    activeSources.remove(ssrc)
                    actions.append(.sourceLeft(ssrc))
                }
            case .sourceDescription, .applicationDefined, .raw:
                break
            }
        }
        return actions
    }

    private mutating func considerReports(_ blocks: [RTCPReportBlock], at now: MediaTime) {
        for block in blocks where block.ssrc == configuration.ssrc {
            lastRemoteReport = block
            guard block.lastSenderReport != 0 else { continue }
            // §6.4.1: RTT = A − LSR − DLSR, all in 1/65536 s.
            let arrival = now.ntp(epoch: configuration.ntpEpoch).middle32
            let rtt = Int32(bitPattern: arrival &- block.lastSenderReport &- block.delaySinceLastSenderReport)
            if rtt >= 0 { roundTripTime = .nanoseconds(Int64(rtt) * 1_000_000_000 / 65536) }
        }
    }

    /// The report timer fired: send SR or RR (+ SDES) and schedule the next one.
    public mutating func timerFired(_ timer: Timer, at now: MediaTime) -> [Action] {
        switch (timer, state) {
        case (.report, .running):
            state = .running(firstReportSent: true)
            let compound = makeReport(at: now)
            averageRTCPSize = averageRTCPSize * 15 / 16 + Double(compound.encoded.readableBytes + 28) / 16
            return [.sendRTCP(compound), .startTimer(.report, after: nextInterval(initial: false))]
        case (.report, .idle), (.report, .stopped):
            return []  // a late firing after stop
        }
    }

    /// Ends the leg: a final report with BYE (§6.6) and the timer cancelled.
    public mutating func stop(reason: String? = nil, at now: MediaTime) -> [Action] {
        switch state {
        case .running:
            state = .stopped
            var compound = makeReport(at: now)
            compound.packets.append(
                .goodbye(RTCPGoodbye(sources: [configuration.ssrc], reason: reason.map { Array($0.utf8.prefix(255)) })))
            return [.cancelTimer(.report), .sendRTCP(compound)]
        case .idle, .stopped:
            state = .stopped
            return []
        }
    }

    /// SR if we sent RTP since the last report (§6.4), else RR; one report block per remote source (≤ 31).
    public mutating func makeReport(at now: MediaTime) -> RTCPCompoundPacket {
        var blocks: [RTCPReportBlock] = []
        for ssrc in sources.keys.sorted().prefix(31) { blocks.append(sources[ssrc]!.makeReportBlock(at: now)) }
        let report: RTCPPacket =
            sentSinceLastReport
            ? .senderReport(
                RTCPSenderReport(
                    ssrc: configuration.ssrc, ntpTimestamp: now.ntp(epoch: configuration.ntpEpoch),
                    rtpTimestamp: sender.rtpTimestamp(at: now), packetCount: sender.packetCount,
                    octetCount: sender.octetCount, reports: blocks))
            : .receiverReport(RTCPReceiverReport(ssrc: configuration.ssrc, reports: blocks))
        sentSinceLastReport = false
        activeSources.removeAll()
        let sdes = RTCPSourceDescription(chunks: [
            .init(
                source: configuration.ssrc,
                items: [.init(type: .cname, value: Array(configuration.cname.utf8.prefix(255)))])
        ])
        return RTCPCompoundPacket(packets: [report, .sourceDescription(sdes)])
    }

    /// §6.2/§6.3.1 interval as described in the type's documentation.
    public mutating func nextInterval(initial: Bool) -> Duration {
        let members = Double(1 + sources.count)
        let senders = Double((sentSinceLastReport ? 1 : 0) + activeSources.count)
        let rtcpBandwidth = Double(configuration.sessionBandwidth) / 8 * 0.05
        var n = members
        var share = rtcpBandwidth
        if senders > 0 && senders <= members * 0.25 {
            if sentSinceLastReport {
                n = senders
                share = rtcpBandwidth * 0.25
            } else {
                n = members - senders
                share = rtcpBandwidth * 0.75
            }
        }
        var minimum = Double(configuration.minimumInterval.nanosecondsValue) / 1e9
        if initial { minimum /= 2 }
        let deterministic = max(minimum, n * averageRTCPSize / max(share, 1))
        let factor = 0.5 + nextRandomUnit()
        let seconds = deterministic * factor / 1.21828
        return .nanoseconds(Int64(seconds * 1e9))
    }

    /// SplitMix64 on the injected seed, in [0, 1).
    private mutating func nextRandomUnit() -> Double {
        random &+= 0x9E37_79B9_7F4A_7C15
        var z = random
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
