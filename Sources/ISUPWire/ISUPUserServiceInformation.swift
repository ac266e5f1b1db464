public import NIOCore
import WireSupport

/// User service information (Q.763 §3.57): the contents of a Q.931 §4.5.5 bearer capability information element
/// from octet 3 on. The octets are kept whole; the common fields are views.
///
/// ```
///      8    7 6            5 4 3 2 1
///   +-----+--------+----------------------------------+
/// 3 | ext | coding | information transfer capability  |
///   +-----+--------+----------------------------------+
/// 4 | ext | mode   | information transfer rate        |
///   +-----+--------+----------------------------------+
/// 5 | ext | 0 1    | user information layer 1 protocol|   optional
/// ```
public struct ISUPUserServiceInformation: ISUPParameterValue {
    public var octets: [UInt8]

    public init(octets: [UInt8]) { self.octets = octets }

    public init(decoding value: ByteBuffer) throws(ISUPParameterError) {
        try value.isupRequire(min: 2)
        octets = value.isupOctets
    }

    public func encode(into buffer: inout ByteBuffer) { buffer.writeBytes(octets) }

    /// 0 ITU-T, 1 ISO/IEC, 2 national, 3 network specific.
    public var codingStandard: UInt8 { octets.first?.bits(5, width: 2) ?? 0 }
    /// 0 speech, 8 unrestricted digital, 9 restricted digital, 16 3.1 kHz audio, 24 video.
    public var informationTransferCapability: UInt8 { octets.first?.bits(0, width: 5) ?? 0 }
    /// 0 circuit mode, 2 packet mode.
    public var transferMode: UInt8 { octets.count > 1 ? octets[1].bits(5, width: 2) : 0 }
    /// 16 = 64 kbit/s, 17 = 2×64, 19 = 384, 21 = 1536, 23 = 1920, 24 = multirate.
    public var informationTransferRate: UInt8 { octets.count > 1 ? octets[1].bits(0, width: 5) : 0 }

    /// Layer 1 protocol of octet 5 (2 = G.711 µ-law, 3 = G.711 A-law), when octet 5 is present (layer id 01).
    public var userInformationLayer1Protocol: UInt8? {
        for octet in octets.dropFirst(2) where octet.bits(5, width: 2) == 1 {
            return octet.bits(0, width: 5)
        }
        return nil
    }
}
