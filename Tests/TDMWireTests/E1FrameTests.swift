import Foundation
import NIOCore
import RerouteTestSupport
import TDMWire
import Testing
import WireSupport

/// Frames with recognisable channel contents: timeslot t of frame f carries a seeded value (never the FAS).
func testFrames(count: Int, seed: UInt64) -> [E1Frame] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { index in
        var frame = E1Frame(index: index)
        for slot in 1..<32 { frame[slot] = UInt8.random(in: 0...255, using: &rng) }
        return frame
    }
}

/// The stream shifted right by `bits` bits (random leading bits), as a receiver would see it at any phase.
func shifted(_ bytes: [UInt8], byBits bits: Int, seed: UInt64) -> [UInt8] {
    var rng = SeededGenerator(seed: seed)
    var bitArray: [UInt8] = (0..<bits).map { _ in UInt8.random(in: 0...1, using: &rng) }
    for byte in bytes { for bit in (0..<8).reversed() { bitArray.append((byte >> UInt8(bit)) & 1) } }
    while bitArray.count % 8 != 0 { bitArray.append(0) }
    return stride(from: 0, to: bitArray.count, by: 8).map { start in
        bitArray[start..<start + 8].reduce(0) { $0 << 1 | $1 }
    }
}

@Suite("E1 frames (ITU-T G.704, G.706)")
struct E1FrameTests {
    @Test("G.704 §2.3.2 Table 4a: FAS is Si 0011011; NFAS has bit 2 = 1, A in bit 3, Sa4–Sa8")
    func timeslotZero() {
        #expect(E1Frame.fasOctet(si: true) == 0x9B)
        #expect(E1Frame.nfasOctet(si: true, remoteAlarm: false) == 0xDF)
        #expect(E1Frame.nfasOctet(si: false, remoteAlarm: true) == 0x7F)
        let fas = E1Frame(index: 0)
        let nfas = E1Frame(index: 1, remoteAlarm: true)
        #expect(fas.hasFrameAlignmentSignal && !fas.hasNFASBit2)
        #expect(!nfas.hasFrameAlignmentSignal && nfas.hasNFASBit2 && nfas.remoteAlarm)
        #expect(fas[1] == 0xD5)
    }

    @Test(
        "G.706 §4.1.2: alignment found at any bit phase (FAS, NFAS bit 2, FAS) and frames come out intact",
        arguments: [0, 1, 5, 8, 37, 255])
    func findsAlignment(phase: Int) {
        let frames = testFrames(count: 40, seed: UInt64(phase) + 1)
        let stream = shifted(E1Bitstream.encode(frames).readableBytesArray, byBits: phase, seed: 99)
        var aligner = E1FrameAligner()
        var out: [E1Frame] = []
        for start in stride(from: 0, to: stream.count, by: 7) {
            out += aligner.push(stream[start..<min(start + 7, stream.count)])
        }
        #expect(aligner.alignmentsFound == 1)
        #expect(out.count >= 38)
        // The first frame out is a FAS frame of the original sequence and everything after it matches.
        let first = frames.firstIndex(of: out[0])
        #expect(first != nil)
        if let first { #expect(Array(frames[first..<first + out.count]) == out) }
    }

    @Test("G.706 §4.1.1: a bit slip loses alignment after three bad FAS; the search then finds it again")
    func bitSlip() {
        let frames = testFrames(count: 60, seed: 7)
        var bytes = E1Bitstream.encode(frames).readableBytesArray
        // Drop one bit at frame 20: shift everything after it left by one bit.
        let cut = 20 * 32
        let tail = shifted(Array(bytes[cut...]), byBits: 7, seed: 3)  // 7 extra bits = one bit short of an octet
        bytes = Array(bytes[..<cut]) + tail
        var aligner = E1FrameAligner()
        let out = aligner.push(bytes)
        #expect(aligner.alignmentsLost == 1)
        #expect(aligner.alignmentsFound == 2)
        #expect(Array(out.prefix(20)) == Array(frames.prefix(20)))
        #expect(out.suffix(20) == frames.suffix(20))
    }

    @Test("G.704 §2.3.3, §2.3.3.5.2: CRC-4 multiframe — alignment word 001011, C bits carry the CRC of the SMF just before")
    func crc4() {
        var first = testFrames(count: 16, seed: 11)
        var second = testFrames(count: 16, seed: 12)
        let crcs = E1CRC4.insert(into: &first, previousCRC: 0)
        let next = E1CRC4.insert(into: &second, previousCRC: crcs.1)
        #expect(E1CRC4.hasMultiframeAlignment(first[...]))
        #expect(crcs.0 == E1CRC4.checksum(of: first[0..<8]))
        // §2.3.3.5.2: each SMF carries the CRC of the SMF just before it ("the next SMF").
        #expect(E1CRC4.carriedCRC(in: first[8..<16]) == E1CRC4.checksum(of: first[0..<8]))
        #expect(E1CRC4.carriedCRC(in: second[0..<8]) == E1CRC4.checksum(of: first[8..<16]))
        #expect(E1CRC4.carriedCRC(in: second[8..<16]) == next.0)
        // A single errored bit in a channel changes the CRC (x⁴ + x + 1 detects every single-bit error).
        var errored = first
        errored[3][17] ^= 0x10
        #expect(E1CRC4.checksum(of: errored[0..<8]) != crcs.0)
        // The FAS frames' Si bits are excluded: setting them does not change the CRC.
        var siChanged = first
        siChanged[2][0] ^= 0x80
        #expect(E1CRC4.checksum(of: siChanged[0..<8]) == crcs.0)
    }

    @Test("raw E1 bitstream file: frames written to a file read back identical; a partial frame is refused")
    func bitstreamFile() throws {
        let frames = testFrames(count: 8000, seed: 5)  // one second
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mw-\(UUID().uuidString).e1")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(E1Bitstream.encode(frames).readableBytesView).write(to: file)
        let data = try Data(contentsOf: file)
        #expect(data.count == 256_000)  // 2.048 Mbit/s for one second
        #expect(try E1Bitstream.frames(from: ByteBuffer(bytes: data)) == frames)
        #expect(throws: TDMDecodingError.self) { try E1Bitstream.frames(from: ByteBuffer(bytes: data.prefix(33))) }
    }
}
