import Foundation

/// Measures how cleanly a block of audio carries one tone: the demo's and the tests' audio checks (a test tone
/// sent through a media path and measured where it comes out).
public enum ToneMeasurement {
    /// Ratio in dB of a sine at `frequency` (least-squares fit of amplitude and phase) to everything else.
    public static func snr(_ samples: ArraySlice<Int16>, frequency: Double, sampleRate: Double = 8000) -> Double {
        let w = 2 * Double.pi * frequency / sampleRate
        var ss = 0.0, cc = 0.0, sc = 0.0, sy = 0.0, cy = 0.0
        for (n, sample) in samples.enumerated() {
            let s = sin(w * Double(n))
            let c = cos(w * Double(n))
            let y = Double(sample)
            ss += s * s
            cc += c * c
            sc += s * c
            sy += s * y
            cy += c * y
        }
        let det = ss * cc - sc * sc
        guard det > 0 else { return -.infinity }
        let a = (sy * cc - cy * sc) / det
        let b = (cy * ss - sy * sc) / det
        var signal = 0.0
        var residual = 0.0
        for (n, sample) in samples.enumerated() {
            let fit = a * sin(w * Double(n)) + b * cos(w * Double(n))
            signal += fit * fit
            residual += (Double(sample) - fit) * (Double(sample) - fit)
        }
        return 10 * log10(max(signal, 1e-9) / max(residual, 1e-9))
    }

    /// `snr` of every `window`-sample block, stepping by `step`.
    public static func windows(
        _ samples: [Int16], frequency: Double, window: Int = 800, step: Int = 800, sampleRate: Double = 8000
    ) -> [Double] {
        stride(from: 0, to: max(samples.count - window + 1, 0), by: step).map {
            snr(samples[$0..<$0 + window], frequency: frequency, sampleRate: sampleRate)
        }
    }
}
