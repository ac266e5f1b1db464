public import NIOCore

/// Propagation delay counter (Q.763 §3.42): the accumulated delay in milliseconds, most significant octet first.
public struct ISUPPropagationDelayCounter: ISUPParameterValue {
    public var milliseconds: UInt16

    public init(milliseconds: UInt16) { self.milliseconds = milliseconds }

    public init(decoding value: ByteBuffer) throws(ISUPParameterError) {
        try value.isupRequire(min: 2, max: 2)
        milliseconds = value.getInteger(at: value.readerIndex, as: UInt16.self) ?? 0
    }

    public func encode(into buffer: inout ByteBuffer) { buffer.writeInteger(milliseconds) }
}
