public import NIOCore
import TelecomTypes

extension ISUPMessage {
    /// Encodes the message starting at the CIC, in the canonical Q.763 §1 layout: fixed part, pointers, variable
    /// parameters in table order, optional part, then ``extraOctets``.
    ///
    /// A decoded message re-encodes byte for byte when the sender used that layout (every capture seen does).
    /// Lengths and pointers are single octets: a value longer than 255 octets is cut to 255 and a pointer that
    /// would exceed 255 is written as 255 — only hand-built messages can hit this.
    public func encode(into buffer: inout ByteBuffer) {
        writeCIC(into: &buffer)
        buffer.writeInteger(type.rawValue)
        guard let layout, !layout.isOpaque else {
            buffer.writeImmutableBuffer(extraOctets)
            return
        }
        for slot in layout.fixed {
            let value = parameter(slot.code, among: mandatory) ?? ByteBuffer()
            let length = min(value.readableBytes, slot.length)
            buffer.writeImmutableBuffer(value.getSlice(at: value.readerIndex, length: length) ?? ByteBuffer())
            if length < slot.length { buffer.writeRepeatingByte(0, count: slot.length - length) }
        }
        let variables = layout.variable.map { parameter($0.code, among: mandatory) ?? ByteBuffer() }
        let pointerCount = variables.count + (layout.hasOptionalPart ? 1 : 0)
        var distance = pointerCount
        for (index, value) in variables.enumerated() {
            buffer.writeInteger(UInt8(clamping: distance - index))
            distance += 1 + min(value.readableBytes, 255)
        }
        if layout.hasOptionalPart {
            buffer.writeInteger(optional == nil ? 0 : UInt8(clamping: distance - variables.count))
        }
        for value in variables {
            Self.writeLengthAndValue(value, into: &buffer)
        }
        if layout.hasOptionalPart, let optional {
            for parameter in optional {
                buffer.writeInteger(parameter.code.rawValue)
                Self.writeLengthAndValue(parameter.value, into: &buffer)
            }
            buffer.writeInteger(ISUPParameterCode.endOfOptionalParameters.rawValue)
        }
        buffer.writeImmutableBuffer(extraOctets)
    }

    /// The encoded message as a new buffer.
    public var encoded: ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return buffer
    }

    /// Q.763 §1.2: the CIC, least significant octet first, with the spare bits above it.
    func writeCIC(into buffer: inout ByteBuffer) {
        let cicField = UInt64(cic.value & variant.cicMask) | UInt64(cicSpareBits) << variant.cicBits
        for index in 0..<variant.cicOctets {
            buffer.writeInteger(UInt8(truncatingIfNeeded: cicField >> (8 * index)))
        }
    }

    private func parameter(_ code: ISUPParameterCode, among list: [ISUPParameter]) -> ByteBuffer? {
        list.first { $0.code == code }?.value
    }

    private static func writeLengthAndValue(_ value: ByteBuffer, into buffer: inout ByteBuffer) {
        let length = min(value.readableBytes, 255)
        buffer.writeInteger(UInt8(length))
        buffer.writeImmutableBuffer(value.getSlice(at: value.readerIndex, length: length) ?? ByteBuffer())
    }
}
