/// Chunk parameter types (RFC 9260 §3.3.2.1 and the extensions' registries): an open set, so unknown
/// parameters round-trip as `PaddedTLV`s.
public struct SCTPParameterType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16

    @inlinable
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    @inlinable
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    /// RFC 9260 §3.3.5.
    public static let heartbeatInfo = SCTPParameterType(1)
    public static let ipv4Address = SCTPParameterType(5)
    public static let ipv6Address = SCTPParameterType(6)
    public static let stateCookie = SCTPParameterType(7)
    public static let unrecognizedParameter = SCTPParameterType(8)
    public static let cookiePreservative = SCTPParameterType(9)
    public static let hostNameAddress = SCTPParameterType(11)
    public static let supportedAddressTypes = SCTPParameterType(12)
    /// RFC 6525 §4.
    public static let outgoingSSNResetRequest = SCTPParameterType(13)
    public static let incomingSSNResetRequest = SCTPParameterType(14)
    public static let ssnTSNResetRequest = SCTPParameterType(15)
    public static let reconfigurationResponse = SCTPParameterType(16)
    public static let addOutgoingStreamsRequest = SCTPParameterType(17)
    public static let addIncomingStreamsRequest = SCTPParameterType(18)
    /// RFC 9260 Appendix A.
    public static let ecnCapable = SCTPParameterType(0x8000)
    /// RFC 9653.
    public static let zeroChecksumAcceptable = SCTPParameterType(0x8001)
    /// RFC 4895.
    public static let random = SCTPParameterType(0x8002)
    public static let chunkList = SCTPParameterType(0x8003)
    public static let requestedHMACAlgorithm = SCTPParameterType(0x8004)
    /// RFC 4820.
    public static let padding = SCTPParameterType(0x8005)
    /// RFC 5061 §4.2.7.
    public static let supportedExtensions = SCTPParameterType(0x8008)
    /// RFC 3758 §3.1.
    public static let forwardTSNSupported = SCTPParameterType(0xC000)
    /// RFC 5061 §4.2.
    public static let addIPAddress = SCTPParameterType(0xC001)
    public static let deleteIPAddress = SCTPParameterType(0xC002)
    public static let errorCauseIndication = SCTPParameterType(0xC003)
    public static let setPrimaryAddress = SCTPParameterType(0xC004)
    public static let successIndication = SCTPParameterType(0xC005)
    public static let adaptationLayerIndication = SCTPParameterType(0xC006)
}

/// Error cause codes (RFC 9260 §3.3.10): an open set; causes are kept as `PaddedTLV`s.
public struct SCTPErrorCauseCode: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16

    @inlinable
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    @inlinable
    public init(_ rawValue: UInt16) { self.rawValue = rawValue }

    public static let invalidStreamIdentifier = SCTPErrorCauseCode(1)
    public static let missingMandatoryParameter = SCTPErrorCauseCode(2)
    public static let staleCookie = SCTPErrorCauseCode(3)
    public static let outOfResource = SCTPErrorCauseCode(4)
    public static let unresolvableAddress = SCTPErrorCauseCode(5)
    public static let unrecognizedChunkType = SCTPErrorCauseCode(6)
    public static let invalidMandatoryParameter = SCTPErrorCauseCode(7)
    public static let unrecognizedParameters = SCTPErrorCauseCode(8)
    public static let noUserData = SCTPErrorCauseCode(9)
    public static let cookieReceivedWhileShuttingDown = SCTPErrorCauseCode(10)
    public static let restartWithNewAddresses = SCTPErrorCauseCode(11)
    public static let userInitiatedAbort = SCTPErrorCauseCode(12)
    public static let protocolViolation = SCTPErrorCauseCode(13)
}
