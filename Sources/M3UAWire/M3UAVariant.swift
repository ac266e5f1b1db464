public import NIOCore

/// Which edition of M3UA a peer speaks.
///
/// RFC 4666 (and RFC 3332 before it) share one wire format. The pre-RFC `draft-ietf-sigtran-m3ua-06` used the same
/// common header but numbered parameters 1…26: its DATA message carries the whole MTP3 message (SIO, routing label,
/// user part) in "Protocol Data 1" (tag 0x0002), or behind a one-octet length indicator in "Protocol Data 2"
/// (tag 0x0003), instead of RFC 4666's Protocol Data (tag 0x0210, §3.3.1).
public enum M3UAVariant: Hashable, Sendable {
    /// RFC 4666 / RFC 3332.
    case rfc4666
    /// `draft-ietf-sigtran-m3ua-06`.
    case draft06

    /// Guesses the variant from one whole message (common header included).
    ///
    /// Only a DATA message tells the editions apart: a first parameter tagged 0x0001…0x0003 (draft Network
    /// Appearance or Protocol Data 1/2) means draft-06; anything else is taken as RFC 4666. A caller should decide once
    /// per association, from its first DATA message.
    public static func detect(_ message: ByteBuffer) -> M3UAVariant {
        let start = message.readerIndex
        guard
            let (_, _, messageClass, messageType) = message.getMultipleIntegers(
                at: start, as: (UInt8, UInt8, UInt8, UInt8).self),
            messageClass == M3UAMessageClass.transfer.rawValue, messageType == M3UAPayloadData.messageType,
            let tag = message.getInteger(at: start + M3UACommonHeader.length, as: UInt16.self)
        else { return .rfc4666 }
        switch tag {
        case M3UADraft06.networkAppearanceTag, M3UADraft06.protocolData1Tag, M3UADraft06.protocolData2Tag:
            return .draft06
        default: return .rfc4666
        }
    }
}

/// Parameter tags of `draft-ietf-sigtran-m3ua-06` that the codec interprets.
public enum M3UADraft06 {
    /// Draft-06 "Network Appearance" (tag 1).
    public static let networkAppearanceTag: UInt16 = 0x0001
    /// Draft-06 "Protocol Data 1": the MTP3 message from the SIO on (tag 2).
    public static let protocolData1Tag: UInt16 = 0x0002
    /// Draft-06 "Protocol Data 2": a length indicator octet, then the MTP3 message from the SIO on (tag 3).
    public static let protocolData2Tag: UInt16 = 0x0003
}
