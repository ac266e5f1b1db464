/// Calling party's category (Q.763 §3.11). An open set: every octet round-trips.
public struct ISUPCallingPartyCategory: ISUPOneOctetValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let unknown = Self(rawValue: 0x00)
    public static let operatorFrench = Self(rawValue: 0x01)
    public static let operatorEnglish = Self(rawValue: 0x02)
    public static let operatorGerman = Self(rawValue: 0x03)
    public static let operatorRussian = Self(rawValue: 0x04)
    public static let operatorSpanish = Self(rawValue: 0x05)
    public static let nationalOperator = Self(rawValue: 0x09)
    public static let ordinarySubscriber = Self(rawValue: 0x0A)
    public static let subscriberWithPriority = Self(rawValue: 0x0B)
    public static let dataCall = Self(rawValue: 0x0C)
    public static let testCall = Self(rawValue: 0x0D)
    public static let payphone = Self(rawValue: 0x0F)
}

/// Transmission medium requirement (Q.763 §3.54) and its prime twin (§3.55). An open set.
public struct ISUPTransmissionMediumRequirement: ISUPOneOctetValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let speech = Self(rawValue: 0)
    public static let unrestricted64kbit = Self(rawValue: 2)
    public static let audio3_1kHz = Self(rawValue: 3)
    public static let preferred64kbit = Self(rawValue: 6)
    public static let unrestricted2x64kbit = Self(rawValue: 7)
    public static let unrestricted384kbit = Self(rawValue: 8)
    public static let unrestricted1536kbit = Self(rawValue: 9)
    public static let unrestricted1920kbit = Self(rawValue: 10)
}

/// Event information (Q.763 §3.21): event indicator (bits G–A) and presentation restricted (bit H).
public struct ISUPEventInformation: ISUPOneOctetValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public init(event: UInt8, presentationRestricted: Bool = false) {
        self.rawValue = (presentationRestricted ? 0x80 : 0) | event & 0x7F
    }

    public static let alerting: UInt8 = 1
    public static let progress: UInt8 = 2
    public static let inbandInformationAvailable: UInt8 = 3
    public static let callForwardedOnBusy: UInt8 = 4
    public static let callForwardedOnNoReply: UInt8 = 5
    public static let callForwardedUnconditional: UInt8 = 6

    /// GFEDCBA: the event (see the static constants).
    public var event: UInt8 { get { field(0, 7) } set { setField(0, 7, newValue) } }
    /// H: event presentation restricted.
    public var presentationRestricted: Bool { get { flag(7) } set { setFlag(7, newValue) } }
}

/// Circuit group supervision message type indicator (Q.763 §3.13).
public struct ISUPCircuitGroupSupervisionMessageType: ISUPOneOctetValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let maintenanceOriented = Self(rawValue: 0)
    public static let hardwareFailureOriented = Self(rawValue: 1)

    /// BA: 0 maintenance oriented, 1 hardware failure oriented, 2 reserved for national use.
    public var typeIndicator: UInt8 { get { field(0, 2) } set { setField(0, 2, newValue) } }
}

/// Echo control information (Q.763 §3.19): four 2-bit indicators.
public struct ISUPEchoControlInformation: ISUPOneOctetValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// BA: outgoing echo control device information indicator.
    public var outgoingDeviceInformation: UInt8 { get { field(0, 2) } set { setField(0, 2, newValue) } }
    /// DC: incoming echo control device information indicator.
    public var incomingDeviceInformation: UInt8 { get { field(2, 2) } set { setField(2, 2, newValue) } }
    /// FE: outgoing echo control device request indicator.
    public var outgoingDeviceRequest: UInt8 { get { field(4, 2) } set { setField(4, 2, newValue) } }
    /// HG: incoming echo control device request indicator.
    public var incomingDeviceRequest: UInt8 { get { field(6, 2) } set { setField(6, 2, newValue) } }
}

/// A 5-bit counter (bits E–A, F–H spare): hop counter (Q.763 §3.80) and redirect counter (Q.763 §3.97).
public struct ISUPCounter: ISUPOneOctetValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public init(count: UInt8) { self.rawValue = count & 0x1F }

    public var count: UInt8 { get { field(0, 5) } set { setField(0, 5, newValue) } }
}

/// Information request indicators (Q.763 §3.29), bits A–P over two octets.
public struct ISUPInformationRequestIndicators: ISUPTwoOctetValue {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public var callingPartyAddressRequested: Bool { get { flag(0) } set { setFlag(0, newValue) } }
    public var holdingRequested: Bool { get { flag(1) } set { setFlag(1, newValue) } }
    public var callingPartysCategoryRequested: Bool { get { flag(3) } set { setFlag(3, newValue) } }
    public var chargeInformationRequested: Bool { get { flag(4) } set { setFlag(4, newValue) } }
    public var maliciousCallIdentificationRequested: Bool { get { flag(7) } set { setFlag(7, newValue) } }
}

/// Information indicators (Q.763 §3.28), bits A–P over two octets.
public struct ISUPInformationIndicators: ISUPTwoOctetValue {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// BA: 0 not included, 1 not available, 2 reserved, 3 included.
    public var callingPartyAddressResponse: UInt8 { get { field(0, 2) } set { setField(0, 2, newValue) } }
    public var holdProvided: Bool { get { flag(2) } set { setFlag(2, newValue) } }
    public var callingPartysCategoryIncluded: Bool { get { flag(5) } set { setFlag(5, newValue) } }
    public var chargeInformationIncluded: Bool { get { flag(6) } set { setFlag(6, newValue) } }
    /// H: "solicited information indicator — 0 solicited, 1 unsolicited" (Q.763 §3.28), so a set bit means unsolicited.
    public var unsolicited: Bool { get { flag(7) } set { setFlag(7, newValue) } }
}
