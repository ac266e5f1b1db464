public import MediaSessions
public import NIOCore
public import TDMWire

/// One pseudowire seen as per-timeslot octet streams, whatever carries the E1: what `MediaBridgeService` drives once
/// per packetisation period (`pull` then `makePacket`), with datagrams fed in between (`receive`).
///
/// `TDMChannelizer` (CESoPSN, RFC 5086) and `SAToPChannelizer` (SAToP, RFC 4553) conform; both are pure.
public protocol PseudowireChannelizer: Sendable {
    /// One UDP datagram from the PSN; malformed ones are counted and dropped (nil).
    @discardableResult
    mutating func receive(_ datagram: ByteBuffer) -> PseudowireJitterBuffer.Arrival?
    /// The period's received octets, F per carried timeslot.
    mutating func pull() -> TDMChannelizer.Received
    /// The period's packet carrying `outgoing` (F octets per timeslot; absent timeslots idle).
    mutating func makePacket(outgoing: [Int: [UInt8]]) -> PseudowirePacket

    var counters: TDMChannelizer.Counters { get }
    var lostPackets: Int { get }
    var slips: Int { get }
    var jitterTargetDepth: Int { get }
    /// Times E1 frame alignment was found and lost in the received stream (nil: the service carries no framing).
    var frameAlignments: (found: Int, lost: Int)? { get }
    /// Alarms, CRC-4 and CAS state of the received E1 (nil: the service carries no framing).
    var lineStatus: E1LineStatus? { get }
}

extension TDMChannelizer: PseudowireChannelizer {
    /// CESoPSN carries timeslots, not TS0: there is no framing to find.
    public var frameAlignments: (found: Int, lost: Int)? { nil }
    public var lineStatus: E1LineStatus? { nil }
}

extension PseudowireConfiguration {
    /// The channelizer for this pseudowire's service.
    public func makeChannelizer(initialSequence: UInt16) -> any PseudowireChannelizer {
        switch service {
        case .cesopsn: TDMChannelizer(configuration: self, initialSequence: initialSequence)
        case .satop: SAToPChannelizer(configuration: self, initialSequence: initialSequence)
        }
    }
}
