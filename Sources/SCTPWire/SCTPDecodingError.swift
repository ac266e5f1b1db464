public import WireSupport

/// Why SCTP bytes are malformed (RFC 9260 §3, §3.2).
///
/// Carries the chunk type and the chunk's offset in the packet when known, so a caller can build an ERROR or
/// ABORT cause (e.g. "Protocol Violation" with the offending chunk) or print a precise diagnostic.
public struct SCTPDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Fewer than the 12 bytes of the common header (RFC 9260 §3.1).
        case packetTooShort(length: Int)
        /// Fewer than 4 bytes are left where a chunk header should start.
        case chunkHeaderTruncated(available: Int)
        /// The chunk length field is below 4, the header itself (RFC 9260 §3.2).
        case chunkLengthTooShort(length: Int)
        /// The chunk length field runs past the end of the packet.
        case chunkLengthOverrun(length: Int, available: Int)
        /// The chunk value is shorter than the chunk's fixed fields.
        case chunkValueTooShort(minimum: Int, actual: Int)
        /// The chunk value length does not fit the chunk's layout (e.g. SACK block counts, FORWARD-TSN entries).
        case chunkValueLengthInvalid(actual: Int)
        /// A parameter or error cause inside the chunk is malformed.
        case malformedParameter(PaddedTLVError)
    }

    public var kind: Kind
    /// The type of the chunk being decoded, if any.
    public var chunkType: SCTPChunkType?
    /// The offset of that chunk from the start of the packet, if known.
    public var offset: Int?
    public var file: String
    public var line: UInt

    public init(
        _ kind: Kind, chunkType: SCTPChunkType? = nil, offset: Int? = nil, file: String = #fileID,
        line: UInt = #line
    ) {
        self.kind = kind
        self.chunkType = chunkType
        self.offset = offset
        self.file = file
        self.line = line
    }

    public var description: String {
        var text = "SCTP decoding error: \(kind)"
        if let chunkType { text += " in \(chunkType)" }
        if let offset { text += " at offset \(offset)" }
        return text + " (\(file):\(line))"
    }
}
