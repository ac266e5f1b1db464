import Foundation

/// A speech-like test signal for benchmarks: two harmonics of a 140 Hz fundamental with a 3 Hz vibrato, as a TDM
/// channel carries (not speech, but voiced enough that codecs do real work on it).
public enum SyntheticSpeech {
    /// `count` frames of 20 ms (160 samples at 8 kHz), A-law.
    public static func aLawFrames(_ count: Int) -> [[UInt8]] {
        var phase1 = 0.0
        var phase2 = 0.0
        var frames: [[UInt8]] = []
        frames.reserveCapacity(count)
        for frame in 0..<count {
            var pcm = [Int16](repeating: 0, count: 160)
            for index in 0..<160 {
                let t = Double(frame * 160 + index) / 8000
                let f0 = 140 + 30 * sin(2 * Double.pi * 3 * t)
                phase1 += 2 * Double.pi * f0 / 8000
                phase2 += 2 * Double.pi * 3.1 * f0 / 8000
                pcm[index] = Int16(6000 * sin(phase1) + 2500 * sin(phase2))
            }
            frames.append(G711Codec.encode(pcm, law: .aLaw))
        }
        return frames
    }
}
