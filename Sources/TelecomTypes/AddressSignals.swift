/// A sequence of address signals (digits) as carried in ISUP number parameters (ITU-T Q.763 §3.9 ff).
///
/// Each signal is a 4-bit code: 0–9 are digits, 11 is code 11 (rendered `*`), 12 is code 12 (`#`),
/// 15 is ST, the end-of-pulsing signal. Other codes are spare and kept as they are.
public struct AddressSignals: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var codes: [UInt8]

    /// The ST (end of pulsing) signal code (Q.763 §3.9 f).
    public static let endOfPulsing: UInt8 = 15

    @inlinable
    public init(codes: [UInt8]) { self.codes = codes }

    /// Parses `0-9`, `*` (code 11), `#` (code 12), `A`-`F` (hex codes, `F` = ST). Other characters are rejected.
    public init?(_ text: some StringProtocol) {
        var codes: [UInt8] = []
        codes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): codes.append(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "*"): codes.append(11)
            case UInt8(ascii: "#"): codes.append(12)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): codes.append(byte - UInt8(ascii: "A") + 10)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): codes.append(byte - UInt8(ascii: "a") + 10)
            default: return nil
            }
        }
        self.codes = codes
    }

    public init(stringLiteral value: String) {
        guard let parsed = AddressSignals(value) else { preconditionFailure("invalid address signals \(value)") }
        self = parsed
    }

    /// Whether the last signal is ST.
    @inlinable
    public var hasEndOfPulsing: Bool { codes.last == Self.endOfPulsing }

    /// Digits as text: 0–9, `*` for code 11, `#` for code 12, hex letters for spare codes; ST is left out.
    public var digits: String {
        var scalars = String.UnicodeScalarView()
        for code in codes where code != Self.endOfPulsing {
            scalars.append(Self.character(for: code))
        }
        return String(scalars)
    }

    public var description: String { hasEndOfPulsing ? digits + "(ST)" : digits }

    @inlinable
    static func character(for code: UInt8) -> Unicode.Scalar {
        switch code {
        case 0...9: Unicode.Scalar(UInt8(ascii: "0") + code)
        case 11: "*"
        case 12: "#"
        default: Unicode.Scalar(UInt8(ascii: "A") + code - 10)
        }
    }
}
