public import NIOCore

/// Streams the frames of a classic pcap or pcapng file held in memory.
///
/// ```swift
/// var reader = try CaptureReader(bytes)
/// while let frame = try reader.next() { ... }
/// ```
/// The reader never traps and always makes progress: each call consumes at least one record or block, or
/// throws. After an error, every later call rethrows the same error.
public struct CaptureReader: Sendable {
    private enum Container: Sendable {
        case classic(ClassicPCAPFile)
        case pcapng(PCAPNGFile)
    }

    /// The container format and, for classic pcap, its byte order and timestamp resolution.
    public private(set) var format: CaptureFormat
    private var container: Container
    private var buffer: ByteBuffer
    private let base: Int
    private var framesRead = 0
    private var failure: CaptureFormatError?

    /// Reads the file header (classic) or checks the first Section Header Block (pcapng).
    public init(_ bytes: ByteBuffer) throws(CaptureFormatError) {
        buffer = bytes
        base = bytes.readerIndex
        guard let magic = bytes.getInteger(at: bytes.readerIndex, endianness: .big, as: UInt32.self) else {
            throw CaptureFormatError(byteOffset: 0, reason: .truncatedFileHeader(available: bytes.readableBytes))
        }
        if magic == PCAPNGFile.sectionHeaderType {
            // pcapng §4.1: the file starts with a Section Header Block; its Byte-Order Magic sets the byte order.
            let order = try PCAPNGFile.sectionByteOrder(bytes, offset: 0)
            container = .pcapng(PCAPNGFile(byteOrder: order))
            format = .pcapng(byteOrder: order)
        } else if ClassicPCAPFile.magic(magic) != nil {
            let file = try ClassicPCAPFile.readHeader(&buffer, offset: 0)
            container = .classic(file)
            format = .pcap(byteOrder: file.byteOrder, resolution: file.resolution)
        } else {
            throw CaptureFormatError(byteOffset: 0, reason: .badMagic(magic))
        }
    }

    /// The link type of a classic pcap file; for pcapng, that of interface 0 of the current section, if any.
    public var linkType: LinkType? {
        switch container {
        case .classic(let file): file.linkType
        case .pcapng(let file): file.interfaces.first?.linkType
        }
    }

    /// The next frame, or `nil` at the end of the file.
    public mutating func next() throws(CaptureFormatError) -> CapturedFrame? {
        if let failure { throw failure }
        do {
            let number = framesRead + 1
            let frame: CapturedFrame?
            switch container {
            case .classic(let file):
                frame = try file.readRecord(&buffer, offset: buffer.readerIndex - base, number: number)
            case .pcapng(var file):
                frame = try file.readFrame(&buffer, base: base, number: number)
                container = .pcapng(file)
            }
            if frame != nil { framesRead = number }
            return frame
        } catch {
            failure = error
            throw error
        }
    }

    /// Reads every remaining frame.
    public mutating func readAll() throws(CaptureFormatError) -> [CapturedFrame] {
        var frames: [CapturedFrame] = []
        while let frame = try next() { frames.append(frame) }
        return frames
    }
}
