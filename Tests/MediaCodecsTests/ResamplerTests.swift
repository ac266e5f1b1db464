import RerouteTestSupport
import Testing
@testable import MediaCodecs

@Suite("Resampler")
struct ResamplerTests {
    // A tone at 1 kHz is well inside the 3.3 kHz passband, so only the filters' stopband leakage and float
    // rounding remain: ≥ 40 dB to a fitted sine. The delay is read from a sweep (a tone's correlation is periodic).
    @Test("8 k → 16 k → 8 k and 8 k → 48 k → 8 k keep a 1 kHz tone ≥ 40 dB clean and delay a sweep as stated")
    func roundTrips() {
        let tone = TestSignals.tone(1000, seconds: 1)
        let sweep = TestSignals.sweep(low: 300, high: 3000, seconds: 1)
        for rate in [16000, 48000] {
            var up = Resampler(from: 8000, to: rate)
            var down = Resampler(from: rate, to: 8000)
            // Feed in 20 ms blocks as a call would.
            var output: [Int16] = []
            for start in stride(from: 0, to: tone.count, by: 160) {
                output += down.process(up.process(Array(tone[start..<start + 160])))
            }
            #expect(output.count == tone.count)
            #expect(SignalAnalysis.toneSNR(output[800...], frequency: 1000) >= 40)
            var up2 = Resampler(from: 8000, to: rate)
            var down2 = Resampler(from: rate, to: 8000)
            let swept = down2.process(up2.process(sweep))
            let lag = SignalAnalysis.delay(of: swept, against: sweep, maxLag: 200)
            // The two filters' group delays add up (each states its own), within a sample.
            let expected = up2.delay + down2.delay * 8000 / Double(rate)
            #expect(abs(Double(lag) - expected) <= 1)
        }
    }

    // Decimating 16 k → 8 k must suppress content above 4 kHz that would fold into the telephone band.
    @Test("16 k → 8 k attenuates a 6 kHz tone (alias at 2 kHz) by ≥ 50 dB and passes 3 kHz within 0.5 dB")
    func antiAliasing() {
        var high = Resampler(from: 16000, to: 8000)
        let alias = high.process(TestSignals.tone(6000, seconds: 0.5, sampleRate: 16000))
        let input = SignalAnalysis.level(TestSignals.tone(6000, seconds: 0.5, sampleRate: 16000))
        #expect(input - SignalAnalysis.level(alias[200...]) >= 50)
        var pass = Resampler(from: 16000, to: 8000)
        let passed = pass.process(TestSignals.tone(3000, seconds: 0.5, sampleRate: 16000))
        #expect(abs(SignalAnalysis.level(passed[200...]) - input) <= 0.5)
    }

    @Test("any integer ratio: 22 050 → 8 000 gives 8000/22050 of the samples and keeps a 440 Hz tone")
    func oddRatio() {
        var resampler = Resampler(from: 22050, to: 8000)
        let output = resampler.process(TestSignals.tone(440, seconds: 1, sampleRate: 22050))
        #expect(output.count == 8000)
        let atTone = SignalAnalysis.tonePower(output[400..<8000], frequency: 440)
        let offTone = SignalAnalysis.tonePower(output[400..<8000], frequency: 1000)
        #expect(atTone - offTone >= 40)
    }

    @Test("equal rates copy the input and add no delay")
    func identity() {
        var resampler = Resampler(from: 8000, to: 8000)
        let tone = TestSignals.tone(700, seconds: 0.1)
        #expect(resampler.isIdentity && resampler.delay == 0)
        #expect(resampler.process(tone) == tone)
    }
}
