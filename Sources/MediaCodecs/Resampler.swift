#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A streaming rational sample-rate converter: a polyphase FIR (Kaiser-windowed sinc) interpolating by L and
/// decimating by M, for 8 k ↔ 16 k ↔ 48 k and any other integer rate pair (e.g. 22 050 → 8 000).
///
/// The prototype low-pass cuts at `passband` × the lower Nyquist frequency, so 8 kHz telephony (300–3400 Hz,
/// ITU-T G.712) passes untouched and images/aliases are attenuated by about 70 dB (Kaiser β = 7). The delay is
/// constant: `delay` input samples, (taps − 1) / 2 of the upsampled rate.
public struct Resampler: Sendable {
    public let inputRate: Int
    public let outputRate: Int
    private let up: Int
    private let down: Int
    private let tapsPerPhase: Int
    /// Coefficients by phase: `phases[p][j]` = h[p + j·L]·L.
    private let phases: [[Float]]
    private var history: [Float]
    /// Position of the next output sample, in upsampled units, relative to the first sample of the next input.
    private var position = 0

    /// - Parameters:
    ///   - span: filter length in samples of the lower rate; 48 (6 ms at 8 kHz) gives a transition band of about
    ///     700 Hz, so 8 kHz audio is flat to about 3.3 kHz and content above 4 kHz is removed before it aliases.
    ///   - passband: cut-off (−6 dB) as a fraction of the lower rate's Nyquist frequency.
    public init(from inputRate: Int, to outputRate: Int, span: Int = 48, passband: Double = 0.92) {
        precondition(inputRate > 0 && outputRate > 0 && span > 0, "sample rates and span must be positive")
        let divisor = Self.gcd(inputRate, outputRate)
        let up = outputRate / divisor
        let down = inputRate / divisor
        self.inputRate = inputRate
        self.outputRate = outputRate
        self.up = up
        self.down = down
        // The span at the lower rate, expressed in input samples.
        let taps = (span * inputRate + min(inputRate, outputRate) - 1) / min(inputRate, outputRate)
        self.tapsPerPhase = taps
        // Cut-off in cycles per upsampled sample: passband × (lower rate / 2) / (input rate × L).
        let cutoff = passband * 0.5 / Double(max(up, down))
        let prototype = Self.kaiserSinc(length: taps * up, cutoff: cutoff, beta: 7)
        self.phases = (0..<up).map { phase in
            (0..<taps).map { tap in Float(prototype[phase + tap * up] * Double(up)) }
        }
        self.history = [Float](repeating: 0, count: taps - 1)
    }

    /// The filter's group delay, in input samples (the prototype is symmetric: linear phase).
    public var delay: Double { isIdentity ? 0 : Double(tapsPerPhase * up - 1) / 2 / Double(up) }

    /// Whether the two rates are equal (the resampler then copies its input).
    public var isIdentity: Bool { up == 1 && down == 1 }

    /// Converts the next block of input; output length follows the rate ratio, carried over across blocks.
    public mutating func process(_ input: [Int16]) -> [Int16] {
        if isIdentity { return input }
        let offset = tapsPerPhase - 1
        let buffer = history + input.map { Float($0) }
        var output: [Int16] = []
        output.reserveCapacity(input.count * up / down + 1)
        buffer.withUnsafeBufferPointer { samples in
            while true {
                let index = position / up
                guard index < input.count else { break }
                let coefficients = phases[position % up]
                var sum: Float = 0
                let newest = offset + index
                for tap in 0..<tapsPerPhase {
                    sum += coefficients[tap] * samples[newest - tap]
                }
                output.append(.saturating(sum))
                position += down
            }
        }
        position -= input.count * up
        history = Array(buffer.suffix(offset))
        return output
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        b == 0 ? a : gcd(b, a % b)
    }

    /// A low-pass prototype: sinc at `cutoff` (cycles/sample) under a Kaiser window.
    private static func kaiserSinc(length: Int, cutoff: Double, beta: Double) -> [Double] {
        let centre = Double(length - 1) / 2
        let norm = besselI0(beta)
        return (0..<length).map { n in
            let t = Double(n) - centre
            let sinc = t == 0 ? 2 * cutoff : sin(2 * .pi * cutoff * t) / (.pi * t)
            let ratio = 2 * Double(n) / Double(length - 1) - 1
            let window = besselI0(beta * (1 - ratio * ratio).squareRoot()) / norm
            return sinc * window
        }
    }

    /// Zeroth-order modified Bessel function of the first kind (series), for the Kaiser window.
    private static func besselI0(_ x: Double) -> Double {
        var sum = 1.0
        var term = 1.0
        var k = 1.0
        while term > 1e-12 * sum {
            term *= (x / (2 * k)) * (x / (2 * k))
            sum += term
            k += 1
        }
        return sum
    }
}
