public import MediaBridge
public import RTPWire

/// One RTCP report block that an app leg's peer sent about our stream (RFC 3550 §6.4.1 in an SR, §6.4.2 in an RR),
/// as it arrived: what the codec chooser judges the leg by.
///
/// Only blocks whose SSRC is our sender's on that leg are reported (a block about another source says nothing of
/// what the device hears from us).
public struct AppLegReport: Hashable, Sendable {
    public var cic: Int
    public var leg: MediaLegID
    /// The reporter's SSRC (§6.4.1 "SSRC of sender", §6.4.2 "SSRC of packet sender").
    public var reporter: UInt32
    /// The block about us: fraction lost, cumulative number lost, extended highest sequence number received,
    /// interarrival jitter, LSR and DLSR.
    public var block: RTCPReportBlock
    /// Our NTP wallclock when the compound packet arrived (A in §6.4.1's RTT).
    public var arrival: NTPTimestamp
    /// The RTP clock rate of the codec we send on the leg, the unit of `block.jitter` (§6.4.1: "measured in
    /// timestamp units").
    public var clockRate: Int

    public init(
        cic: Int, leg: MediaLegID, reporter: UInt32, block: RTCPReportBlock, arrival: NTPTimestamp, clockRate: Int
    ) {
        self.cic = cic
        self.leg = leg
        self.reporter = reporter
        self.block = block
        self.arrival = arrival
        self.clockRate = clockRate
    }

    /// §6.4.1 "fraction lost" as a fraction (the field is the loss × 256).
    public var fractionLost: Double { Double(block.fractionLost) / 256 }

    /// §6.4.1 interarrival jitter in time.
    public var jitter: Duration {
        clockRate > 0 ? .nanoseconds(Int64(block.jitter) * 1_000_000_000 / Int64(clockRate)) : .zero
    }

    /// §6.4.1: "the round-trip propagation delay = A - LSR - DLSR", nil when the block has no LSR (the peer had
    /// no SR of ours yet) or the difference is negative (clock steps).
    public var roundTripTime: Duration? {
        guard block.lastSenderReport != 0 else { return nil }
        let rtt = Int32(bitPattern: arrival.middle32 &- block.lastSenderReport &- block.delaySinceLastSenderReport)
        return rtt >= 0 ? .nanoseconds(Int64(rtt) * 1_000_000_000 / 65536) : nil
    }

    /// The report blocks of `compound` about `ssrc` (SR and RR alike), with their reporter.
    public static func blocks(about ssrc: UInt32, in compound: RTCPCompoundPacket)
        -> [(reporter: UInt32, block: RTCPReportBlock)]
    {
        var found: [(reporter: UInt32, block: RTCPReportBlock)] = []
        for packet in compound.packets {
            switch packet {
            case .senderReport(let report):
                for block in report.reports where block.ssrc == ssrc { found.append((report.ssrc, block)) }
            case .receiverReport(let report):
                for block in report.reports where block.ssrc == ssrc { found.append((report.ssrc, block)) }
            case .sourceDescription, .goodbye, .applicationDefined, .raw:
                break
            }
        }
        return found
    }
}
