import NIOCore
import WireSupport

/// The option list that ends most pcapng blocks (draft-ietf-opsawg-pcapng §3.5).
///
/// ```
///  0                   1                   2                   3
/// +-------------------------------+-------------------------------+
/// |         Option Code           |         Option Length         |
/// +-------------------------------+-------------------------------+
/// /       Option Value, padded to 32 bits                         /
/// +---------------------------------------------------------------+
/// ```
/// The list ends at opt_endofopt (code 0) or at the end of the block.
enum PCAPNGOptions {
    static let endOfOptions: UInt16 = 0

    /// Calls `body(code, value, valueOffset)` for each option in `options`; `offset` is the file offset of
    /// the first option.
    static func forEach(
        in options: ByteBuffer, byteOrder: Endianness, offset: Int,
        _ body: (UInt16, ByteBuffer, Int) throws(CaptureFormatError) -> Void
    ) throws(CaptureFormatError) {
        var options = options
        let base = options.readerIndex
        while options.readableBytes >= 4 {
            let optionOffset = offset + options.readerIndex - base
            guard
                let (code, length) = options.readMultipleIntegers(endianness: byteOrder, as: (UInt16, UInt16).self)
            else { return }
            if code == endOfOptions { return }
            let padded = Int(length) + ByteBuffer.paddingToFour(Int(length))
            guard let value = options.getSlice(at: options.readerIndex, length: Int(length)) else {
                throw CaptureFormatError(byteOffset: optionOffset, reason: .truncatedOption(code: code, length: Int(length)))
            }
            options.moveReaderIndex(forwardBy: min(padded, options.readableBytes))
            try body(code, value, optionOffset + 4)
        }
    }

    /// Writes one option with its padding.
    static func write(code: UInt16, value: [UInt8], byteOrder: Endianness, into buffer: inout ByteBuffer) {
        buffer.writeInteger(code, endianness: byteOrder)
        buffer.writeInteger(UInt16(truncatingIfNeeded: value.count), endianness: byteOrder)
        buffer.writeBytes(value)
        buffer.writeRepeatingByte(0, count: ByteBuffer.paddingToFour(value.count))
    }
}
