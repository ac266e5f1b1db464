import NIOCore
import PCAPWire
import RerouteTestSupport
import Testing

@Suite("Capture file errors name the byte offset")
struct CaptureErrorTests {
    @Test("not a capture: bad magic at byte offset 0")
    func badMagic() {
        let error = captureError(ByteBuffer(string: "GET / HTTP/1.1\r\n\r\n"))
        #expect(error == CaptureFormatError(byteOffset: 0, reason: .badMagic(0x4745_5420)))
        #expect(error?.description == "not a capture file (magic 0x47455420) at byte offset 0")
        #expect(captureError(ByteBuffer(hex: "d4c3")) == CaptureFormatError(byteOffset: 0, reason: .truncatedFileHeader(available: 2)))
    }

    @Test("draft-ietf-opsawg-pcap §4: file header shorter than 24 bytes")
    func truncatedFileHeader() {
        #expect(
            captureError(ByteBuffer(hex: "d4c3b2a1 0200 0400 00000000"))
                == CaptureFormatError(byteOffset: 0, reason: .truncatedFileHeader(available: 12)))
    }

    @Test("§5: truncated record header and record body in a real capture")
    func truncatedRecords() throws {
        let file = try Fixtures.load("isup.cap")
        // Frame 1's record header is at 24, its 146 bytes at 40; frame 2 starts at 186.
        let cutHeader = file.getSlice(at: 0, length: 186 + 7)!
        #expect(captureError(cutHeader) == CaptureFormatError(byteOffset: 186, reason: .truncatedRecordHeader(available: 7)))
        let cutBody = file.getSlice(at: 0, length: 100)!
        let error = captureError(cutBody)
        #expect(error == CaptureFormatError(byteOffset: 40, reason: .truncatedRecordBody(capturedLength: 146, available: 60)))
        // The frame before the damage is still delivered.
        var reader = try CaptureReader(cutHeader)
        #expect(try reader.next()?.number == 1)
        #expect(throws: CaptureFormatError.self) { try reader.next() }
        #expect(throws: CaptureFormatError.self) { try reader.next() }
    }

    @Test("pcapng §3.1: block length not a multiple of 4, below 12, mismatched, or past the end")
    func blockLengths() {
        let shb = "0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff 1c000000"
        #expect(
            captureError(ByteBuffer(hex: shb + "01000000 15000000 0100 0000 00000000 00 15000000"))
                == CaptureFormatError(byteOffset: 32, reason: .invalidBlockLength(21)))
        #expect(
            captureError(ByteBuffer(hex: shb + "01000000 08000000"))
                == CaptureFormatError(byteOffset: 32, reason: .invalidBlockLength(8)))
        #expect(
            captureError(ByteBuffer(hex: shb + "01000000 14000000 0100 0000 00000000 18000000"))
                == CaptureFormatError(byteOffset: 44, reason: .blockLengthMismatch(leading: 20, trailing: 24)))
        #expect(
            captureError(ByteBuffer(hex: shb + "01000000 40000000 0100 0000 00000000 40000000"))
                == CaptureFormatError(byteOffset: 28, reason: .truncatedBlock(blockLength: 64, available: 20)))
        #expect(
            captureError(ByteBuffer(hex: shb + "010000"))
                == CaptureFormatError(byteOffset: 28, reason: .truncatedBlockHeader(available: 3)))
        #expect(
            captureError(ByteBuffer(hex: "0a0d0d0a 1c000000 4d3c2b1b 0100 0000 ffffffffffffffff 1c000000"))
                == CaptureFormatError(byteOffset: 8, reason: .badByteOrderMagic(0x4D3C_2B1B)))
    }

    @Test("pcapng §4.3: undeclared interface, captured length past the block, bad if_tsresol")
    func packetBlocks() {
        let shb = "0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff 1c000000"
        let idb = "01000000 14000000 0100 0000 00000000 14000000"
        #expect(
            captureError(ByteBuffer(hex: shb + idb + "06000000 20000000 05000000 00000000 00000000 00000000 00000000 20000000"))
                == CaptureFormatError(byteOffset: 56, reason: .unknownInterface(5)))
        #expect(
            captureError(ByteBuffer(hex: shb + idb + "06000000 20000000 00000000 00000000 00000000 09000000 09000000 20000000"))
                == CaptureFormatError(byteOffset: 68, reason: .capturedLengthExceedsBlock(capturedLength: 9, available: 0)))
        #expect(
            captureError(ByteBuffer(hex: shb + "01000000 1c000000 0100 0000 00000000 0900 0100 7f000000 1c000000"))
                == CaptureFormatError(byteOffset: 48, reason: .unsupportedTimestampResolution(0x7F)))
        #expect(
            captureError(ByteBuffer(hex: shb + "01000000 1c000000 0100 0000 00000000 0900 0800 06000000 1c000000"))
                == CaptureFormatError(byteOffset: 44, reason: .truncatedOption(code: 9, length: 8)))
    }
}

@Suite("Every truncation point")
struct TruncationTests {
    @Test("a file cut at any byte reads a prefix of its frames, then fails at an offset inside the cut file")
    func everyPrefix() throws {
        var pcapng = PCAPNGWriter(byteOrder: .big, interfaces: [.init(linkType: .ethernet, resolution: .nanoseconds)])
        let classic = try Fixtures.load("isup.cap")
        let frames = try readFrames(classic)
        for frame in frames { pcapng.append(frame) }
        for file in [classic, pcapng.bytes] {
            for length in 0..<file.readableBytes {
                let cut = file.getSlice(at: 0, length: length)!
                var read: [CapturedFrame] = []
                var failure: CaptureFormatError?
                do {
                    var reader = try CaptureReader(cut)
                    while let frame = try reader.next() { read.append(frame) }
                } catch {
                    failure = error
                }
                #expect(read.map(FrameFacts.init) == frames.prefix(read.count).map(FrameFacts.init))
                // Only cuts exactly between records read cleanly; anything else names a byte inside the file.
                if let failure {
                    #expect(failure.byteOffset <= length)
                } else {
                    #expect(read.count < frames.count || length == file.readableBytes)
                }
            }
        }
    }
}
