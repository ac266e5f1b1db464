import WireSupport
public import NIOCore

/// A chunk kept as it came: type, flags and value (without padding).
///
/// Used for chunk types this module does not know (RFC 9260 §3.2: the receiver skips them by their length) and
/// for known chunks whose value is malformed, so nothing is dropped and re-encoding gives the same bytes.
public struct SCTPRawChunk: Hashable, Sendable {
    public var type: SCTPChunkType
    public var flags: UInt8
    public var value: ByteBuffer

    public init(type: SCTPChunkType, flags: UInt8, value: ByteBuffer) {
        self.type = type
        self.flags = flags
        self.value = value
    }
}

/// The common shape of every chunk payload struct: a wire code, the raw flags octet, and a value codec.
///
/// Decoding gets an exact-length slice (the chunk value without header and padding) and must consume all of it
/// or throw; encoding writes the value only; `SCTPChunk` writes the header and padding.
protocol SCTPChunkPayload: Hashable, Sendable {
    static var chunkType: SCTPChunkType { get }
    var flags: UInt8 { get }
    init(flags: UInt8, value: inout ByteBuffer) throws(SCTPDecodingError)
    func encodeValue(into buffer: inout ByteBuffer)
}

extension ByteBuffer {
    /// Reads a fixed chunk field group, or throws `chunkValueTooShort` with the chunk's minimum.
    @inlinable
    mutating func readFixed<T>(
        _ read: (inout ByteBuffer) -> T?, minimum: Int, file: String = #fileID, line: UInt = #line
    ) throws(SCTPDecodingError) -> T {
        let available = self.readableBytes
        guard let value = read(&self) else {
            throw SCTPDecodingError(.chunkValueTooShort(minimum: minimum, actual: available), file: file, line: line)
        }
        return value
    }

    /// Reads padded TLVs until the slice is empty (parameters, error causes).
    ///
    /// Also says whether the chunk length counted the last parameter's padding. RFC 9260 §3.2 says it must
    /// not, but real stacks do (sctp-test.cap frame 1), so the choice is recorded to re-encode as received.
    mutating func readAllPaddedTLVs(file: String = #fileID, line: UInt = #line) throws(SCTPDecodingError)
        -> (items: [PaddedTLV], lastPaddingCounted: Bool)
    {
        var items: [PaddedTLV] = []
        var lastPaddingCounted = false
        while true {
            let before = self.readableBytes
            let item: PaddedTLV?
            do {
                item = try self.readPaddedTLV()
            } catch {
                throw SCTPDecodingError(.malformedParameter(error), file: file, line: line)
            }
            guard let item else { return (items, lastPaddingCounted) }
            lastPaddingCounted = before - self.readableBytes > item.lengthField
            items.append(item)
        }
    }

    /// Writes each TLV with its padding, except the last one's unless `lastPaddingCounted`: RFC 9260 §3.2, the
    /// Chunk Length "does include padding of any variable-length parameter except the last parameter in the
    /// chunk". The chunk's own padding then supplies the same zero bytes.
    mutating func writeAllPaddedTLVs(_ items: [PaddedTLV], lastPaddingCounted: Bool = false) {
        for (index, item) in items.enumerated() {
            if index == items.count - 1 && !lastPaddingCounted {
                self.writeMultipleIntegers(item.tag, UInt16(truncatingIfNeeded: item.lengthField))
                self.writeImmutableBuffer(item.value)
            } else {
                self.writePaddedTLV(item)
            }
        }
    }

    /// Throws when bytes are left over after the chunk's fields were read.
    @inlinable
    func expectFullyConsumed(file: String = #fileID, line: UInt = #line) throws(SCTPDecodingError) {
        guard self.readableBytes == 0 else {
            throw SCTPDecodingError(.chunkValueLengthInvalid(actual: self.readableBytes), file: file, line: line)
        }
    }
}
