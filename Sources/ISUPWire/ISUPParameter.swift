public import NIOCore

/// One ISUP parameter as it travels: its name code and its value octets (ITU-T Q.763 §1.4–§1.8).
///
/// Every parameter of a decoded message is kept in this raw form, so a message re-encodes byte for byte whatever
/// this implementation understands of it; typed views come from ``ISUPParameterValue`` on demand.
public struct ISUPParameter: Hashable, Sendable, CustomStringConvertible {
    public var code: ISUPParameterCode
    /// The value octets, without the name and length octets.
    public var value: ByteBuffer

    @inlinable
    public init(code: ISUPParameterCode, value: ByteBuffer) {
        self.code = code
        self.value = value
    }

    /// A parameter holding the encoding of a typed value.
    public init(code: ISUPParameterCode, _ typed: some ISUPParameterValue) {
        var buffer = ByteBuffer()
        typed.encode(into: &buffer)
        self.init(code: code, value: buffer)
    }

    /// The value decoded as `T`.
    public func decode<T: ISUPParameterValue>(as type: T.Type) throws(ISUPParameterError) -> T {
        try T(decoding: value)
    }

    public var description: String { "\(code)[\(value.readableBytes)]" }
}

/// A typed view of a parameter value: decodes from the value octets and encodes back to them.
///
/// Types do not carry their parameter code because several codes share a format (all the Q.763 §3.9-style
/// numbers, the two transmission medium requirements, hop counter and redirect counter).
public protocol ISUPParameterValue: Hashable, Sendable {
    /// Decodes from exactly the value octets of one parameter.
    init(decoding value: ByteBuffer) throws(ISUPParameterError)
    /// Writes the value octets (no name or length octet).
    func encode(into buffer: inout ByteBuffer)
}

/// Why a parameter value does not match its Q.763 format.
public enum ISUPParameterError: Error, Hashable, Sendable {
    /// Fewer octets than the format needs.
    case tooShort(needed: Int, got: Int)
    /// More octets than the format allows.
    case tooLong(allowed: Int, got: Int)
    /// A field holds a value the format forbids.
    case invalidContent(String)
}

extension ByteBuffer {
    /// The value octets as an array (reads from the reader index; does not move it).
    @inlinable
    var isupOctets: [UInt8] { getBytes(at: readerIndex, length: readableBytes) ?? [] }

    /// Checks that a value has between `min` and `max` octets.
    @inlinable
    func isupRequire(min: Int, max: Int = Int.max) throws(ISUPParameterError) {
        guard readableBytes >= min else { throw .tooShort(needed: min, got: readableBytes) }
        guard readableBytes <= max else { throw .tooLong(allowed: max, got: readableBytes) }
    }
}
