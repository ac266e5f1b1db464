public import NIOCore
public import TelecomTypes

/// The MTP3 routing label (ITU-T Q.704 §2.2; ANSI T1.111.4 §2.2).
///
/// ITU, 32 bits sent least significant bit first, so the octets are a little-endian integer:
/// ```
///  31    28 27                     14 13                      0
/// +--------+-------------------------+-------------------------+
/// |  SLS   |          OPC            |          DPC            |
/// +--------+-------------------------+-------------------------+
///   4 bits          14 bits                    14 bits
/// ```
/// ANSI, 56 bits: DPC (24 bits: member, cluster, network octets in that order), OPC (24 bits), SLS octet
/// (5 or 8 bits used; kept whole).
public struct MTP3RoutingLabel: Hashable, Sendable, CustomStringConvertible {
    public var destinationPointCode: PointCode
    public var originatingPointCode: PointCode
    /// Signalling link selection: 4 bits (ITU) or the whole octet (ANSI).
    public var signallingLinkSelection: UInt8

    public init(destinationPointCode: PointCode, originatingPointCode: PointCode, signallingLinkSelection: UInt8) {
        self.destinationPointCode = destinationPointCode
        self.originatingPointCode = originatingPointCode
        self.signallingLinkSelection = signallingLinkSelection
    }

    /// The label layout this label encodes with, from the DPC's variant.
    public var format: PointCodeFormat {
        switch destinationPointCode.variant {
        case .itu: .itu
        case .ansi: .ansi
        }
    }

    /// Reads a label; throws when the bytes are too few for `format`.
    public static func read(from buffer: inout ByteBuffer, format: PointCodeFormat) throws(MTPDecodingError)
        -> MTP3RoutingLabel
    {
        switch format {
        case .itu:
            guard let word = buffer.readInteger(endianness: .little, as: UInt32.self) else {
                throw MTPDecodingError(.truncated(what: "routing label", needed: 4, available: buffer.readableBytes))
            }
            return MTP3RoutingLabel(
                destinationPointCode: PointCode(word & 0x3FFF),
                originatingPointCode: PointCode((word >> 14) & 0x3FFF),
                signallingLinkSelection: UInt8(truncatingIfNeeded: word >> 28))
        case .ansi:
            guard let bytes = buffer.readBytes(length: 7) else {
                throw MTPDecodingError(.truncated(what: "routing label", needed: 7, available: buffer.readableBytes))
            }
            func pointCode(_ offset: Int) -> PointCode {
                PointCode(
                    UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16,
                    variant: .ansi)
            }
            return MTP3RoutingLabel(
                destinationPointCode: pointCode(0), originatingPointCode: pointCode(3),
                signallingLinkSelection: bytes[6])
        }
    }

    /// Writes the label in `format`; out-of-range bits are masked off.
    public func write(into buffer: inout ByteBuffer) {
        switch format {
        case .itu:
            let word =
                (destinationPointCode.value & 0x3FFF) | (originatingPointCode.value & 0x3FFF) << 14
                | UInt32(signallingLinkSelection & 0x0F) << 28
            buffer.writeInteger(word, endianness: .little)
        case .ansi:
            for code in [destinationPointCode.value, originatingPointCode.value] {
                buffer.writeMultipleIntegers(
                    UInt8(truncatingIfNeeded: code), UInt8(truncatingIfNeeded: code >> 8),
                    UInt8(truncatingIfNeeded: code >> 16))
            }
            buffer.writeInteger(signallingLinkSelection)
        }
    }

    public var description: String {
        "OPC \(originatingPointCode) → DPC \(destinationPointCode) SLS \(signallingLinkSelection)"
    }
}
