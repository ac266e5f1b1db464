import NIOCore
import RerouteTestSupport
import TDMWire
import Testing
import WireSupport

/// The bytes of `frames` laid one after the other, then `octets` leading garbage octets and `bits` leading bits:
/// the stream as a SAToP receiver sees it, starting mid-frame.
func unstructured(_ frames: [E1Frame], octets: Int, bits: Int, seed: UInt64) -> [UInt8] {
    var rng = SeededGenerator(seed: seed)
    let lead = (0..<octets).map { _ in UInt8.random(in: 0...255, using: &rng) }
    return shifted(lead + E1Bitstream.encode(frames).readableBytesArray, byBits: bits, seed: seed)
}

@Suite("E1 framer and aligner on an unstructured stream (G.704 §2.3, G.706 §4.1, RFC 4553 §6.2.2)")
struct E1FramerTests {
    @Test("G.704 §2.3.2: TS0 alternates FAS and NFAS across calls; channels in their timeslots; idle, TS16, A bit")
    func framing() {
        var framer = E1Framer(configuration: .init(idle: 0xD5, timeslot16: 0x0B))
        var frames = framer.makeFrames(count: 3, channels: [5: [1, 2, 3], 16: [], 31: [9]])
        framer.remoteAlarm = true
        frames += framer.makeFrames(count: 3, channels: [:])
        #expect(frames.map { $0[0] } == [0x9B, 0xDF, 0x9B, 0xFF, 0x9B, 0xFF])
        #expect(frames.prefix(3).map { $0[5] } == [1, 2, 3])
        #expect(frames.map { $0[31] } == [9, 0xD5, 0xD5, 0xD5, 0xD5, 0xD5])
        #expect(frames.allSatisfy { $0[16] == 0x0B && $0[1] == 0xD5 })
        #expect(frames[1].hasNFASBit2 && !frames[1].remoteAlarm && frames[3].remoteAlarm)
    }

    @Test(
        "G.704 §2.3.3: CRC-4 — MFAS 001011 and E = 1 in the NFAS Si bits; each SMF's C bits carry the previous SMF's CRC-4"
    )
    func crc4() {
        var framer = E1Framer(configuration: .init(crc4: true))
        var frames: [E1Frame] = []
        // Odd counts: the multiframe position must follow the stream, not the calls.
        for count in [5, 8, 3, 16, 7, 9] {
            frames += framer.makeFrames(count: count, channels: [1: (0..<count).map { UInt8($0 * 37 & 0xFF) }])
        }
        #expect(frames.count == 48)
        for multiframe in stride(from: 0, to: 48, by: 16) {
            #expect(E1CRC4.hasMultiframeAlignment(frames[multiframe..<multiframe + 16]))
            #expect(frames[multiframe + 13][0] >> 7 == 1 && frames[multiframe + 15][0] >> 7 == 1)
        }
        #expect(E1CRC4.carriedCRC(in: frames[0..<8]) == 0)
        for smf in 1..<6 {
            let previous = frames[(smf - 1) * 8..<smf * 8]
            #expect(E1CRC4.carriedCRC(in: frames[smf * 8..<smf * 8 + 8]) == E1CRC4.checksum(of: previous), "SMF \(smf)")
        }
        // The same frames through E1CRC4.insert (16 at a time) agree bit for bit.
        var reference = frames.map { frame in
            var copy = frame
            copy[0] =
                frame.hasFrameAlignmentSignal
                ? E1Frame.fasOctet(si: true) : E1Frame.nfasOctet(si: true, remoteAlarm: false)
            return copy
        }
        var crc: UInt8 = 0
        for multiframe in stride(from: 0, to: 48, by: 16) {
            var block = Array(reference[multiframe..<multiframe + 16])
            crc = E1CRC4.insert(into: &block, previousCRC: crc).1
            reference.replaceSubrange(multiframe..<multiframe + 16, with: block)
        }
        #expect(reference == frames)
    }

    @Test(
        "G.706 §4.1.2: the framer's stream, starting at any octet and bit, aligns and gives back the frames",
        arguments: [(0, 0), (13, 0), (13, 3), (255, 7), (31, 1)])
    func framerToAligner(octets: Int, bits: Int) {
        var framer = E1Framer(configuration: .init(crc4: octets % 2 == 1))
        let frames = (0..<40).flatMap { index in
            framer.makeFrames(count: 1, channels: [Int(index % 31) + 1: [UInt8(index)]])
        }
        let stream = unstructured(frames, octets: octets, bits: bits, seed: UInt64(octets * 8 + bits))
        var aligner = E1FrameAligner()
        var out: [E1Frame] = []
        for start in stride(from: 0, to: stream.count, by: 256) {
            out += aligner.push(stream[start..<min(start + 256, stream.count)])
        }
        #expect(aligner.alignmentsFound == 1 && aligner.alignmentsLost == 0)
        // A FAS look-alike in the leading garbage at the true phase is a legitimate (and right) alignment: skip
        // the garbage frames it emitted, at most the 8 frames' worth of garbage there is.
        let garbage = out.prefix { !frames.contains($0) }.count
        #expect(garbage <= 8)
        let real = Array(out.dropFirst(garbage))
        let first = real.first.flatMap { frames.firstIndex(of: $0) }
        #expect(first != nil && first! <= 2)
        if let first { #expect(Array(frames[first..<first + real.count]) == real) }
    }

    @Test("RFC 4553 §6.2.2: a lost 256-octet payload replaced by AIS keeps the alignment (phase kept, frames flagged)")
    func replacementKeepsAlignment() {
        var framer = E1Framer()
        let frames = framer.makeFrames(count: 80, channels: [3: (0..<80).map { UInt8($0) }])
        // The packets cut the stream 13 octets into a frame; packet 4 (octets 1024…1279) is lost.
        let stream = unstructured(frames, octets: 13, bits: 0, seed: 1)
        func run(markReplaced: Bool) -> (E1FrameAligner, [E1FrameAligner.AlignedFrame]) {
            var aligner = E1FrameAligner()
            var out: [E1FrameAligner.AlignedFrame] = []
            for (index, start) in stride(from: 0, to: stream.count - 255, by: 256).enumerated() {
                if index == 4 {
                    out += aligner.align([UInt8](repeating: 0xFF, count: 256), replaced: markReplaced)
                } else {
                    out += aligner.align(stream[start..<start + 256])
                }
            }
            return (aligner, out)
        }
        let (aligner, out) = run(markReplaced: true)
        #expect(aligner.alignmentsFound == 1 && aligner.alignmentsLost == 0)
        // 8 frames' worth of AIS straddles 9 frames; every other frame is the original, in place.
        #expect(out.filter(\.replaced).count == 9)
        let offset = frames.firstIndex(of: out[0].frame)!
        for (index, aligned) in out.enumerated() where !aligned.replaced {
            #expect(aligned.frame == frames[offset + index], "frame \(index)")
        }
        #expect(out.count == frames.count - offset - 1)
        // Unmarked, the same AIS is four bad FAS in a row: G.706 §4.1.1 loses alignment (why the mark exists).
        let (unmarked, _) = run(markReplaced: false)
        #expect(unmarked.alignmentsLost == 1)
    }

    @Test("G.706 §4.1: random and mutated streams never crash or hang; frames out never exceed the bits in")
    func hostileStreams() {
        var rng = SeededGenerator(seed: 706)
        var framer = E1Framer(configuration: .init(crc4: true))
        let good = E1Bitstream.encode(framer.makeFrames(count: 64, channels: [1: [0x1B, 0x9B]])).readableBytesArray
        var aligner = E1FrameAligner()
        var bytesIn = 0
        var framesOut = 0
        for round in 0..<4_000 {
            let chunk: [UInt8]
            if round % 2 == 0 {
                chunk = (0..<Int.random(in: 0...700, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            } else {
                let start = Int.random(in: 0..<good.count, using: &rng)
                chunk = Mutator.mutate(Array(good[start...]), using: &rng)
            }
            bytesIn += chunk.count
            framesOut += aligner.align(chunk, replaced: rng.next() % 7 == 0).count
            #expect(framesOut * 32 <= bytesIn)
        }
        #expect(aligner.alignmentsFound >= aligner.alignmentsLost)
    }
}
