/// Nature of address indicator (Q.763 §3.9 b). An open set.
public struct ISUPNatureOfAddress: Hashable, Sendable {
    public var rawValue: UInt8
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let subscriberNumber = ISUPNatureOfAddress(1)
    public static let unknown = ISUPNatureOfAddress(2)
    public static let nationalNumber = ISUPNatureOfAddress(3)
    public static let internationalNumber = ISUPNatureOfAddress(4)
    public static let networkSpecificNumber = ISUPNatureOfAddress(5)
    public static let networkRoutingNumberNational = ISUPNatureOfAddress(6)
    public static let networkRoutingNumberNetworkSpecific = ISUPNatureOfAddress(7)
    public static let networkRoutingNumberConcatenated = ISUPNatureOfAddress(8)
}

/// Numbering plan indicator (Q.763 §3.9 d). An open set.
public struct ISUPNumberingPlan: Hashable, Sendable {
    public var rawValue: UInt8
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let isdnTelephony = ISUPNumberingPlan(1)
    public static let data = ISUPNumberingPlan(3)
    public static let telex = ISUPNumberingPlan(4)
    public static let privateNumbering = ISUPNumberingPlan(5)
}

/// Address presentation restricted indicator (Q.763 §3.10 e).
public struct ISUPAddressPresentation: Hashable, Sendable {
    public var rawValue: UInt8
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let allowed = ISUPAddressPresentation(0)
    public static let restricted = ISUPAddressPresentation(1)
    public static let addressNotAvailable = ISUPAddressPresentation(2)
}

/// Screening indicator (Q.763 §3.10 f).
public struct ISUPScreening: Hashable, Sendable {
    public var rawValue: UInt8
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let userProvidedNotVerified = ISUPScreening(0)
    public static let userProvidedVerifiedAndPassed = ISUPScreening(1)
    public static let userProvidedVerifiedAndFailed = ISUPScreening(2)
    public static let networkProvided = ISUPScreening(3)
}
