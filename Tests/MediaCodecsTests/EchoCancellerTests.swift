import RerouteTestSupport
import Foundation
import Testing
@testable import MediaCodecs

@Suite("Line echo canceller (NLMS, two-path, G.168 structure)")
struct EchoCancellerTests {
    /// The hybrid echo path of the test: `delay` samples late, `loss` dB down (ITU-T G.168 §6.4.2 uses
    /// echo return losses of 6 dB and more and delays within the tail).
    static func echo(of farEnd: [Int16], delay: Int, loss: Double) -> [Int16] {
        let gain = pow(10, -loss / 20)
        return (0..<farEnd.count).map { index in
            index < delay ? 0 : Int16(Double(farEnd[index - delay]) * gain)
        }
    }

    /// Echo return loss enhancement in dB over `range`: echo power in over residual power out (G.168 §3.5).
    static func erle(echo: [Int16], residual: [Int16], range: Range<Int>) -> Double {
        SignalAnalysis.level(echo[range]) - SignalAnalysis.level(residual[range])
    }

    static func cancel(farEnd: [Int16], nearEnd: [Int16], mode: EchoCanceller.Mode) throws -> [Int16] {
        let canceller = try EchoCanceller(tailSamples: 512, mode: mode)
        var output: [Int16] = []
        for start in stride(from: 0, to: farEnd.count, by: 160) {
            let block = start..<start + 160
            output += canceller.process(farEnd: Array(farEnd[block]), nearEnd: Array(nearEnd[block]))
        }
        return output
    }

    // G.168 §6.4.2.2 (test 2, convergence): after convergence the canceller must remove the echo. We require
    // ≥ 20 dB ERLE from the adaptive filter alone (no NLP, which would only mute), measured over the last
    // 2 s of 6 s of noise, for an echo 20 ms late and 6 dB down.
    @Test("ITU-T G.168 §6.4.2: noise echo (20 ms, −6 dB) is reduced by ≥ 20 dB after convergence, filter only")
    func noiseEcho() throws {
        let farEnd = TestSignals.noise(count: 48000, amplitude: 4000, seed: 168)
        let echo = Self.echo(of: farEnd, delay: 160, loss: 6)
        let residual = try Self.cancel(farEnd: farEnd, nearEnd: echo, mode: [.adaption])
        let erle = Self.erle(echo: echo, residual: residual, range: 32000..<48000)
        print("ERLE on noise: \(erle) dB")
        #expect(erle >= 20)
    }

    // Speech at −30 dB RMS over the whole sentence (its pauses put the active speech level, ITU-T P.56, about
    // 3 dB higher: near the −26 dBov of P.501 test signals). The sentence is played three times: the first two passes train
    // (speech excites the echo path far less evenly than noise), the third is measured.
    @Test("ITU-T G.168 §6.4.2: speech echo (espeak-ng at −30 dB, 12 ms, −10 dB) reduced ≥ 20 dB once converged")
    func speechEcho() throws {
        let sentence = try SpeechFixture.speech()
        let gain = pow(10, (-30 - SignalAnalysis.level(sentence)) / 20)
        let scaled = sentence.map { Int16(Double($0) * gain) }
        let farEnd = Array((scaled + scaled + scaled).prefix((scaled.count * 3) / 160 * 160))
        let echo = Self.echo(of: farEnd, delay: 96, loss: 10)
        let residual = try Self.cancel(farEnd: farEnd, nearEnd: echo, mode: .standard)
        let erle = Self.erle(echo: echo, residual: residual, range: (2 * sentence.count)..<farEnd.count)
        let peak = scaled.map { abs(Int($0)) }.max() ?? 0
        print("ERLE on speech: \(erle) dB (far-end peak \(peak))")
        #expect(erle >= 20)
    }

    // Near-end speech with no echo must pass: a canceller that simply muted would "pass" the tests above.
    @Test("ITU-T G.168 §6.4.2.4: near-end speech with silent far end passes within 1 dB")
    func nearEndPasses() throws {
        let speech = try SpeechFixture.speech()
        let count = speech.count / 160 * 160
        let nearEnd = Array(speech.prefix(count))
        let output = try Self.cancel(farEnd: [Int16](repeating: 0, count: count), nearEnd: nearEnd, mode: .standard)
        #expect(abs(SignalAnalysis.level(output) - SignalAnalysis.level(nearEnd)) <= 1)
    }

    // Double talk under a louder far end: the caller speaks (1 kHz, −30 dBov) while we play ringback at −10 dBov,
    // so the Geigel test (near > 0.6 × far peak) never sees double talk and the adapting filter trains on the
    // caller. Then the call is answered: the far end is the app (700 Hz, as loud as the caller). The caller must
    // still come through clean — a canceller that learnt the caller as "echo" of the ringback subtracts a filtered
    // copy of the app's audio from them (G.168 §6.4.2.5: no divergence during double talk).
    @Test("ITU-T G.168 §6.4.2.5: a caller speaking over louder ringback is not learnt as echo; after the far end changes the caller passes clean")
    func doubleTalkUnderLouderFarEnd() throws {
        let ringing = 16000
        let upper = TestSignals.tone(450, seconds: 2, amplitude: 5000)
        let ringback = zip(TestSignals.tone(400, seconds: 2, amplitude: 5000), upper).map { $0 &+ $1 }
        let app = TestSignals.tone(700, seconds: 2, amplitude: 1000)
        let farEnd = ringback + app
        let caller = TestSignals.tone(1000, seconds: 4, amplitude: 1000)
        let output = try Self.cancel(farEnd: farEnd, nearEnd: caller, mode: .standard)
        let answered = Array(output[(ringing + 4000)...])
        let windows = ToneMeasurement.windows(answered, frequency: 1000)
        print("caller after answer: tone SNR per 100 ms \(windows.map { Int($0) })")
        #expect(windows.allSatisfy { $0 > 30 })
    }
}
