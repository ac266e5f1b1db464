/// An ISUP message type code (ITU-T Q.763 §1.3 and Table 4). An open set: unknown codes round-trip.
public struct ISUPMessageType: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    @inlinable
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let initialAddress = ISUPMessageType(0x01)
    public static let subsequentAddress = ISUPMessageType(0x02)
    public static let informationRequest = ISUPMessageType(0x03)
    public static let information = ISUPMessageType(0x04)
    public static let continuity = ISUPMessageType(0x05)
    public static let addressComplete = ISUPMessageType(0x06)
    public static let connect = ISUPMessageType(0x07)
    public static let forwardTransfer = ISUPMessageType(0x08)
    public static let answer = ISUPMessageType(0x09)
    public static let release = ISUPMessageType(0x0C)
    public static let suspend = ISUPMessageType(0x0D)
    public static let resume = ISUPMessageType(0x0E)
    public static let releaseComplete = ISUPMessageType(0x10)
    public static let continuityCheckRequest = ISUPMessageType(0x11)
    public static let resetCircuit = ISUPMessageType(0x12)
    public static let blocking = ISUPMessageType(0x13)
    public static let unblocking = ISUPMessageType(0x14)
    public static let blockingAcknowledgement = ISUPMessageType(0x15)
    public static let unblockingAcknowledgement = ISUPMessageType(0x16)
    public static let circuitGroupReset = ISUPMessageType(0x17)
    public static let circuitGroupBlocking = ISUPMessageType(0x18)
    public static let circuitGroupUnblocking = ISUPMessageType(0x19)
    public static let circuitGroupBlockingAcknowledgement = ISUPMessageType(0x1A)
    public static let circuitGroupUnblockingAcknowledgement = ISUPMessageType(0x1B)
    public static let facilityRequest = ISUPMessageType(0x1F)
    public static let facilityAccepted = ISUPMessageType(0x20)
    public static let facilityReject = ISUPMessageType(0x21)
    public static let loopbackAcknowledgement = ISUPMessageType(0x24)
    public static let passAlong = ISUPMessageType(0x28)
    public static let circuitGroupResetAcknowledgement = ISUPMessageType(0x29)
    public static let circuitGroupQuery = ISUPMessageType(0x2A)
    public static let circuitGroupQueryResponse = ISUPMessageType(0x2B)
    public static let callProgress = ISUPMessageType(0x2C)
    public static let userToUserInformation = ISUPMessageType(0x2D)
    public static let unequippedCIC = ISUPMessageType(0x2E)
    public static let confusion = ISUPMessageType(0x2F)
    public static let overload = ISUPMessageType(0x30)
    public static let chargeInformation = ISUPMessageType(0x31)
    public static let networkResourceManagement = ISUPMessageType(0x32)
    public static let facility = ISUPMessageType(0x33)
    public static let userPartTest = ISUPMessageType(0x34)
    public static let userPartAvailable = ISUPMessageType(0x35)
    public static let identificationRequest = ISUPMessageType(0x36)
    public static let identificationResponse = ISUPMessageType(0x37)
    public static let segmentation = ISUPMessageType(0x38)
    public static let loopPrevention = ISUPMessageType(0x40)
    public static let applicationTransport = ISUPMessageType(0x41)
    public static let preReleaseInformation = ISUPMessageType(0x42)

    /// The Q.763 Table 4 abbreviation (`IAM`), or `type 0xNN` for a code this implementation does not know.
    public var name: String {
        switch rawValue {
        case 0x01: "IAM"
        case 0x02: "SAM"
        case 0x03: "INR"
        case 0x04: "INF"
        case 0x05: "COT"
        case 0x06: "ACM"
        case 0x07: "CON"
        case 0x08: "FOT"
        case 0x09: "ANM"
        case 0x0C: "REL"
        case 0x0D: "SUS"
        case 0x0E: "RES"
        case 0x10: "RLC"
        case 0x11: "CCR"
        case 0x12: "RSC"
        case 0x13: "BLO"
        case 0x14: "UBL"
        case 0x15: "BLA"
        case 0x16: "UBA"
        case 0x17: "GRS"
        case 0x18: "CGB"
        case 0x19: "CGU"
        case 0x1A: "CGBA"
        case 0x1B: "CGUA"
        case 0x1F: "FAR"
        case 0x20: "FAA"
        case 0x21: "FRJ"
        case 0x24: "LPA"
        case 0x28: "PAM"
        case 0x29: "GRA"
        case 0x2A: "CQM"
        case 0x2B: "CQR"
        case 0x2C: "CPG"
        case 0x2D: "USR"
        case 0x2E: "UCIC"
        case 0x2F: "CFN"
        case 0x30: "OLM"
        case 0x31: "CRG"
        case 0x32: "NRM"
        case 0x33: "FAC"
        case 0x34: "UPT"
        case 0x35: "UPA"
        case 0x36: "IDR"
        case 0x37: "IRS"
        case 0x38: "SGM"
        case 0x40: "LPP"
        case 0x41: "APM"
        case 0x42: "PRI"
        default: "type 0x" + (rawValue < 16 ? "0" : "") + String(rawValue, radix: 16, uppercase: true)
        }
    }

    /// Whether this implementation knows the message type (it has a layout in ``ISUPMessageLayout``).
    public var isRecognized: Bool { ISUPMessageLayout.layout(for: self) != nil }

    public var description: String { name }
}
