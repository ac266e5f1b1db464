import Foundation

/// The level of a frame in dBov (ITU-T G.100.1: 0 dBov is the full-scale square wave's power), from 16-bit linear
/// samples, for voice-activity decisions.
public enum AudioLevel {
    /// -100 for digital silence.
    public static func dBov(_ samples: some Collection<Int16>) -> Double {
        guard !samples.isEmpty else { return -100 }
        var sum = 0.0
        for sample in samples { sum += Double(sample) * Double(sample) }
        let power = sum / Double(samples.count) / (32_768.0 * 32_768.0)
        guard power > 0 else { return -100 }
        return max(-100, 10 * log10(power))
    }
}
