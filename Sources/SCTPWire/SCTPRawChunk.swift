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
    mutating func readAllPaddedTLVs(file: String = #fileID, line: UInt = #line) throws(SCTPDecodingError)
        -> [PaddedTLV]
    {
        var items: [PaddedTLV] = []
        while true {
            let item: PaddedTLV?
            do {
                item = try self.readPaddedTLV()
            } catch {
                throw SCTPDecodingError(.malformedParameter(error), file: file, line: line)
            }
            guard let item else { return items }
            items.append(item)
        }
    }

    /// Writes each TLV with its padding.
    mutating func writeAllPaddedTLVs(_ items: [PaddedTLV]) {
        for item in items { self.writePaddedTLV(item) }
    }

    /// Throws when bytes are left over after the chunk's fields were read.
    @inlinable
    func expectFullyConsumed(file: String = #fileID, line: UInt = #line) throws(SCTPDecodingError) {
        guard self.readableBytes == 0 else {
            throw SCTPDecodingError(.chunkValueLengthInvalid(actual: self.readableBytes), file: file, line: line)
        }
    }
}
