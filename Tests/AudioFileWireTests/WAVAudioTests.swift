import AudioFileWire
import Foundation
import RerouteTestSupport
import Testing

@Suite("WAV files (RIFF/WAVE: PCM, A-law, µ-law) checked against sox")
struct WAVAudioTests {
    static let haveSox = AudioTools.available("sox") && AudioTools.available("soxi")

    @Test("Our files read back the same, for every encoding and an odd data length (pad byte)",
        arguments: WAVAudio.Encoding.allCases)
    func roundTrip(encoding: WAVAudio.Encoding) throws {
        let count = encoding == .pcm16 ? 802 : 801
        let data = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let audio = WAVAudio(encoding: encoding, sampleRate: 8_000, data: data)
        let bytes = audio.encoded()
        #expect(bytes.count % 2 == 0)
        #expect(try WAVAudio(decoding: bytes) == audio)
    }

    @Test("soxi reads the encoding, rate, channels and length of files we write",
        .enabled(if: haveSox, "sox is not installed"), arguments: WAVAudio.Encoding.allCases)
    func soxReadsOurFiles(encoding: WAVAudio.Encoding) throws {
        let tools = try AudioTools()
        defer { tools.remove() }
        let samples = (0..<4_000).map { Int16(8_000 * sin(Double($0) * 2 * .pi * 440 / 8_000)) }
        var audio = WAVAudio(pcm16: samples, sampleRate: 8_000)
        if encoding != .pcm16 {
            // The check here is the container, not the coding: any code will do except µ-law's negative zero (0x7F),
            // which sox rewrites as positive zero (0xFF).
            audio = WAVAudio(encoding: encoding, sampleRate: 8_000, data: samples.map {
                let code = UInt8(truncatingIfNeeded: $0)
                return code == 0x7F ? 0x7E : code
            })
        }
        try tools.write(audio.encoded(), to: "ours.wav")
        let info = try tools.run("soxi", ["ours.wav"])
        #expect(info.status == 0, "\(info.output)")
        #expect(info.output.contains("Sample Rate    : 8000"))
        #expect(info.output.contains("Channels       : 1"))
        #expect(info.output.contains("4000 samples"))
        let expected = switch encoding {
        case .pcm16: "16-bit Signed Integer PCM"
        case .aLaw: "8-bit A-law"
        case .muLaw: "8-bit u-law"
        }
        #expect(info.output.contains(expected), "\(info.output)")
        // sox's raw dump of the samples is byte for byte what we stored.
        let raw = try tools.run("sox", ["ours.wav", "-t", "raw", "ours.raw"])
        #expect(raw.status == 0, "\(raw.output)")
        #expect(try tools.read("ours.raw") == audio.data, "sox's samples differ from ours")
    }

    @Test("We read files sox writes: A-law, µ-law, PCM, and WAVE_FORMAT_EXTENSIBLE (4 channels)",
        .enabled(if: haveSox, "sox is not installed"))
    func weReadSoxFiles() throws {
        let tools = try AudioTools()
        defer { tools.remove() }
        let cases: [(arguments: [String], encoding: WAVAudio.Encoding, channels: Int, rate: Int)] = [
            (["-r", "8000", "-e", "a-law", "-b", "8", "-c", "1"], .aLaw, 1, 8_000),
            (["-r", "8000", "-e", "u-law", "-b", "8", "-c", "1"], .muLaw, 1, 8_000),
            (["-r", "16000", "-e", "signed", "-b", "16", "-c", "1"], .pcm16, 1, 16_000),
            (["-r", "8000", "-e", "signed", "-b", "16", "-c", "4"], .pcm16, 4, 8_000),
        ]
        for (index, item) in cases.enumerated() {
            let name = "sox\(index).wav"
            let made = try tools.run("sox", ["-n"] + item.arguments + [name, "synth", "0.25", "sine", "440"])
            #expect(made.status == 0, "\(made.output)")
            let audio = try WAVAudio(decoding: try tools.read(name))
            #expect(audio.encoding == item.encoding && audio.channels == item.channels && audio.sampleRate == item.rate)
            #expect(abs(audio.duration - 0.25) < 0.001)
            let raw = try tools.run("sox", [name, "-t", "raw", "sox\(index).raw"])
            #expect(raw.status == 0)
            #expect(try tools.read("sox\(index).raw") == audio.data, "samples differ for \(item.arguments)")
        }
    }

    @Test("espeak-ng's speech output (the prompts' source) reads as 16-bit PCM",
        .enabled(if: AudioTools.available("espeak-ng"), "espeak-ng is not installed"))
    func espeakOutput() throws {
        let tools = try AudioTools()
        defer { tools.remove() }
        let made = try tools.run("espeak-ng", ["-w", "speech.wav", "Please leave a message after the tone."])
        #expect(made.status == 0)
        let audio = try WAVAudio(decoding: try tools.read("speech.wav"))
        #expect(audio.encoding == .pcm16 && audio.channels == 1)
        #expect(audio.duration > 1 && audio.duration < 10)
        #expect((audio.pcm16Samples ?? []).contains { abs(Int($0)) > 1_000 })
    }

    @Test("A recording whose writer died before fixing the header (data size 0) is read to the end, not lost")
    func unfinishedRecording() throws {
        let samples = [UInt8](repeating: 0xD5, count: 1_600)
        let bytes = WAVAudio.header(encoding: .aLaw, sampleRate: 8_000, channels: 1, dataBytes: 0) + samples
        let audio = try WAVAudio(decoding: bytes)
        #expect(audio.data == samples)
    }

    @Test("Hostile input: not WAV, truncated, no fmt, unsupported format each give their typed error")
    func typedErrors() throws {
        #expect(throws: AudioFileError(byteOffset: 0, reason: .notWAV)) { try WAVAudio(decoding: Array("RIFX".utf8)) }
        let good = WAVAudio(encoding: .pcm16, sampleRate: 8_000, data: [1, 2, 3, 4]).encoded()
        var noFormat = good
        noFormat.replaceSubrange(12..<16, with: Array("junk".utf8))
        #expect(throws: AudioFileError.self) { try WAVAudio(decoding: noFormat) }
        var float = good
        float[20] = 3  // IEEE float
        #expect(throws: AudioFileError(byteOffset: 12, reason: .unsupportedFormat(tag: 3, bitsPerSample: 16))) {
            try WAVAudio(decoding: float)
        }
        #expect(throws: AudioFileError.self) { try WAVAudio(decoding: Array(good.prefix(30))) }
    }

    @Test("Mutation loop: 20,000 corrupted files never crash; whatever decodes re-encodes and decodes the same")
    func mutationLoop() throws {
        var generator = SeededGenerator(seed: 0x5EED_0001)
        let seeds = WAVAudio.Encoding.allCases.map {
            WAVAudio(encoding: $0, sampleRate: 8_000, data: (0..<64).map { UInt8($0) }).encoded()
        }
        for round in 0..<20_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.removeSubrange(position...)
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
                }
                if bytes.isEmpty { break }
            }
            if let audio = try? WAVAudio(decoding: bytes) {
                #expect(try WAVAudio(decoding: audio.encoded()) == audio)
            }
        }
    }
}
