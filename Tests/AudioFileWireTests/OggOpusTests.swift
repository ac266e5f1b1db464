import AudioFileWire
import Foundation
import RerouteTestSupport
import Testing

@Suite("Ogg pages and Ogg Opus files (RFC 3533, RFC 7845) checked against opus-tools")
struct OggOpusTests {
    static let haveOpusTools = AudioTools.available("opusenc") && AudioTools.available("opusinfo")
        && AudioTools.available("opusdec") && AudioTools.available("sox")

    @Test("RFC 3533 §5: lacing — packets of 0, 254, 255, 510 and 70,000 bytes survive pages, incl. spanning ones")
    func lacingRoundTrip() throws {
        let sizes = [0, 254, 255, 510, 70_000, 17]
        var writer = OggStreamWriter(serialNumber: 0x1234_5678)
        var pages: [OggPage] = []
        for (index, size) in sizes.enumerated() {
            let packet = (0..<size).map { UInt8(truncatingIfNeeded: $0 &+ index) }
            pages += writer.append(packet, granulePosition: Int64(index + 1) * 960)
        }
        pages += writer.flush()
        #expect(pages.allSatisfy { $0.segmentTable.count <= 255 })
        // A packet of 70,000 bytes needs 275 lacing values: it must continue onto a page flagged `continued`.
        #expect(pages.contains { $0.flags.contains(.continued) })
        #expect(pages.first?.flags.contains(.beginningOfStream) == true)
        let file = pages.flatMap { $0.encoded() }
        let reader = try OggStreamReader(file)
        #expect(reader.packets.map(\.bytes.count) == sizes)
        let lastGranule = try #require(reader.packets.last?.granulePosition)
        #expect(lastGranule == 6 * 960, "granules \(reader.packets.map(\.granulePosition))")
        #expect(reader.pages.map(\.sequenceNumber) == Array(0..<UInt32(pages.count)))
    }

    @Test("RFC 3533 §6: a flipped byte fails the page CRC; a missing page is a sequence gap")
    func corruption() throws {
        var writer = OggStreamWriter(serialNumber: 7, targetPageBytes: 100)
        var pages: [OggPage] = []
        for index in 0..<10 { pages += writer.append([UInt8](repeating: UInt8(index), count: 80), granulePosition: 0) }
        pages += writer.flush()
        var file = pages.flatMap { $0.encoded() }
        file[40] ^= 0x01
        #expect {
            try OggStreamReader(file)
        } throws: { error in
            guard let error = error as? AudioFileError, case .badChecksum = error.reason else { return false }
            return true
        }
        let gapped = pages.enumerated().filter { $0.offset != 2 }.flatMap { $0.element.encoded() }
        #expect {
            try OggStreamReader(gapped)
        } throws: { error in
            (error as? AudioFileError)?.reason == .pageGap(expected: 2, found: 3)
        }
    }

    @Test("RFC 7845 §5.1, §5.2: OpusHead and OpusTags round trip")
    func headers() throws {
        let head = OpusHead(channels: 1, preSkip: 312, inputSampleRate: 8_000, outputGain: -256)
        #expect(try OpusHead(decoding: head.encoded()) == head)
        let tags = OpusTags(vendor: "Reroute", comments: ["CALLER=+447700900123", "TITLE=voicemail"])
        #expect(try OpusTags(decoding: tags.encoded()) == tags)
        #expect(throws: AudioFileError.self) { try OpusTags(decoding: Array("OpusTags".utf8) + [255, 255, 255, 255]) }
    }

    /// opusenc makes a real Ogg Opus file; we read every page (checking each CRC), rewrite the packets with our
    /// writer, and opus-tools must accept ours and decode it to the same samples.
    @Test("RFC 7845: opusinfo accepts the Ogg Opus file we write; opusdec decodes it to the original's PCM",
        .enabled(if: haveOpusTools, "opus-tools or sox is not installed"))
    func opusToolsAcceptOurFile() throws {
        let tools = try AudioTools()
        defer { tools.remove() }
        #expect(try tools.run("sox", ["-n", "-r", "8000", "-b", "16", "-c", "1", "tone.wav", "synth", "1.5",
            "sine", "300-3000"]).status == 0)
        let encoded = try tools.run("opusenc", ["--quiet", "--bitrate", "24", "tone.wav", "theirs.opus"])
        #expect(encoded.status == 0, "\(encoded.output)")
        let reader = try OggStreamReader(try tools.read("theirs.opus"))
        try #require(reader.packets.count > 2)
        let head = try OpusHead(decoding: reader.packets[0].bytes)
        let tags = try OpusTags(decoding: reader.packets[1].bytes)
        #expect(head.channels == 1 && head.inputSampleRate == 8_000)
        #expect(tags.vendor.lowercased().contains("libopus"))
        var (writer, pages) = OggOpusWriter.start(
            serialNumber: 0xCAFE_F00D, head: head, tags: OpusTags(vendor: "Reroute", comments: ["TITLE=test"]))
        for packet in reader.packets.dropFirst(2) { pages += writer.append(packet.bytes, samples48k: 960) }
        pages += writer.finish()
        #expect(pages.last?.flags.contains(.endOfStream) == true)
        try tools.write(pages.flatMap { $0.encoded() }, to: "ours.opus")
        let info = try tools.run("opusinfo", ["ours.opus"])
        #expect(info.status == 0, "\(info.output)")
        #expect(!info.output.contains("WARNING") && !info.output.contains("ERROR"), "\(info.output)")
        #expect(info.output.contains("Reroute"))
        for name in ["theirs", "ours"] {
            let decoded = try tools.run(
                "opusdec", ["--quiet", "--no-dither", "--rate", "8000", "\(name).opus", "\(name).wav"])
            #expect(decoded.status == 0, "\(decoded.output)")
        }
        let theirs = try WAVAudio(decoding: try tools.read("theirs.wav"))
        let ours = try WAVAudio(decoding: try tools.read("ours.wav"))
        // Same packets, same decoder: the same samples up to the last 20 ms frame. We do not copy the original's end
        // trimming (RFC 7845 §4.4: only the encoder that knew the input length can set it), so ours may run up to one
        // frame longer, and opusdec treats the trimmed last frame differently.
        #expect(ours.data.count >= theirs.data.count && ours.data.count - theirs.data.count <= 320)
        let compared = theirs.data.count - 320
        #expect(ours.data.prefix(compared) == theirs.data.prefix(compared), "decoded samples differ")
        #expect(abs(ours.duration - 1.5) < 0.03)
    }

    @Test("Mutation loop: 10,000 corrupted Ogg files never crash the reader")
    func mutationLoop() {
        var generator = SeededGenerator(seed: 0x0665_0001)
        var writer = OggStreamWriter(serialNumber: 99, targetPageBytes: 64)
        var pages: [OggPage] = []
        for index in 0..<12 {
            let packet = [UInt8](repeating: UInt8(index), count: 40 + index * 30)
            pages += writer.append(packet, granulePosition: Int64(index))
        }
        pages += writer.flush()
        let seed = pages.flatMap { $0.encoded() }
        var decoded = 0
        for _ in 0..<10_000 {
            var bytes = seed
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
            case 1: bytes.removeSubrange(position...)
            default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
            }
            if (try? OggStreamReader(bytes)) != nil { decoded += 1 }
        }
        // Only truncations exactly at a page boundary can still read: the CRC catches (nearly) every other change.
        #expect(decoded < 1_000)
    }
}
