public import Foundation
import MediaCodecs

/// Measurements used by the quality tests: level, SNR, delay by cross-correlation, log spectral distance,
/// single-frequency power (Goertzel).
public enum SignalAnalysis {
    /// RMS level in dB relative to a full-scale 16-bit sine (0 dB = amplitude 32767 / √2 RMS).
    public static func level(_ samples: ArraySlice<Int16>) -> Double {
        let power = samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(samples.count, 1))
        return 10 * log10(max(power, 1e-9) / (32767.0 * 32767.0 / 2))
    }

    public static func level(_ samples: [Int16]) -> Double { level(samples[...]) }

    /// The lag (0…maxLag samples) by which `output` trails `reference`, at the peak of their normalised
    /// cross-correlation.
    public static func delay(of output: [Int16], against reference: [Int16], maxLag: Int) -> Int {
        var best = (lag: 0, score: -Double.infinity)
        let length = min(reference.count, output.count) - maxLag
        for lag in 0...maxLag {
            var dot = 0.0
            var energy = 0.0
            for index in 0..<length {
                let y = Double(output[index + lag])
                dot += Double(reference[index]) * y
                energy += y * y
            }
            let score = dot / max(energy, 1).squareRoot()
            if score > best.score { best = (lag, score) }
        }
        return best.lag
    }

    /// Signal-to-noise ratio in dB of `output` delayed by `lag` against `reference`, over `range` of the
    /// reference (the difference is the noise).
    public static func snr(_ output: [Int16], against reference: [Int16], lag: Int = 0, range: Range<Int>? = nil) -> Double {
        let span = range ?? 0..<(min(reference.count, output.count - lag))
        var signal = 0.0
        var noise = 0.0
        for index in span {
            let x = Double(reference[index])
            let error = Double(output[index + lag]) - x
            signal += x * x
            noise += error * error
        }
        return 10 * log10(signal / max(noise, 1e-9))
    }

    /// Ratio in dB of a sine at `frequency` (least-squares fit of amplitude and phase) to everything else.
    public static func toneSNR(_ samples: ArraySlice<Int16>, frequency: Double, sampleRate: Double = 8000) -> Double {
        ToneMeasurement.snr(samples, frequency: frequency, sampleRate: sampleRate)
    }

    /// Power of one frequency in a block (Goertzel), normalised so a full-scale sine gives about 0 dB.
    public static func tonePower(_ samples: ArraySlice<Int16>, frequency: Double, sampleRate: Double = 8000) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / sampleRate)
        var s1 = 0.0
        var s2 = 0.0
        for sample in samples {
            let s0 = Double(sample) + coefficient * s1 - s2
            s2 = s1
            s1 = s0
        }
        let power = s1 * s1 + s2 * s2 - coefficient * s1 * s2
        let n = Double(samples.count)
        return 10 * log10(max(power, 1e-9) / (n * n / 4 * 32767 * 32767))
    }

    /// Mean band spectral distance in dB between `reference` and `output` (delayed by `lag`): 32 ms Hann frames
    /// whose reference level is above `activeLevel`, power summed in `bandCount` log-spaced bands across `band`
    /// (Hz), RMS of the per-band dB differences (30 dB dynamic range per frame), averaged over frames. Bands
    /// rather than FFT bins, because a parametric coder fills the valleys between pitch harmonics without being
    /// audibly different.
    public static func logSpectralDistance(
        _ output: [Int16], against reference: [Int16], lag: Int, sampleRate: Double = 8000,
        band: ClosedRange<Double> = 300...3400, bandCount: Int = 16, activeLevel: Double = -40
    ) -> Double {
        let size = 256
        let window = (0..<size).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(size)) }
        let ratio = pow(band.upperBound / band.lowerBound, 1 / Double(bandCount))
        let edges = (0...bandCount).map {
            Int((band.lowerBound * pow(ratio, Double($0)) / sampleRate * Double(size)).rounded())
        }
        var total = 0.0
        var frames = 0
        var start = 0
        while start + size + lag <= output.count && start + size <= reference.count {
            defer { start += size / 2 }
            guard level(reference[start..<start + size]) > activeLevel else { continue }
            let x = bandPowers(reference[start..<start + size], window: window, edges: edges)
            let y = bandPowers(output[(start + lag)..<(start + lag + size)], window: window, edges: edges)
            // Bands more than 30 dB below the frame's strongest band count as that floor on both sides: their
            // content is masked, and relative errors there would dominate the mean.
            let floor = max(x.max() ?? 1, 1) * 1e-3
            var sum = 0.0
            for (px, py) in zip(x, y) {
                let d = 10 * log10(max(px, floor) / max(py, floor))
                sum += d * d
            }
            total += (sum / Double(bandCount)).squareRoot()
            frames += 1
        }
        return frames == 0 ? .infinity : total / Double(frames)
    }

    /// Level in dB of each successive block of `block` samples (a sweep's frequency response over time).
    public static func blockLevels(_ samples: [Int16], block: Int) -> [Double] {
        stride(from: 0, to: samples.count - block + 1, by: block).map { level(samples[$0..<$0 + block]) }
    }

    private static func bandPowers(_ frame: ArraySlice<Int16>, window: [Double], edges: [Int]) -> [Double] {
        let power = powerSpectrum(zip(frame, window).map { Double($0) * $1 })
        return (0..<(edges.count - 1)).map { index in
            power[edges[index]..<max(edges[index + 1], edges[index] + 1)].reduce(0, +)
        }
    }

    /// |X[k]|² for k in 0...n/2 by an iterative radix-2 FFT (n a power of two).
    public static func powerSpectrum(_ samples: [Double]) -> [Double] {
        let n = samples.count
        var re = samples
        var im = [Double](repeating: 0, count: n)
        var j = 0
        for i in 1..<n {
            var bit = n >> 1
            while j & bit != 0 {
                j ^= bit
                bit >>= 1
            }
            j |= bit
            if i < j {
                re.swapAt(i, j)
                im.swapAt(i, j)
            }
        }
        var length = 2
        while length <= n {
            let angle = -2 * Double.pi / Double(length)
            for start in stride(from: 0, to: n, by: length) {
                for k in 0..<(length / 2) {
                    let wr = cos(angle * Double(k))
                    let wi = sin(angle * Double(k))
                    let a = start + k
                    let b = a + length / 2
                    let tr = re[b] * wr - im[b] * wi
                    let ti = re[b] * wi + im[b] * wr
                    re[b] = re[a] - tr
                    im[b] = im[a] - ti
                    re[a] += tr
                    im[a] += ti
                }
            }
            length <<= 1
        }
        return (0...(n / 2)).map { re[$0] * re[$0] + im[$0] * im[$0] }
    }
}

/// Test signals.
public enum TestSignals {
    /// A logarithmic sine sweep from `low` to `high` Hz at `amplitude`.
    public static func sweep(
        low: Double = 300, high: Double = 3400, seconds: Double, sampleRate: Double = 8000, amplitude: Double = 8000
    ) -> [Int16] {
        let count = Int(seconds * sampleRate)
        let k = log(high / low)
        return (0..<count).map { index in
            let t = Double(index) / sampleRate
            let phase = 2 * Double.pi * low * seconds / k * (exp(t / seconds * k) - 1)
            return Int16(amplitude * sin(phase))
        }
    }

    public static func tone(_ frequency: Double, seconds: Double, sampleRate: Double = 8000, amplitude: Double = 8000)
        -> [Int16]
    {
        (0..<Int(seconds * sampleRate)).map {
            Int16(amplitude * sin(2 * Double.pi * frequency * Double($0) / sampleRate))
        }
    }

    /// Seeded white noise (SplitMix64), uniform in ±amplitude.
    public static func noise(count: Int, amplitude: Double, seed: UInt64) -> [Int16] {
        var generator = SeededGenerator(seed: seed)
        let scale = 1 / Double(UInt64(1) << 53)
        return (0..<count).map { _ in
            let unit: Double = Double(generator.next() >> 11) * scale
            return Int16(amplitude * (unit * 2 - 1))
        }
    }
}

