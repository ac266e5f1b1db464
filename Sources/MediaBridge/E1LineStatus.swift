public import TDMWire

/// What a SAToP pseudowire's receive side knows about the E1 inside it, beyond frame alignment: the far end's alarms,
/// CRC-4 (G.704 §2.3.3, G.706 §4.2–4.3) and TS16 CAS multiframe (G.704 §5.1.3.2) state. For statistics and tests.
public struct E1LineStatus: Hashable, Sendable {
    /// The A bit of the last NFAS frame received: the far end has lost our frame alignment (G.704 §2.3.2).
    public var remoteAlarm = false
    /// With `crc4 on`: the CRC-4 multiframe is found in what we receive.
    public var crc4Aligned = false
    /// With `crc4 on`: multiframe searches, checked and errored SMFs, far-end block errors (E bits at 0).
    public var crc4: E1CRC4Monitor.Counters?
    /// With `ts16 cas`: the CAS multiframe is found in the TS16 we receive.
    public var casAligned = false
    /// With `ts16 cas`: the y bit received — the far end has lost our CAS multiframe.
    public var casRemoteAlarm = false
    /// With `ts16 cas`: times the CAS multiframe was found and lost.
    public var casAlignmentsFound = 0
    public var casAlignmentsLost = 0
    /// With `ts16 cas`: the last a b c d received per timeslot.
    public var abcd: [Int: UInt8] = [:]

    public init() {}
}
