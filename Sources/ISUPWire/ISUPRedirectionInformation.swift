public import NIOCore
import WireSupport

/// Redirection information (Q.763 §3.45).
///
/// ```
///      8 7 6 5                 4      3 2 1
///   +------------------------+-----+----------------------+
/// 1 | original redir. reason |spare| redirecting indicator|
///   +------------------------+-----+----------------------+
/// 2 | redirecting reason     |spare| redirection counter  |
///   +------------------------+-----+----------------------+
/// ```
public struct ISUPRedirectionInformation: ISUPParameterValue {
    /// CBA: see the static constants (`callDiverted` = 3 …).
    public var redirectingIndicator: UInt8
    public var originalRedirectionReason: ISUPRedirectionReason
    /// CBA of octet 2: how many times the call was redirected (1–5).
    public var redirectionCounter: UInt8
    public var redirectingReason: ISUPRedirectionReason

    public static let noRedirection: UInt8 = 0
    public static let callRerouted: UInt8 = 1
    public static let callReroutedAllInformationRestricted: UInt8 = 2
    public static let callDiverted: UInt8 = 3
    public static let callDivertedAllInformationRestricted: UInt8 = 4
    public static let callReroutedNumberRestricted: UInt8 = 5
    public static let callDivertedNumberRestricted: UInt8 = 6

    public init(
        redirectingIndicator: UInt8,
        originalRedirectionReason: ISUPRedirectionReason,
        redirectionCounter: UInt8,
        redirectingReason: ISUPRedirectionReason
    ) {
        self.redirectingIndicator = redirectingIndicator
        self.originalRedirectionReason = originalRedirectionReason
        self.redirectionCounter = redirectionCounter
        self.redirectingReason = redirectingReason
    }

    public init(decoding value: ByteBuffer) throws(ISUPParameterError) {
        try value.isupRequire(min: 2, max: 2)
        let octets = value.isupOctets
        redirectingIndicator = octets[0].bits(0, width: 3)
        originalRedirectionReason = ISUPRedirectionReason(octets[0].bits(4, width: 4))
        redirectionCounter = octets[1].bits(0, width: 3)
        redirectingReason = ISUPRedirectionReason(octets[1].bits(4, width: 4))
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(
            (originalRedirectionReason.rawValue & 0xF) << 4 | redirectingIndicator & 0x7,
            (redirectingReason.rawValue & 0xF) << 4 | redirectionCounter & 0x7)
    }
}

/// A redirection reason (Q.763 §3.45 b, d). An open set.
public struct ISUPRedirectionReason: Hashable, Sendable {
    public var rawValue: UInt8
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let unknown = ISUPRedirectionReason(0)
    public static let userBusy = ISUPRedirectionReason(1)
    public static let noReply = ISUPRedirectionReason(2)
    public static let unconditional = ISUPRedirectionReason(3)
    public static let deflectionDuringAlerting = ISUPRedirectionReason(4)
    public static let deflectionImmediateResponse = ISUPRedirectionReason(5)
    public static let mobileSubscriberNotReachable = ISUPRedirectionReason(6)
}
