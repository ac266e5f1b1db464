import RerouteTestSupport
import Testing
@testable import MediaCodecs

@Suite("G.711 (spandsp)")
struct G711Tests {
    // G.711 §3: A-law codes map one-to-one to decision values, so decode → encode returns every code.
    @Test("ITU-T G.711 §3: every A-law code survives decode and re-encode")
    func aLawCodesRoundTrip() {
        let codes = (0...255).map { UInt8($0) }
        #expect(G711Codec.encode(G711Codec.decode(codes, law: .aLaw), law: .aLaw) == codes)
    }

    // G.711 §4: µ-law has two codes for zero (0x7F = −0, 0xFF = +0); every other code maps back to itself.
    @Test("ITU-T G.711 §4: every µ-law code except −0 survives decode and re-encode")
    func muLawCodesRoundTrip() {
        let codes = (0...255).map { UInt8($0) }.filter { $0 != 0x7F }
        #expect(G711Codec.encode(G711Codec.decode(codes, law: .muLaw), law: .muLaw) == codes)
        #expect(G711Codec.decode([0x7F, 0xFF], law: .muLaw) == [0, 0])
    }

    // G.711 Table 1: A-law code 0xD5 (after even-bit inversion) and µ-law 0xFF decode to the smallest magnitudes.
    @Test("ITU-T G.711 Tables 1/2: the idle octets decode to near silence")
    func idleOctets() {
        for law in G711Law.allCases {
            #expect(abs(Int(G711Codec.decode([law.silenceOctet], law: law)[0])) <= 8)
        }
    }

    // A logarithmic compander keeps roughly 6 dB × 7 bits - overhead ≈ 38 dB SNR over a wide range of levels;
    // ITU-T G.712 §16 asks ≥ 35 dB signal-to-total-distortion at −10 dBm0 (our amplitude 8000 ≈ −12 dBm0).
    // We require 33 dB to leave margin for the sweep's low-frequency start.
    @Test("ITU-T G.711/G.712 §16: a 300–3400 Hz sweep keeps ≥ 33 dB SNR through each law, no delay")
    func sweepSNR() {
        let sweep = TestSignals.sweep(seconds: 2)
        for law in G711Law.allCases {
            let decoded = G711Codec.decode(G711Codec.encode(sweep, law: law), law: law)
            #expect(SignalAnalysis.delay(of: decoded, against: sweep, maxLag: 40) == 0)
            #expect(SignalAnalysis.snr(decoded, against: sweep) >= 33)
        }
    }

    @Test("G.711 carries espeak-ng speech with ≥ 30 dB SNR and unchanged level (±0.2 dB)")
    func speechThroughG711() throws {
        let speech = try SpeechFixture.speech()
        for law in G711Law.allCases {
            let decoded = G711Codec.decode(G711Codec.encode(speech, law: law), law: law)
            #expect(SignalAnalysis.snr(decoded, against: speech) >= 30)
            #expect(abs(SignalAnalysis.level(decoded) - SignalAnalysis.level(speech)) <= 0.2)
        }
    }

    // G.711 Table 3/4: direct A ↔ µ conversion equals expanding and recompanding within one step of the code.
    @Test("ITU-T G.711 Tables 3/4: A-law ↔ µ-law without linear keeps the sample within a quantisation step")
    func lawConversion() {
        let sweep = TestSignals.sweep(seconds: 0.5)
        let aLaw = G711Codec.encode(sweep, law: .aLaw)
        let muLaw = G711Codec.transcode(aLaw, from: .aLaw, to: .muLaw)
        let back = G711Codec.decode(muLaw, law: .muLaw)
        #expect(SignalAnalysis.snr(back, against: sweep) >= 30)
        #expect(G711Codec.transcode(aLaw, from: .aLaw, to: .aLaw) == aLaw)
    }

    // G.711 Appendix I: concealment repeats the last pitch period; it must beat inserting silence.
    @Test("G.711 Appendix I PLC: a lost 20 ms frame of a vowel-like tone is filled closer than silence")
    func concealmentBeatsSilence() throws {
        let signal = zip(TestSignals.tone(200, seconds: 1), TestSignals.tone(600, seconds: 1, amplitude: 3000))
            .map { Int16(clamping: Int($0) + Int($1)) }
        let codec = try G711Codec(law: .aLaw)
        var received: [Int16] = []
        for frame in 0..<50 {
            let range = frame * 160..<(frame + 1) * 160
            if frame == 25 {
                received += try codec.concealLoss(samples: 160)
            } else {
                received += try codec.decode(G711Codec.encode(Array(signal[range]), law: .aLaw))
            }
        }
        let lost = 25 * 160..<26 * 160
        let concealedSNR = SignalAnalysis.snr(received, against: signal, range: lost)
        #expect(concealedSNR > 3, "silence would give 0 dB; PLC gave \(concealedSNR) dB")
    }
}
