/// A Q.850 cause value (ITU-T Q.850 Table 1). An open set: every 7-bit value round-trips.
public struct Q850Cause: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    @inlinable
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let unallocatedNumber = Q850Cause(1)
    public static let noRouteToDestination = Q850Cause(3)
    public static let normalCallClearing = Q850Cause(16)
    public static let userBusy = Q850Cause(17)
    public static let noUserResponding = Q850Cause(18)
    public static let noAnswerFromUser = Q850Cause(19)
    public static let subscriberAbsent = Q850Cause(20)
    public static let callRejected = Q850Cause(21)
    public static let numberChanged = Q850Cause(22)
    public static let redirectionToNewDestination = Q850Cause(23)
    public static let exchangeRoutingError = Q850Cause(25)
    public static let destinationOutOfOrder = Q850Cause(27)
    public static let invalidNumberFormat = Q850Cause(28)
    public static let normalUnspecified = Q850Cause(31)
    public static let noCircuitAvailable = Q850Cause(34)
    public static let networkOutOfOrder = Q850Cause(38)
    public static let temporaryFailure = Q850Cause(41)
    public static let switchingEquipmentCongestion = Q850Cause(42)
    public static let requestedCircuitNotAvailable = Q850Cause(44)
    public static let resourceUnavailableUnspecified = Q850Cause(47)
    public static let bearerCapabilityNotAvailable = Q850Cause(58)
    public static let serviceNotAvailable = Q850Cause(63)
    public static let bearerCapabilityNotImplemented = Q850Cause(65)
    public static let invalidCallReference = Q850Cause(81)
    public static let incompatibleDestination = Q850Cause(88)
    public static let invalidMessageUnspecified = Q850Cause(95)
    public static let mandatoryInformationElementMissing = Q850Cause(96)
    public static let messageTypeNonExistent = Q850Cause(97)
    public static let parameterNonExistentDiscarded = Q850Cause(99)
    public static let invalidInformationElementContents = Q850Cause(100)
    public static let recoveryOnTimerExpiry = Q850Cause(102)
    public static let parameterNonExistentPassedOn = Q850Cause(103)
    public static let messageWithUnrecognizedParameterDiscarded = Q850Cause(110)
    public static let protocolErrorUnspecified = Q850Cause(111)
    public static let interworkingUnspecified = Q850Cause(127)

    public var description: String { "cause \(rawValue)" }
}
