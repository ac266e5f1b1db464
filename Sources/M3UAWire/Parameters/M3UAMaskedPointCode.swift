public import TelecomTypes

/// One 32-bit "Mask + Point Code" entry (RFC 4666 §3.4.1 Affected Point Code, §3.6.1 Destination Point Code and
/// OPC List, §3.4.4 Concerned Destination, whose first octet is "Reserved").
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Mask      |                 Point Code (24 bits)          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
/// The mask is "the number of bits ... masked, starting from the least significant bit" (a wildcard range).
public struct M3UAMaskedPointCode: Hashable, Sendable, CustomStringConvertible {
    public var mask: UInt8
    public var pointCode: PointCode

    @inlinable
    public init(mask: UInt8 = 0, pointCode: PointCode) {
        self.mask = mask
        self.pointCode = pointCode
    }

    @inlinable
    init(word: UInt32) {
        self.mask = UInt8(truncatingIfNeeded: word >> 24)
        self.pointCode = PointCode(word & 0x00FF_FFFF)
    }

    @inlinable
    var word: UInt32 { UInt32(mask) << 24 | (pointCode.value & 0x00FF_FFFF) }

    public var description: String {
        mask == 0 ? pointCode.description : "\(pointCode)/mask \(mask)"
    }
}
