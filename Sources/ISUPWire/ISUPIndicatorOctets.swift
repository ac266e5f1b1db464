public import NIOCore
import WireSupport

/// A parameter that is one octet of bit fields, kept whole so spare and national bits survive a round trip.
public protocol ISUPOneOctetValue: ISUPParameterValue {
    var rawValue: UInt8 { get set }
    init(rawValue: UInt8)
}

/// A parameter that is two octets of bit fields. `rawValue` holds octet 1 in bits 0–7 (Q.763 bits A–H) and
/// octet 2 in bits 8–15 (bits I–P), so the spec's bit letters map to shifts 0–15.
public protocol ISUPTwoOctetValue: ISUPParameterValue {
    var rawValue: UInt16 { get set }
    init(rawValue: UInt16)
}

extension ISUPOneOctetValue {
    public init(decoding value: ByteBuffer) throws(ISUPParameterError) {
        try value.isupRequire(min: 1, max: 1)
        self.init(rawValue: value.isupOctets[0])
    }

    public func encode(into buffer: inout ByteBuffer) { buffer.writeInteger(rawValue) }

    func field(_ shift: Int, _ width: Int) -> UInt8 { rawValue.bits(shift, width: width) }
    mutating func setField(_ shift: Int, _ width: Int, _ value: UInt8) {
        rawValue = rawValue.settingBits(shift, width: width, to: value)
    }
    func flag(_ shift: Int) -> Bool { rawValue.bit(shift) }
    mutating func setFlag(_ shift: Int, _ value: Bool) { setField(shift, 1, value ? 1 : 0) }
}

extension ISUPTwoOctetValue {
    public init(decoding value: ByteBuffer) throws(ISUPParameterError) {
        try value.isupRequire(min: 2, max: 2)
        let octets = value.isupOctets
        self.init(rawValue: UInt16(octets[0]) | UInt16(octets[1]) << 8)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(UInt8(truncatingIfNeeded: rawValue), UInt8(truncatingIfNeeded: rawValue >> 8))
    }

    func field(_ shift: Int, _ width: Int) -> UInt8 { UInt8(truncatingIfNeeded: rawValue.bits(shift, width: width)) }
    mutating func setField(_ shift: Int, _ width: Int, _ value: UInt8) {
        rawValue = rawValue.settingBits(shift, width: width, to: UInt16(value))
    }
    func flag(_ shift: Int) -> Bool { rawValue.bit(shift) }
    mutating func setFlag(_ shift: Int, _ value: Bool) { setField(shift, 1, value ? 1 : 0) }
}
