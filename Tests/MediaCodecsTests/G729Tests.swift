import RerouteTestSupport
import Testing
@testable import MediaCodecs

@Suite("G.729 (bcg729)")
struct G729Tests {
    // G.729 §2: 5 ms look-ahead; the 10 ms frame itself does not show in a frame-aligned offline chain. We allow
    // the look-ahead plus 1 ms. Quality: CS-ACELP is not waveform-matching, so SNR is meaningless; the log
    // spectral distance of speech in 16 bands is the measure: we measured ≈ 4.7 dB for bcg729 (Opus at 12 kbit/s
    // gives ≈ 2.3 dB) and allow 6 dB — a wrong rate, a lost frame in every packet or a broken decoder gives
    // well over 10 dB. The level must stay within 3 dB (G.729 has no gain control; ±3 dB is the loudness
    // tolerance of ITU-T P.830 tests).
    @Test("A-law → G.729 → A-law: espeak-ng speech within 3 dB level, LSD ≤ 6 dB, delay ≤ 6 ms")
    func speechRoundTrip() throws {
        let speech = try SpeechFixture.speech()
        let output = try TDMChain.roundTrip(speech, through: .g729(G729Parameters(annexB: false)))
        let lag = SignalAnalysis.delay(of: output, against: speech, maxLag: 200)
        let lsd = SignalAnalysis.logSpectralDistance(output, against: speech, lag: lag)
        let levelChange = SignalAnalysis.level(output) - SignalAnalysis.level(speech)
        print("G.729 speech: delay \(lag) samples, LSD \(lsd) dB, level change \(levelChange) dB")
        #expect(lag <= 48)
        #expect(lsd <= 6)
        #expect(abs(levelChange) <= 3)
    }

    @Test("A-law → G.729 (Annex B on) → A-law keeps speech within 3 dB and LSD ≤ 6 dB")
    func speechWithAnnexB() throws {
        let speech = try SpeechFixture.speech()
        let output = try TDMChain.roundTrip(speech, through: .g729(G729Parameters(annexB: true)))
        let lag = SignalAnalysis.delay(of: output, against: speech, maxLag: 200)
        let lsd = SignalAnalysis.logSpectralDistance(output, against: speech, lag: lag)
        print("G.729B speech: delay \(lag) samples, LSD \(lsd) dB")
        #expect(lag <= 48)
        #expect(lsd <= 6)
        #expect(abs(SignalAnalysis.level(output) - SignalAnalysis.level(speech)) <= 3)
    }

    // G.729 Annex B §4: during silence the encoder sends SID frames (2 octets) or nothing; without Annex B every
    // 10 ms gives a 10-octet frame (G.729 §3, 80 bits).
    @Test("G.729 Annex B: silence gives SID (2 octets) or no frame; Annex B off always gives 10 octets")
    func annexBSilence() throws {
        let silence = TestSignals.noise(count: 8000, amplitude: 20, seed: 7)
        let withB = try G729Encoder(annexB: true)
        let withoutB = try G729Encoder(annexB: false)
        var lengthsB: [Int] = []
        for start in stride(from: 0, to: silence.count, by: 80) {
            let frame = Array(silence[start..<start + 80])
            lengthsB.append(try withB.encode(frame).count)
            #expect(try withoutB.encode(frame).count == 10)
        }
        // After the VAD hangover (first frames may still be speech) only 0 or 2 octets.
        #expect(lengthsB.dropFirst(20).allSatisfy { $0 == 0 || $0 == 2 })
        #expect(lengthsB.contains(2))
    }

    // RFC 3551 §4.5.6 and RFC 4856: annexb defaults to yes; the legs' values are reconciled, not transcoded.
    @Test("RFC 4856 §2.1.9: annexb parameter parsing, default yes, normalised to the common value")
    func parameters() {
        #expect(G729Parameters(fmtp: "").annexB)
        #expect(!G729Parameters(fmtp: "annexb=no").annexB)
        #expect(!G729Parameters(fmtp: " AnnexB = NO ").annexB)
        #expect(G729Parameters(fmtp: "annexb=yes").annexB)
        #expect(G729Parameters(fmtp: "annexb=maybe").annexB)
        #expect(!G729Parameters.normalised(G729Parameters(), G729Parameters(fmtp: "annexb=no")).annexB)
        #expect(G729Parameters.normalised(G729Parameters(), G729Parameters()).annexB)
        #expect(G729Parameters(annexB: false).fmtp == "annexb=no")
    }

    @Test("RFC 3551 §4.5.6: annexb=yes ↔ annexb=no is relayed, SID frames removed towards the leg that said no")
    func mismatchIsNotTranscoded() throws {
        let transcoder = try Transcoder(
            from: .g729(G729Parameters(annexB: true)), to: .g729(G729Parameters(annexB: false))
        )
        #expect(transcoder.isPassthrough)
        let speech = [UInt8](repeating: 0x55, count: 20)
        #expect(try transcoder.transcode(speech) == [speech])
        #expect(try transcoder.transcode(speech + [0x12, 0x34]) == [speech])
        #expect(try transcoder.transcode([0x12, 0x34]) == [])
        let reverse = try Transcoder(from: .g729(G729Parameters(annexB: false)), to: .g729(G729Parameters()))
        #expect(try reverse.transcode(speech + [0x12, 0x34]) == [speech + [0x12, 0x34]])
    }

    // Hostile input: any length other than 10·n or 10·n + 2 is refused with a typed error; every accepted
    // payload decodes to 80 samples per frame without crashing (seeded, bounded mutation loop).
    @Test("RFC 3551 §4.5.6: malformed G.729 payload lengths are refused; random payloads never crash")
    func hostilePayloads() throws {
        let decoder = try G729Decoder()
        for length in [1, 3, 7, 11, 19, 25] {
            #expect(throws: MediaCodecError.self) { try decoder.decode([UInt8](repeating: 0xFF, count: length)) }
        }
        var generator = SeededGenerator(seed: 729)
        for _ in 0..<500 {
            let length = Int.random(in: 0...42, using: &generator)
            let payload = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if length % 10 == 0 || length % 10 == 2 {
                let audio = try decoder.decode(payload)
                #expect(audio.count == 80 * (length / 10 + (length % 10 == 2 ? 1 : 0)))
            } else {
                #expect(throws: MediaCodecError.self) { try decoder.decode(payload) }
            }
        }
    }

    @Test("G.729 §4.4: a lost frame is concealed with 80 samples per 10 ms")
    func erasure() throws {
        let decoder = try G729Decoder()
        _ = try decoder.decode(try G729Encoder(annexB: false).encode(Array(TestSignals.tone(500, seconds: 0.01))))
        #expect(try decoder.concealLoss(samples: 160).count == 160)
    }
}
