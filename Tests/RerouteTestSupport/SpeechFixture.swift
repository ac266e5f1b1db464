public import Foundation
import MediaCodecs

/// Speech from espeak-ng (`espeak-ng -w FILE.wav`), read from the WAV it writes and resampled to 8 kHz.
///
/// espeak-ng is installed by scripts/setup.sh; when it is missing the tests fail with this message rather than
/// install anything.
public enum SpeechFixture {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    static let sentence = "The quick brown fox jumps over the lazy dog. Please call me back at five o'clock."

    /// The sentence as 8 kHz mono PCM (cached per process).
    public static func speech(sampleRate: Int = 8000) throws -> [Int16] {
        let (samples, rate) = try espeak(sentence)
        var resampler = Resampler(from: rate, to: sampleRate)
        // Flush the filter with its own length of silence so the tail is not cut.
        return resampler.process(samples + [Int16](repeating: 0, count: 64))
    }

    private static func espeak(_ text: String) throws -> ([Int16], Int) {
        guard let executable = ["/usr/bin/espeak-ng", "/usr/local/bin/espeak-ng"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else {
            throw Missing(description: "espeak-ng is not installed (scripts/setup.sh installs it): no speech")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reroute-speech-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("speech.wav")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-v", "en", "-s", "150", "-w", file.path, text]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Missing(description: "espeak-ng exited with \(process.terminationStatus)")
        }
        return try readWAV(Data(contentsOf: file))
    }

    /// Reads a PCM 16-bit mono RIFF/WAVE file (the `fmt ` and `data` chunks).
    public static func readWAV(_ data: Data) throws -> ([Int16], Int) {
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        guard bytes.count > 12, bytes[0..<4] == [0x52, 0x49, 0x46, 0x46], bytes[8..<12] == [0x57, 0x41, 0x56, 0x45]
        else { throw Missing(description: "espeak-ng wrote no RIFF/WAVE file") }
        var offset = 12
        var rate = 0
        var samples: [Int16] = []
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            // espeak-ng writing to a file leaves the data size at its maximum when it cannot seek; clamp it.
            let size = min(u32(offset + 4), bytes.count - offset - 8)
            let body = offset + 8
            if id == "fmt " {
                guard u16(body) == 1, u16(body + 2) == 1, u16(body + 14) == 16 else {
                    throw Missing(description: "espeak-ng WAV is not 16-bit mono PCM")
                }
                rate = u32(body + 4)
            } else if id == "data" {
                samples = stride(from: body, to: body + size - 1, by: 2).map {
                    Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8)
                }
            }
            offset = body + size + (size & 1)
        }
        guard rate > 0, !samples.isEmpty else { throw Missing(description: "espeak-ng WAV has no audio") }
        return (samples, rate)
    }
}
