import RerouteTestSupport
import Testing
@testable import MediaCodecs

@Suite("Supervisory tones (ITU-T E.180)")
struct SupervisoryToneTests {
    /// On/off runs in ms of the generated audio, from 5 ms blocks (on = level above −50 dB).
    static func runs(_ audio: [Int16]) -> [(on: Bool, milliseconds: Int)] {
        var runs: [(on: Bool, milliseconds: Int)] = []
        for start in stride(from: 0, to: audio.count - 39, by: 40) {
            let on = SignalAnalysis.level(audio[start..<start + 40]) > -50
            if let last = runs.last, last.on == on {
                runs[runs.count - 1].milliseconds += 5
            } else {
                runs.append((on, 5))
            }
        }
        return runs
    }

    // E.180 §2 and its Supplement 2: each country's tone has its listed frequencies (checked by Goertzel: the
    // listed frequencies are ≥ 20 dB above their neighbours ±100 Hz) and its cadence (each on/off run within
    // 10 ms, two 5 ms blocks of measurement quantisation).
    @Test(
        "ITU-T E.180: frequencies and cadence of ringback, busy and congestion in GB and DE",
        arguments: SupervisoryTone.Country.allCases, SupervisoryTone.Kind.allCases
    )
    func toneMatchesPlan(country: SupervisoryTone.Country, kind: SupervisoryTone.Kind) throws {
        let tone = SupervisoryTone.tone(kind, country: country)
        let generator = try ToneGenerator(tone: tone)
        let audio = generator.generate(samples: tone.period * 8 * 2)
        let observed = Self.runs(audio)
        // Two periods: the cadence twice (the final off run may merge with nothing after it).
        let expected = tone.cadence + tone.cadence
        #expect(observed.count == expected.count)
        for (index, run) in observed.enumerated() where index < expected.count {
            #expect(run.on == (index % 2 == 0))
            #expect(abs(run.milliseconds - expected[index]) <= 10, "run \(index): \(run.milliseconds) ms")
        }
        let firstOn = audio[0..<(tone.cadence[0] * 8)]
        for frequency in [tone.first, tone.second] where frequency > 0 {
            let at = SignalAnalysis.tonePower(firstOn, frequency: Double(frequency))
            let off = max(
                SignalAnalysis.tonePower(firstOn, frequency: Double(frequency - 100)),
                SignalAnalysis.tonePower(firstOn, frequency: Double(frequency + 125))
            )
            #expect(at - off >= 20, "\(frequency) Hz")
        }
    }

    @Test("E.180 Suppl. 2: GB uses 400(+450) Hz, DE 425 Hz")
    func plans() {
        #expect(SupervisoryTone.tone(.ringback, country: .gb).frequencies == (400, 450))
        #expect(SupervisoryTone.tone(.busy, country: .de).frequencies == (425, 0))
        #expect(SupervisoryTone.tone(.ringback, country: .de).cadence == [1000, 4000])
    }
}
