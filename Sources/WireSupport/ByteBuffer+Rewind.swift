public import NIOCore

extension ByteBuffer {
    /// Runs `body`; when it returns `nil` (need more bytes) or throws, the reader index is put back where it was.
    ///
    /// Framing decoders return `nil` for "not enough bytes yet" and must leave the buffer untouched
    /// so the caller can retry once more bytes arrive.
    @inlinable
    public mutating func rewindReaderOnNil<T, E: Error>(
        _ body: (inout ByteBuffer) throws(E) -> T?
    ) throws(E) -> T? {
        let saved = self.readerIndex
        do {
            guard let value = try body(&self) else {
                self.moveReaderIndex(to: saved)
                return nil
            }
            return value
        } catch {
            self.moveReaderIndex(to: saved)
            throw error
        }
    }

    /// Reads exactly `length` bytes as a slice, or returns `nil` without moving the reader index.
    @inlinable
    public mutating func readExactSlice(length: Int) -> ByteBuffer? {
        guard length >= 0, self.readableBytes >= length else { return nil }
        return self.readSlice(length: length)
    }

    /// The number of zero bytes needed after `length` bytes to reach a multiple of four (RFC 4666 §3.2, RFC 9260 §3.2).
    @inlinable
    public static func paddingToFour(_ length: Int) -> Int {
        (4 - (length & 3)) & 3
    }

    /// Writes the zero padding that brings `length` to a multiple of four.
    @inlinable
    @discardableResult
    public mutating func writePaddingToFour(after length: Int) -> Int {
        let pad = ByteBuffer.paddingToFour(length)
        if pad > 0 { self.writeRepeatingByte(0, count: pad) }
        return pad
    }

    /// All readable bytes as an array, without moving the reader index.
    @inlinable
    public var readableBytesArray: [UInt8] {
        self.getBytes(at: self.readerIndex, length: self.readableBytes) ?? []
    }
}
