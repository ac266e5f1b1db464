/// An ISUP parameter name code (ITU-T Q.763 §1.4 and Table 5). An open set: unknown codes round-trip.
public struct ISUPParameterCode: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    @inlinable
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let endOfOptionalParameters = ISUPParameterCode(0x00)
    public static let callReference = ISUPParameterCode(0x01)
    public static let transmissionMediumRequirement = ISUPParameterCode(0x02)
    public static let accessTransport = ISUPParameterCode(0x03)
    public static let calledPartyNumber = ISUPParameterCode(0x04)
    public static let subsequentNumber = ISUPParameterCode(0x05)
    public static let natureOfConnectionIndicators = ISUPParameterCode(0x06)
    public static let forwardCallIndicators = ISUPParameterCode(0x07)
    public static let optionalForwardCallIndicators = ISUPParameterCode(0x08)
    public static let callingPartysCategory = ISUPParameterCode(0x09)
    public static let callingPartyNumber = ISUPParameterCode(0x0A)
    public static let redirectingNumber = ISUPParameterCode(0x0B)
    public static let redirectionNumber = ISUPParameterCode(0x0C)
    public static let connectionRequest = ISUPParameterCode(0x0D)
    public static let informationRequestIndicators = ISUPParameterCode(0x0E)
    public static let informationIndicators = ISUPParameterCode(0x0F)
    public static let continuityIndicators = ISUPParameterCode(0x10)
    public static let backwardCallIndicators = ISUPParameterCode(0x11)
    public static let causeIndicators = ISUPParameterCode(0x12)
    public static let redirectionInformation = ISUPParameterCode(0x13)
    public static let circuitGroupSupervisionMessageType = ISUPParameterCode(0x15)
    public static let rangeAndStatus = ISUPParameterCode(0x16)
    public static let facilityIndicator = ISUPParameterCode(0x18)
    public static let closedUserGroupInterlockCode = ISUPParameterCode(0x1A)
    public static let userServiceInformation = ISUPParameterCode(0x1D)
    public static let signallingPointCode = ISUPParameterCode(0x1E)
    public static let userToUserInformation = ISUPParameterCode(0x20)
    public static let connectedNumber = ISUPParameterCode(0x21)
    public static let suspendResumeIndicators = ISUPParameterCode(0x22)
    public static let transitNetworkSelection = ISUPParameterCode(0x23)
    public static let eventInformation = ISUPParameterCode(0x24)
    public static let circuitStateIndicator = ISUPParameterCode(0x26)
    public static let automaticCongestionLevel = ISUPParameterCode(0x27)
    public static let originalCalledNumber = ISUPParameterCode(0x28)
    public static let optionalBackwardCallIndicators = ISUPParameterCode(0x29)
    public static let userToUserIndicators = ISUPParameterCode(0x2A)
    public static let originationISCPointCode = ISUPParameterCode(0x2B)
    public static let genericNotificationIndicator = ISUPParameterCode(0x2C)
    public static let callHistoryInformation = ISUPParameterCode(0x2D)
    public static let accessDeliveryInformation = ISUPParameterCode(0x2E)
    public static let networkSpecificFacility = ISUPParameterCode(0x2F)
    public static let userServiceInformationPrime = ISUPParameterCode(0x30)
    public static let propagationDelayCounter = ISUPParameterCode(0x31)
    public static let remoteOperations = ISUPParameterCode(0x32)
    public static let serviceActivation = ISUPParameterCode(0x33)
    public static let userTeleserviceInformation = ISUPParameterCode(0x34)
    public static let transmissionMediumUsed = ISUPParameterCode(0x35)
    public static let callDiversionInformation = ISUPParameterCode(0x36)
    public static let echoControlInformation = ISUPParameterCode(0x37)
    public static let messageCompatibilityInformation = ISUPParameterCode(0x38)
    public static let parameterCompatibilityInformation = ISUPParameterCode(0x39)
    public static let mlppPrecedence = ISUPParameterCode(0x3A)
    public static let mcidRequestIndicators = ISUPParameterCode(0x3B)
    public static let mcidResponseIndicators = ISUPParameterCode(0x3C)
    public static let hopCounter = ISUPParameterCode(0x3D)
    public static let transmissionMediumRequirementPrime = ISUPParameterCode(0x3E)
    public static let locationNumber = ISUPParameterCode(0x3F)
    public static let redirectionNumberRestriction = ISUPParameterCode(0x40)
    public static let callTransferReference = ISUPParameterCode(0x43)
    public static let loopPreventionIndicators = ISUPParameterCode(0x44)
    public static let callTransferNumber = ISUPParameterCode(0x45)
    public static let ccss = ISUPParameterCode(0x4B)
    public static let forwardGVNS = ISUPParameterCode(0x4C)
    public static let backwardGVNS = ISUPParameterCode(0x4D)
    public static let redirectCapability = ISUPParameterCode(0x4E)
    public static let networkManagementControls = ISUPParameterCode(0x5B)
    public static let correlationID = ISUPParameterCode(0x65)
    public static let scfID = ISUPParameterCode(0x66)
    public static let callDiversionTreatmentIndicators = ISUPParameterCode(0x6E)
    public static let calledINNumber = ISUPParameterCode(0x6F)
    public static let callOfferingTreatmentIndicators = ISUPParameterCode(0x70)
    public static let chargedPartyIdentification = ISUPParameterCode(0x71)
    public static let conferenceTreatmentIndicators = ISUPParameterCode(0x72)
    public static let displayInformation = ISUPParameterCode(0x73)
    public static let uidActionIndicators = ISUPParameterCode(0x74)
    public static let uidCapabilityIndicators = ISUPParameterCode(0x75)
    public static let redirectCounter = ISUPParameterCode(0x77)
    public static let applicationTransport = ISUPParameterCode(0x78)
    public static let collectCallRequest = ISUPParameterCode(0x79)
    public static let ccnrPossibleIndicator = ISUPParameterCode(0x7A)
    public static let pivotCapability = ISUPParameterCode(0x7B)
    public static let pivotRoutingIndicators = ISUPParameterCode(0x7C)
    public static let calledDirectoryNumber = ISUPParameterCode(0x7D)
    public static let originalCalledINNumber = ISUPParameterCode(0x7E)
    public static let callingGeodeticLocation = ISUPParameterCode(0x81)
    public static let htrInformation = ISUPParameterCode(0x82)
    public static let networkRoutingNumber = ISUPParameterCode(0x84)
    public static let queryOnReleaseCapability = ISUPParameterCode(0x85)
    public static let pivotStatus = ISUPParameterCode(0x86)
    public static let pivotCounter = ISUPParameterCode(0x87)
    public static let pivotRoutingForwardInformation = ISUPParameterCode(0x88)
    public static let pivotRoutingBackwardInformation = ISUPParameterCode(0x89)
    public static let redirectStatus = ISUPParameterCode(0x8A)
    public static let redirectForwardInformation = ISUPParameterCode(0x8B)
    public static let redirectBackwardInformation = ISUPParameterCode(0x8C)
    public static let numberPortabilityForwardInformation = ISUPParameterCode(0x8D)
    public static let genericNumber = ISUPParameterCode(0xC0)
    public static let genericDigits = ISUPParameterCode(0xC1)

    /// The Q.763 Table 5 name, or `nil` for a code this implementation does not know.
    public var name: String? {
        switch rawValue {
        case 0x00: "End of optional parameters"
        case 0x01: "Call reference"
        case 0x02: "Transmission medium requirement"
        case 0x03: "Access transport"
        case 0x04: "Called party number"
        case 0x05: "Subsequent number"
        case 0x06: "Nature of connection indicators"
        case 0x07: "Forward call indicators"
        case 0x08: "Optional forward call indicators"
        case 0x09: "Calling party's category"
        case 0x0A: "Calling party number"
        case 0x0B: "Redirecting number"
        case 0x0C: "Redirection number"
        case 0x0D: "Connection request"
        case 0x0E: "Information request indicators"
        case 0x0F: "Information indicators"
        case 0x10: "Continuity indicators"
        case 0x11: "Backward call indicators"
        case 0x12: "Cause indicators"
        case 0x13: "Redirection information"
        case 0x15: "Circuit group supervision message type"
        case 0x16: "Range and status"
        case 0x18: "Facility indicator"
        case 0x1A: "Closed user group interlock code"
        case 0x1D: "User service information"
        case 0x1E: "Signalling point code"
        case 0x20: "User-to-user information"
        case 0x21: "Connected number"
        case 0x22: "Suspend/resume indicators"
        case 0x23: "Transit network selection"
        case 0x24: "Event information"
        case 0x26: "Circuit state indicator"
        case 0x27: "Automatic congestion level"
        case 0x28: "Original called number"
        case 0x29: "Optional backward call indicators"
        case 0x2A: "User-to-user indicators"
        case 0x2B: "Origination ISC point code"
        case 0x2C: "Generic notification indicator"
        case 0x2D: "Call history information"
        case 0x2E: "Access delivery information"
        case 0x2F: "Network specific facility"
        case 0x30: "User service information prime"
        case 0x31: "Propagation delay counter"
        case 0x32: "Remote operations"
        case 0x33: "Service activation"
        case 0x34: "User teleservice information"
        case 0x35: "Transmission medium used"
        case 0x36: "Call diversion information"
        case 0x37: "Echo control information"
        case 0x38: "Message compatibility information"
        case 0x39: "Parameter compatibility information"
        case 0x3A: "MLPP precedence"
        case 0x3B: "MCID request indicators"
        case 0x3C: "MCID response indicators"
        case 0x3D: "Hop counter"
        case 0x3E: "Transmission medium requirement prime"
        case 0x3F: "Location number"
        case 0x40: "Redirection number restriction"
        case 0x43: "Call transfer reference"
        case 0x44: "Loop prevention indicators"
        case 0x45: "Call transfer number"
        case 0x4B: "CCSS"
        case 0x4C: "Forward GVNS"
        case 0x4D: "Backward GVNS"
        case 0x4E: "Redirect capability"
        case 0x5B: "Network management controls"
        case 0x65: "Correlation id"
        case 0x66: "SCF id"
        case 0x6E: "Call diversion treatment indicators"
        case 0x6F: "Called IN number"
        case 0x70: "Call offering treatment indicators"
        case 0x71: "Charged party identification"
        case 0x72: "Conference treatment indicators"
        case 0x73: "Display information"
        case 0x74: "UID action indicators"
        case 0x75: "UID capability indicators"
        case 0x77: "Redirect counter"
        case 0x78: "Application transport"
        case 0x79: "Collect call request"
        case 0x7A: "CCNR possible indicator"
        case 0x7B: "Pivot capability"
        case 0x7C: "Pivot routing indicators"
        case 0x7D: "Called directory number"
        case 0x7E: "Original called IN number"
        case 0x81: "Calling geodetic location"
        case 0x82: "HTR information"
        case 0x84: "Network routing number"
        case 0x85: "Query on release capability"
        case 0x86: "Pivot status"
        case 0x87: "Pivot counter"
        case 0x88: "Pivot routing forward information"
        case 0x89: "Pivot routing backward information"
        case 0x8A: "Redirect status"
        case 0x8B: "Redirect forward information"
        case 0x8C: "Redirect backward information"
        case 0x8D: "Number portability forward information"
        case 0xC0: "Generic number"
        case 0xC1: "Generic digits"
        default: nil
        }
    }

    public var description: String {
        name ?? "parameter 0x" + (rawValue < 16 ? "0" : "") + String(rawValue, radix: 16, uppercase: true)
    }
}
