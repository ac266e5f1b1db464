/// A capture file that cannot be read: not a capture, truncated, or with inconsistent lengths.
///
/// `byteOffset` counts from the first byte of the file and names where the offending structure starts
/// (the file header, the record or block header, or the field whose value is wrong), so a tool can say
/// "m3ua.cap: truncated record body at byte 51234".
public struct CaptureFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why the file cannot be read.
    public enum Reason: Hashable, Sendable {
        /// The first four bytes are neither a classic pcap magic nor a pcapng Section Header Block.
        case badMagic(UInt32)
        /// Fewer than the 24 bytes of the classic pcap file header (draft-ietf-opsawg-pcap §4).
        case truncatedFileHeader(available: Int)
        /// A 16-byte record header runs past the end of the file (draft-ietf-opsawg-pcap §5).
        case truncatedRecordHeader(available: Int)
        /// The captured length of a record runs past the end of the file.
        case truncatedRecordBody(capturedLength: Int, available: Int)
        /// A pcapng block header (type and length, 8 bytes) runs past the end of the file.
        case truncatedBlockHeader(available: Int)
        /// The block's Block Total Length runs past the end of the file.
        case truncatedBlock(blockLength: Int, available: Int)
        /// A Block Total Length below 12, not a multiple of 4, or too short for the block's fixed fields.
        case invalidBlockLength(Int)
        /// The trailing Block Total Length differs from the leading one (pcapng §3.1).
        case blockLengthMismatch(leading: Int, trailing: Int)
        /// The Section Header Block's Byte-Order Magic is not 0x1A2B3C4D in either byte order.
        case badByteOrderMagic(UInt32)
        /// A packet block names an interface that no Interface Description Block of the section declared.
        case unknownInterface(Int)
        /// An option's length runs past the end of its block (pcapng §3.5).
        case truncatedOption(code: UInt16, length: Int)
        /// An `if_tsresol` value this reader cannot represent (above 10^-19 or 2^-63).
        case unsupportedTimestampResolution(UInt8)
        /// A packet block's captured length exceeds the bytes of packet data its block holds.
        case capturedLengthExceedsBlock(capturedLength: Int, available: Int)
    }

    /// Offset from the first byte of the file where the problem is.
    public var byteOffset: Int
    public var reason: Reason

    public init(byteOffset: Int, reason: Reason) {
        self.byteOffset = byteOffset
        self.reason = reason
    }

    public var description: String {
        let what: String
        switch reason {
        case .badMagic(let magic): what = "not a capture file (magic 0x\(hex32(magic)))"
        case .truncatedFileHeader(let available): what = "truncated file header (\(available) of 24 bytes)"
        case .truncatedRecordHeader(let available): what = "truncated record header (\(available) of 16 bytes)"
        case .truncatedRecordBody(let captured, let available):
            what = "truncated record body (captured length \(captured), \(available) bytes left)"
        case .truncatedBlockHeader(let available): what = "truncated block header (\(available) of 8 bytes)"
        case .truncatedBlock(let length, let available):
            what = "truncated block (block length \(length), \(available) bytes left)"
        case .invalidBlockLength(let length): what = "invalid block length \(length)"
        case .blockLengthMismatch(let leading, let trailing):
            what = "block length mismatch (leading \(leading), trailing \(trailing))"
        case .badByteOrderMagic(let magic): what = "bad byte-order magic 0x\(hex32(magic))"
        case .unknownInterface(let id): what = "packet names undeclared interface \(id)"
        case .truncatedOption(let code, let length): what = "option \(code) of length \(length) overruns its block"
        case .unsupportedTimestampResolution(let value): what = "unsupported if_tsresol 0x\(String(value, radix: 16))"
        case .capturedLengthExceedsBlock(let captured, let available):
            what = "captured length \(captured) exceeds the \(available) bytes of packet data in the block"
        }
        return "\(what) at byte offset \(byteOffset)"
    }
}

@inline(__always)
func hex32(_ value: UInt32) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - text.count)) + text
}
