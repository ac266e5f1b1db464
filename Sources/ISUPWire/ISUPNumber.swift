public import NIOCore
public import TelecomTypes
import WireSupport

/// A number in the common Q.763 address format: called party number (§3.9), calling party number (§3.10),
/// connected number (§3.16), location number (§3.30), original called number (§3.39), redirecting number
/// (§3.44), redirection number (§3.46), and octets 2 onward of the generic number (§3.26).
///
/// ```
///      8      7   6   5   4   3   2   1
///   +------+---------------------------+
/// 1 | O/E  |  nature of address ind.   |
///   +------+-----------+-------+-------+
/// 2 |INN/NI| numb. plan| APRI  |  SI   |   APRI/SI spare in called/redirection number
///   +------+-----------+-------+-------+
/// 3 | 2nd address signal | 1st signal |   … filler 0000 after an odd last signal
///   +--------------------+------------+
/// ```
/// Bit 8 of octet 2 is the INN indicator in the called, redirection and location numbers, the NI (number
/// incomplete) indicator in the calling, generic and connected numbers, and spare elsewhere; it is stored once
/// as ``indicatorBit`` with both names as views.
public struct ISUPNumber: ISUPParameterValue, CustomStringConvertible {
    public var natureOfAddress: ISUPNatureOfAddress
    public var indicatorBit: Bool
    public var numberingPlan: ISUPNumberingPlan
    public var presentation: ISUPAddressPresentation
    public var screening: ISUPScreening
    /// The address signals (0–9, code 11, code 12, ST = 15).
    public var signals: AddressSignals

    public init(
        signals: AddressSignals,
        natureOfAddress: ISUPNatureOfAddress = .nationalNumber,
        numberingPlan: ISUPNumberingPlan = .isdnTelephony,
        presentation: ISUPAddressPresentation = .allowed,
        screening: ISUPScreening = .userProvidedNotVerified,
        indicatorBit: Bool = false
    ) {
        self.signals = signals
        self.natureOfAddress = natureOfAddress
        self.numberingPlan = numberingPlan
        self.presentation = presentation
        self.screening = screening
        self.indicatorBit = indicatorBit
    }

    /// Q.763 §3.9 c) INN indicator: `true` = routing to internal network number not allowed.
    public var internalNetworkNumberNotAllowed: Bool {
        get { indicatorBit }
        set { indicatorBit = newValue }
    }

    /// Q.763 §3.10 c) NI indicator: `true` = number incomplete.
    public var numberIncomplete: Bool {
        get { indicatorBit }
        set { indicatorBit = newValue }
    }

    /// Whether the number of signals is odd (Q.763 §3.9 a); derived from ``signals``.
    public var isOdd: Bool { signals.codes.count % 2 == 1 }

    public init(decoding value: ByteBuffer) throws(ISUPParameterError) {
        try value.isupRequire(min: 2)
        let octets = value.isupOctets
        try self.init(octets: octets[...])
    }

    /// Decodes from the two indicator octets followed by the address signals.
    init(octets: ArraySlice<UInt8>) throws(ISUPParameterError) {
        guard octets.count >= 2 else { throw .tooShort(needed: 2, got: octets.count) }
        let first = octets[octets.startIndex]
        let second = octets[octets.startIndex + 1]
        let digits = octets.dropFirst(2)
        let odd = first.bit(7)
        // Q.763 §3.9 a): odd means the last octet holds one signal and a filler; there must be such an octet.
        if odd, digits.isEmpty { throw .invalidContent("odd indicator without address signals") }
        natureOfAddress = ISUPNatureOfAddress(first.bits(0, width: 7))
        indicatorBit = second.bit(7)
        numberingPlan = ISUPNumberingPlan(second.bits(4, width: 3))
        presentation = ISUPAddressPresentation(second.bits(2, width: 2))
        screening = ISUPScreening(second.bits(0, width: 2))
        signals = AddressSignals(codes: BCDDigits.unpack(digits, odd: odd))
    }

    public func encode(into buffer: inout ByteBuffer) {
        let first = (isOdd ? 0x80 : 0) | natureOfAddress.rawValue & 0x7F
        let second =
            (indicatorBit ? 0x80 : 0) | (numberingPlan.rawValue & 0x7) << 4 | (presentation.rawValue & 0x3) << 2
            | screening.rawValue & 0x3
        buffer.writeMultipleIntegers(first, second)
        buffer.writeBytes(BCDDigits.pack(signals.codes))
    }

    public var description: String { "\(signals) NoA \(natureOfAddress.rawValue) NPI \(numberingPlan.rawValue)" }
}

/// The generic number (Q.763 §3.26): a number qualifier octet, then the ``ISUPNumber`` format.
public struct ISUPGenericNumber: ISUPParameterValue {
    /// The number qualifier indicator (e.g. 0x06 additional calling party number).
    public var qualifier: UInt8
    public var number: ISUPNumber

    public init(qualifier: UInt8, number: ISUPNumber) {
        self.qualifier = qualifier
        self.number = number
    }

    public init(decoding value: ByteBuffer) throws(ISUPParameterError) {
        try value.isupRequire(min: 3)
        let octets = value.isupOctets
        qualifier = octets[0]
        number = try ISUPNumber(octets: octets.dropFirst())
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(qualifier)
        number.encode(into: &buffer)
    }
}

/// The subsequent number of a SAM (Q.763 §3.51): the odd/even bit, 7 spare bits, then address signals.
public struct ISUPSubsequentNumber: ISUPParameterValue {
    public var signals: AddressSignals

    public init(signals: AddressSignals) { self.signals = signals }

    public init(decoding value: ByteBuffer) throws(ISUPParameterError) {
        try value.isupRequire(min: 1)
        let octets = value.isupOctets
        let odd = octets[0].bit(7)
        if odd, octets.count < 2 { throw .invalidContent("odd indicator without address signals") }
        signals = AddressSignals(codes: BCDDigits.unpack(octets.dropFirst(), odd: odd))
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(signals.codes.count % 2 == 1 ? UInt8(0x80) : 0)
        buffer.writeBytes(BCDDigits.pack(signals.codes))
    }
}
