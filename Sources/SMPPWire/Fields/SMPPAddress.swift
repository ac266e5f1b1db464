/// A TON, an NPI and the address digits (or alphanumeric sender), the triple SMPP 3.4 uses for every address.
public struct SMPPAddress: Hashable, Sendable, CustomStringConvertible {
    public var typeOfNumber: SMPPTypeOfNumber
    public var numberingPlan: SMPPNumberingPlan
    /// The address as sent: digits without `+` for international numbers (§5.2.5 TON 1).
    public var address: String

    public init(
        typeOfNumber: SMPPTypeOfNumber = .unknown, numberingPlan: SMPPNumberingPlan = .unknown, address: String = ""
    ) {
        self.typeOfNumber = typeOfNumber
        self.numberingPlan = numberingPlan
        self.address = address
    }

    /// An E.164 number (`+` and digits, or digits): TON international, NPI ISDN, digits without the `+`.
    public static func international(_ e164: String) -> SMPPAddress {
        SMPPAddress(
            typeOfNumber: .international, numberingPlan: .isdn,
            address: e164.hasPrefix("+") ? String(e164.dropFirst()) : e164)
    }

    /// An alphanumeric sender name (TON 5, NPI unknown); GSM limits these to 11 characters.
    public static func alphanumeric(_ name: String) -> SMPPAddress {
        SMPPAddress(typeOfNumber: .alphanumeric, numberingPlan: .unknown, address: name)
    }

    /// The address as E.164 (`+` and digits) when the TON is international, the raw address otherwise.
    public var e164OrRaw: String {
        typeOfNumber == .international && !address.hasPrefix("+") ? "+" + address : address
    }

    public var description: String { "\(address) (TON \(typeOfNumber.rawValue), NPI \(numberingPlan.rawValue))" }
}
