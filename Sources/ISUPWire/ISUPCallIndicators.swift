/// Nature of connection indicators (Q.763 §3.35).
///
/// ```
///  H G F   E      D C         B A
/// [spare][ECD][continuity][satellite]
/// ```
public struct ISUPNatureOfConnectionIndicators: ISUPOneOctetValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// BA: 0 no satellite circuit, 1 one, 2 two, 3 spare.
    public var satelliteIndicator: UInt8 { get { field(0, 2) } set { setField(0, 2, newValue) } }
    /// DC: 0 not required, 1 required on this circuit, 2 performed on a previous circuit.
    public var continuityCheckIndicator: UInt8 { get { field(2, 2) } set { setField(2, 2, newValue) } }
    /// E: outgoing echo control device included.
    public var echoControlDeviceIncluded: Bool { get { flag(4) } set { setFlag(4, newValue) } }
}

/// Forward call indicators (Q.763 §3.23), bits A–P over two octets.
public struct ISUPForwardCallIndicators: ISUPTwoOctetValue {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// A: call to be treated as an international call.
    public var internationalCall: Bool { get { flag(0) } set { setFlag(0, newValue) } }
    /// CB: end-to-end method indicator.
    public var endToEndMethod: UInt8 { get { field(1, 2) } set { setField(1, 2, newValue) } }
    /// D: interworking encountered.
    public var interworkingEncountered: Bool { get { flag(3) } set { setFlag(3, newValue) } }
    /// E: end-to-end information available.
    public var endToEndInformationAvailable: Bool { get { flag(4) } set { setFlag(4, newValue) } }
    /// F: ISDN user part used all the way.
    public var isdnUserPartUsedAllTheWay: Bool { get { flag(5) } set { setFlag(5, newValue) } }
    /// HG: 0 preferred all the way, 1 not required all the way, 2 required all the way.
    public var isdnUserPartPreference: UInt8 { get { field(6, 2) } set { setField(6, 2, newValue) } }
    /// I: originating access ISDN.
    public var originatingAccessISDN: Bool { get { flag(8) } set { setFlag(8, newValue) } }
    /// KJ: SCCP method indicator.
    public var sccpMethod: UInt8 { get { field(9, 2) } set { setField(9, 2, newValue) } }
    /// L: number translated (ported number translation indicator).
    public var portedNumberTranslated: Bool { get { flag(11) } set { setFlag(11, newValue) } }
    /// M: query on release attempt.
    public var queryOnReleaseAttempt: Bool { get { flag(12) } set { setFlag(12, newValue) } }
}

/// Backward call indicators (Q.763 §3.5), bits A–P over two octets.
public struct ISUPBackwardCallIndicators: ISUPTwoOctetValue {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// BA: 0 no indication, 1 no charge, 2 charge.
    public var chargeIndicator: UInt8 { get { field(0, 2) } set { setField(0, 2, newValue) } }
    /// DC: 0 no indication, 1 subscriber free, 2 connect when free.
    public var calledPartysStatus: UInt8 { get { field(2, 2) } set { setField(2, 2, newValue) } }
    /// FE: 0 no indication, 1 ordinary subscriber, 2 payphone.
    public var calledPartysCategory: UInt8 { get { field(4, 2) } set { setField(4, 2, newValue) } }
    /// HG: end-to-end method indicator.
    public var endToEndMethod: UInt8 { get { field(6, 2) } set { setField(6, 2, newValue) } }
    /// I: interworking encountered.
    public var interworkingEncountered: Bool { get { flag(8) } set { setFlag(8, newValue) } }
    /// J: end-to-end information available.
    public var endToEndInformationAvailable: Bool { get { flag(9) } set { setFlag(9, newValue) } }
    /// K: ISDN user part used all the way.
    public var isdnUserPartUsedAllTheWay: Bool { get { flag(10) } set { setFlag(10, newValue) } }
    /// L: holding requested.
    public var holdingRequested: Bool { get { flag(11) } set { setFlag(11, newValue) } }
    /// M: terminating access ISDN.
    public var terminatingAccessISDN: Bool { get { flag(12) } set { setFlag(12, newValue) } }
    /// N: incoming echo control device included.
    public var echoControlDeviceIncluded: Bool { get { flag(13) } set { setFlag(13, newValue) } }
    /// PO: SCCP method indicator.
    public var sccpMethod: UInt8 { get { field(14, 2) } set { setField(14, 2, newValue) } }
}

/// Optional forward call indicators (Q.763 §3.38).
public struct ISUPOptionalForwardCallIndicators: ISUPOneOctetValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// BA: 0 non-CUG call, 2 CUG call with outgoing access, 3 CUG call without outgoing access.
    public var closedUserGroupCall: UInt8 { get { field(0, 2) } set { setField(0, 2, newValue) } }
    /// C: additional information will be sent in a segmentation message.
    public var simpleSegmentation: Bool { get { flag(2) } set { setFlag(2, newValue) } }
    /// H: connected line identity requested.
    public var connectedLineIdentityRequested: Bool { get { flag(7) } set { setFlag(7, newValue) } }
}

/// Optional backward call indicators (Q.763 §3.37).
public struct ISUPOptionalBackwardCallIndicators: ISUPOneOctetValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// A: in-band information or an appropriate pattern is now available.
    public var inbandInformationAvailable: Bool { get { flag(0) } set { setFlag(0, newValue) } }
    /// B: call diversion may occur.
    public var callDiversionMayOccur: Bool { get { flag(1) } set { setFlag(1, newValue) } }
    /// C: additional information will be sent in a segmentation message.
    public var simpleSegmentation: Bool { get { flag(2) } set { setFlag(2, newValue) } }
    /// D: MLPP user.
    public var mlppUser: Bool { get { flag(3) } set { setFlag(3, newValue) } }
}
