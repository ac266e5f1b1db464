import AudioFileWire
import Foundation
import Testing

/// The prompts shipped in conf/prompts (made by scripts/make-prompts.sh with espeak-ng and sox) are what the gateway
/// plays on an E1 timeslot: G.711 A-law at 8 kHz, mono (ITU-T G.711, G.704 64 kbit/s timeslot).
@Suite("Shipped prompts (conf/prompts)")
struct PromptFilesTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("conf/prompts")

    static let required = ["greeting", "beep", "code-intro", "code-repeat", "goodbye"] + (0...9).map { "digit-\($0)" }

    @Test("Every prompt the voicemail and the spoken validation code need is there, 8 kHz A-law mono, and not silent",
        arguments: required)
    func prompt(name: String) throws {
        let bytes = try Data(contentsOf: Self.directory.appendingPathComponent("\(name).wav"))
        let audio = try WAVAudio(decoding: bytes)
        #expect(audio.encoding == .aLaw && audio.sampleRate == 8_000 && audio.channels == 1)
        #expect(audio.duration > 0.2 && audio.duration < 15)
        // A-law silence is 0xD5/0x55 (±8 in linear terms, G.711 Table 1a); speech and tones are mostly not.
        let loud = audio.data.filter { ($0 ^ 0x55) & 0x70 >= 0x40 }.count
        #expect(Double(loud) / Double(audio.data.count) > 0.05, "\(name) looks silent")
    }
}
