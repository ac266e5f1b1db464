/// The data_coding field (SMPP 3.4 §5.2.19): the alphabet of short_message. An open set.
public struct SMPPDataCoding: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    @inlinable
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    /// 00000000 "SMSC Default Alphabet" — in GSM networks the GSM 03.38 default alphabet, one septet per octet.
    public static let smscDefault = SMPPDataCoding(0x00)
    /// 00000001 "IA5 (CCITT T.50)/ASCII (ANSI X3.4)".
    public static let ia5 = SMPPDataCoding(0x01)
    /// 00000010 "Octet unspecified (8-bit binary)".
    public static let octetUnspecified = SMPPDataCoding(0x02)
    /// 00000011 "Latin 1 (ISO-8859-1)".
    public static let latin1 = SMPPDataCoding(0x03)
    /// 00000100 "Octet unspecified (8-bit binary)".
    public static let binary = SMPPDataCoding(0x04)
    /// 00001000 "UCS2 (ISO/IEC-10646)", big-endian.
    public static let ucs2 = SMPPDataCoding(0x08)

    public var description: String {
        switch rawValue {
        case 0x00: "SMSC default"
        case 0x01: "IA5"
        case 0x02, 0x04: "binary"
        case 0x03: "Latin-1"
        case 0x08: "UCS-2"
        default: "data_coding 0x" + String(rawValue, radix: 16)
        }
    }
}
