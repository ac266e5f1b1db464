public import NIOCore

/// The INFO String parameter (RFC 4666 §3.4.1, tag 0x0004): "optional ... up to 255 octets ... a UTF-8 encoded
/// string". The bytes are kept as received so even a non-UTF-8 string re-encodes byte for byte.
public struct M3UAInfoString: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var bytes: ByteBuffer

    public init(bytes: ByteBuffer) { self.bytes = bytes }

    public init(_ text: String) { self.bytes = ByteBuffer(string: text) }

    public init(stringLiteral value: String) { self.init(value) }

    /// The text, with invalid UTF-8 repaired.
    public var text: String { String(decoding: bytes.readableBytesView, as: UTF8.self) }

    public var description: String { text }
}
