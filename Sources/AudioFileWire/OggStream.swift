/// Packs packets of one logical bitstream into pages (RFC 3533 §5, §6). A page is closed when `flush` is asked for,
/// when the next packet arrives and the page already holds `targetPageBytes`, or at 255 segments; each closed page
/// carries the granule position of the last packet completed on it. The last page stays open until `flush` or
/// `endOfStream`, so the end-of-stream flag can always go on a page that holds a packet.
public struct OggStreamWriter: Sendable {
    public let serialNumber: UInt32
    public var targetPageBytes: Int
    private var sequence: UInt32 = 0
    private var started = false
    private var table: [UInt8] = []
    private var body: [UInt8] = []
    private var granule: Int64 = -1
    private var continued = false

    public init(serialNumber: UInt32, targetPageBytes: Int = 4_096) {
        self.serialNumber = serialNumber
        self.targetPageBytes = targetPageBytes
    }

    /// Adds one packet ending at `granulePosition`; returns the pages completed by it (those to write out now).
    public mutating func append(
        _ packet: [UInt8], granulePosition: Int64, flush: Bool = false, endOfStream: Bool = false
    ) -> [OggPage] {
        var pages: [OggPage] = []
        if !table.isEmpty, body.count >= targetPageBytes { pages.append(closePage(endOfStream: false)) }
        var remaining = packet[...]
        while true {
            if table.count == 255 { pages.append(closePage(endOfStream: false)) }
            let chunk = min(remaining.count, 255)
            table.append(UInt8(chunk))
            body += remaining.prefix(chunk)
            remaining = remaining.dropFirst(chunk)
            if chunk < 255 { break }
            if remaining.isEmpty {
                // A packet whose length is a multiple of 255 ends with a zero lacing value.
                if table.count == 255 { pages.append(closePage(endOfStream: false)) }
                table.append(0)
                break
            }
            if table.count == 255 {
                pages.append(closePage(endOfStream: false))
                continued = true
            }
        }
        granule = granulePosition
        if flush || endOfStream {
            pages.append(closePage(endOfStream: endOfStream))
        }
        return pages
    }

    /// Closes the open page, if it holds anything.
    public mutating func flush() -> [OggPage] {
        table.isEmpty ? [] : [closePage(endOfStream: false)]
    }

    private mutating func closePage(endOfStream: Bool) -> OggPage {
        var flags: OggPage.Flags = []
        if !started { flags.insert(.beginningOfStream) }
        if continued { flags.insert(.continued) }
        if endOfStream { flags.insert(.endOfStream) }
        // A page on which no packet ends (its lacing ends in 255) has granule position -1 (RFC 3533 §6).
        let completes = table.last.map { $0 < 255 } ?? false
        let page = OggPage(
            flags: flags, granulePosition: completes ? granule : -1, serialNumber: serialNumber,
            sequenceNumber: sequence, segmentTable: table, body: body)
        started = true
        sequence += 1
        table = []
        body = []
        continued = false
        return page
    }
}

/// Reads the packets of the first logical bitstream of an Ogg file (RFC 3533): checks CRCs, sequence numbers and
/// continuation flags; pages of other streams (multiplexed) are skipped.
public struct OggStreamReader {
    public struct Packet: Hashable, Sendable {
        public var bytes: [UInt8]
        /// The granule position of the page on which the packet ends, when it is the last packet ending there.
        public var granulePosition: Int64?
    }

    public private(set) var serialNumber: UInt32?
    public private(set) var packets: [Packet] = []
    public private(set) var pages: [OggPage] = []

    /// Reads the whole input. A truncated last page is an error: the file was cut.
    public init(_ bytes: [UInt8]) throws(AudioFileError) {
        var offset = 0
        var partial: [UInt8]? = nil
        var expected: UInt32? = nil
        while offset < bytes.count {
            guard let (page, length) = try OggPage.decode(bytes, at: offset) else {
                throw AudioFileError(
                    byteOffset: offset,
                    reason: .truncated(needed: OggPage.headerLength, available: bytes.count - offset))
            }
            defer { offset += length }
            if serialNumber == nil { serialNumber = page.serialNumber }
            guard page.serialNumber == serialNumber else { continue }
            if let expected, page.sequenceNumber != expected {
                throw AudioFileError(
                    byteOffset: offset + 18, reason: .pageGap(expected: expected, found: page.sequenceNumber))
            }
            expected = page.sequenceNumber &+ 1
            guard page.flags.contains(.continued) == (partial != nil) else {
                throw AudioFileError(byteOffset: offset + 5, reason: .continuationMismatch)
            }
            pages.append(page)
            var position = 0
            var endings: [Int] = []
            for lacing in page.segmentTable {
                partial = (partial ?? []) + page.body[position..<position + Int(lacing)]
                position += Int(lacing)
                if lacing < 255, let packet = partial {
                    packets.append(Packet(bytes: packet, granulePosition: nil))
                    endings.append(packets.count - 1)
                    partial = nil
                }
            }
            if let last = endings.last, page.granulePosition != -1 {
                packets[last].granulePosition = page.granulePosition
            }
        }
    }
}
