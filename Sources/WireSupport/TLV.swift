public import NIOCore

/// A tag-length-value item with a 16-bit tag and a 16-bit length that counts the 4-byte header,
/// padded with zeros to a multiple of four: the parameter format of RFC 4666 §3.2 and RFC 4165 and the
/// chunk parameter format of RFC 9260 §3.2.1.
public struct PaddedTLV: Hashable, Sendable {
    public var tag: UInt16
    public var value: ByteBuffer

    @inlinable
    public init(tag: UInt16, value: ByteBuffer) {
        self.tag = tag
        self.value = value
    }

    /// The length field as written: header plus value, without padding.
    @inlinable
    public var lengthField: Int { 4 + value.readableBytes }
}

/// Why a run of padded TLVs is malformed.
public enum PaddedTLVError: Error, Hashable, Sendable {
    /// The length field is below 4 (the header itself) at `offset`.
    case lengthTooShort(offset: Int, length: Int)
    /// The length field runs past the end of the enclosing message at `offset`.
    case lengthOverrun(offset: Int, length: Int, available: Int)
    /// Fewer than four bytes are left for a header at `offset`.
    case truncatedHeader(offset: Int, available: Int)
}

extension ByteBuffer {
    /// Reads one padded TLV from an exact-length buffer. Returns `nil` when no bytes are left.
    ///
    /// The final item's padding may be missing (RFC 9260 §3.2: the sender "MUST NOT pad" beyond the chunk, and
    /// some M3UA peers omit the last pad), so padding is consumed only when present.
    @inlinable
    public mutating func readPaddedTLV() throws(PaddedTLVError) -> PaddedTLV? {
        guard self.readableBytes > 0 else { return nil }
        let offset = self.readerIndex
        guard let (tag, length) = self.readMultipleIntegers(as: (UInt16, UInt16).self) else {
            throw .truncatedHeader(offset: offset, available: self.readableBytes)
        }
        let valueLength = Int(length) - 4
        guard valueLength >= 0 else {
            self.moveReaderIndex(to: offset)
            throw .lengthTooShort(offset: offset, length: Int(length))
        }
        guard let value = self.readSlice(length: valueLength) else {
            let available = self.readableBytes + 4
            self.moveReaderIndex(to: offset)
            throw .lengthOverrun(offset: offset, length: Int(length), available: available)
        }
        let pad = min(ByteBuffer.paddingToFour(valueLength), self.readableBytes)
        self.moveReaderIndex(forwardBy: pad)
        return PaddedTLV(tag: tag, value: value)
    }

    /// Writes one TLV with its padding; returns the bytes written.
    @inlinable
    @discardableResult
    public mutating func writePaddedTLV(_ tlv: PaddedTLV) -> Int {
        var written = self.writeMultipleIntegers(tlv.tag, UInt16(truncatingIfNeeded: tlv.lengthField))
        written += self.writeImmutableBuffer(tlv.value)
        written += self.writePaddingToFour(after: tlv.value.readableBytes)
        return written
    }
}
