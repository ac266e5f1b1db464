public import NIOCore
import WireSupport

/// An SCTP packet (RFC 9260 §3): the common header and its bundled chunks.
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                        Common Header                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          Chunk #1                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           ...                                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          Chunk #n                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
///
/// Decoding is lenient where a capture tool needs it to be, and every problem is reported, not hidden:
/// - a wrong CRC32c sets `checksumIsValid` to false; the chunks are still decoded;
/// - a chunk whose value does not parse becomes `SCTPChunk.malformed` and decoding goes on with the next chunk
///   (its length field was sound);
/// - a chunk whose framing is broken (fewer than 4 header bytes, length below 4, length past the end) stops the
///   walk: the chunks before it are returned and the rest is kept in `malformedTail` with the error;
/// - the last chunk's padding may be missing.
///
/// Only fewer than 12 bytes (no common header) throws.
public struct SCTPPacket: Hashable, Sendable {
    public var commonHeader: SCTPCommonHeader
    public var chunks: [SCTPChunk]
    /// Bytes from the first chunk whose framing is broken to the end of the packet, with the reason.
    public var malformedTail: SCTPMalformedTail?
    /// Whether the CRC32c in the common header matched the bytes when decoded (RFC 9260 §6.8).
    /// `true` for a packet built in code.
    public var checksumIsValid: Bool

    public init(
        commonHeader: SCTPCommonHeader, chunks: [SCTPChunk], malformedTail: SCTPMalformedTail? = nil,
        checksumIsValid: Bool = true
    ) {
        self.commonHeader = commonHeader
        self.chunks = chunks
        self.malformedTail = malformedTail
        self.checksumIsValid = checksumIsValid
    }

    /// Every decoding problem in the packet: malformed chunks in order, then the tail's error.
    public var errors: [SCTPDecodingError] {
        var errors: [SCTPDecodingError] = chunks.compactMap {
            if case .malformed(_, let error) = $0 { error } else { nil }
        }
        if let malformedTail { errors.append(malformedTail.error) }
        return errors
    }

    /// Decodes the readable bytes of `bytes` as one whole SCTP packet (the IP payload).
    public static func decode(_ bytes: ByteBuffer) throws(SCTPDecodingError) -> SCTPPacket {
        var buffer = bytes
        let start = buffer.readerIndex
        guard
            let (sourcePort, destinationPort, tag, checksum) = buffer.readMultipleIntegers(
                as: (UInt16, UInt16, UInt32, UInt32).self)
        else {
            throw SCTPDecodingError(.packetTooShort(length: bytes.readableBytes))
        }
        let header = SCTPCommonHeader(
            sourcePort: sourcePort, destinationPort: destinationPort, verificationTag: tag, checksum: checksum)
        let valid = CRC32c.sctpChecksum(ofPacket: bytes) == checksum

        var chunks: [SCTPChunk] = []
        var tail: SCTPMalformedTail?
        while buffer.readableBytes > 0 {
            let offset = buffer.readerIndex - start
            do {
                chunks.append(try readChunk(from: &buffer, offset: offset))
            } catch {
                tail = SCTPMalformedTail(
                    error: error, bytes: buffer.readSlice(length: buffer.readableBytes) ?? ByteBuffer())
                break
            }
        }
        return SCTPPacket(commonHeader: header, chunks: chunks, malformedTail: tail, checksumIsValid: valid)
    }

    /// Reads one chunk and its padding. Framing errors throw and leave the reader index at the chunk start.
    private static func readChunk(from buffer: inout ByteBuffer, offset: Int) throws(SCTPDecodingError)
        -> SCTPChunk
    {
        guard let (typeCode, flags, length) = buffer.getMultipleIntegers(
            at: buffer.readerIndex, as: (UInt8, UInt8, UInt16).self)
        else {
            throw SCTPDecodingError(.chunkHeaderTruncated(available: buffer.readableBytes), offset: offset)
        }
        let type = SCTPChunkType(typeCode)
        // RFC 9260 §3.2: "The Chunk Length field ... includes the Chunk Type, Chunk Flags, Chunk Length, and
        // Chunk Value fields"; below 4 it cannot even cover the header.
        guard length >= 4 else {
            throw SCTPDecodingError(.chunkLengthTooShort(length: Int(length)), chunkType: type, offset: offset)
        }
        guard Int(length) <= buffer.readableBytes else {
            throw SCTPDecodingError(
                .chunkLengthOverrun(length: Int(length), available: buffer.readableBytes), chunkType: type,
                offset: offset)
        }
        buffer.moveReaderIndex(forwardBy: 4)
        let value = buffer.readSlice(length: Int(length) - 4) ?? ByteBuffer()
        // The last chunk's padding may be missing; skip whatever padding is there.
        buffer.moveReaderIndex(forwardBy: min(ByteBuffer.paddingToFour(Int(length)), buffer.readableBytes))
        do {
            return try SCTPChunk.decode(type: type, flags: flags, value: value)
        } catch {
            var error = error
            error.offset = offset
            return .malformed(SCTPRawChunk(type: type, flags: flags, value: value), error)
        }
    }

    /// Writes the packet and fills in the checksum: the CRC32c computed over the written bytes when
    /// `computeChecksum` is true (RFC 9260 §6.8), else `commonHeader.checksum` as it is (to reproduce a capture
    /// with a bad or zero checksum). Chunks are padded; a `malformedTail` is written back raw.
    @discardableResult
    public func encode(into buffer: inout ByteBuffer, computeChecksum: Bool = true) -> Int {
        let start = buffer.writerIndex
        buffer.writeMultipleIntegers(
            commonHeader.sourcePort, commonHeader.destinationPort, commonHeader.verificationTag, UInt32(0))
        for chunk in chunks { chunk.encode(into: &buffer) }
        if let malformedTail { buffer.writeImmutableBuffer(malformedTail.bytes) }
        let written = buffer.writerIndex - start
        var checksum = commonHeader.checksum
        if computeChecksum, let packet = buffer.getSlice(at: start, length: written),
            let computed = CRC32c.sctpChecksum(ofPacket: packet)
        {
            checksum = computed
        }
        buffer.setInteger(checksum, at: start + 8)
        return written
    }
}

/// The undecodable end of a packet: the framing error and the bytes from that chunk on.
public struct SCTPMalformedTail: Hashable, Sendable {
    public var error: SCTPDecodingError
    public var bytes: ByteBuffer

    public init(error: SCTPDecodingError, bytes: ByteBuffer) {
        self.error = error
        self.bytes = bytes
    }
}
