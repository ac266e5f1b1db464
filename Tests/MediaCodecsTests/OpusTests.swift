import RerouteTestSupport
import Testing
@testable import MediaCodecs

@Suite("Opus (libopus)")
struct OpusTests {
    /// The delay a TDM → Opus → TDM chain may add: the encoder look-ahead (6.5 ms, RFC 6716 §2: 2.5 ms CELP
    /// overlap + 4 ms SILK resampler delay) plus both resamplers' group delays, plus 1 ms for rounding.
    static func delayBound(rate: Int) -> Double {
        let up = Resampler(from: 8000, to: rate)
        let down = Resampler(from: rate, to: 8000)
        return 8 * 6.5 + up.delay + down.delay * 8000 / Double(rate) + 8
    }

    // Opus is perceptual (no waveform match), so quality is the log spectral distance of speech and the level.
    // Bounds: LSD ≤ 4 dB and level within 2 dB — a transparent-for-telephony codec at these bitrates (RFC 7587
    // §3.1.1: 12 kbit/s narrowband, 20 kbit/s wideband, 32 kbit/s fullband are "good quality" points).
    @Test(
        "A-law → Opus → A-law at 8, 16 and 48 kHz: speech within 2 dB level, LSD ≤ 4 dB, delay within the bound",
        arguments: [(8000, 12000), (16000, 20000), (48000, 32000)]
    )
    func speechRoundTrip(rate: Int, bitrate: Int) throws {
        let speech = try SpeechFixture.speech()
        let format = CodecFormat.opus(OpusSettings(sampleRate: rate, bitrate: bitrate, inbandFEC: false))
        let output = try TDMChain.roundTrip(speech, through: format)
        let lag = SignalAnalysis.delay(of: output, against: speech, maxLag: 400)
        let lsd = SignalAnalysis.logSpectralDistance(output, against: speech, lag: lag)
        let levelChange = SignalAnalysis.level(output) - SignalAnalysis.level(speech)
        print("Opus \(rate) Hz \(bitrate) bit/s speech: delay \(lag) samples, LSD \(lsd) dB, level \(levelChange) dB")
        #expect(Double(lag) <= Self.delayBound(rate: rate))
        #expect(lsd <= 4)
        #expect(abs(levelChange) <= 2)
    }

    // The sweep's level, 50 ms at a time, is the chain's frequency response from 300 to 3400 Hz. ITU-T G.712
    // Table 2 lets a PCM channel vary about ±0.5 dB mid-band and more at the edges; through a perceptual codec
    // and two resamplers we allow ±3 dB.
    @Test("A-law → Opus (wideband) → A-law: a 300–3400 Hz sweep stays within ±3 dB of its level in every 50 ms")
    func sweepRoundTrip() throws {
        let sweep = TestSignals.sweep(seconds: 3)
        let output = try TDMChain.roundTrip(sweep, through: .opus(OpusSettings(sampleRate: 16000, bitrate: 24000)))
        let lag = SignalAnalysis.delay(of: output, against: sweep, maxLag: 400)
        let input = SignalAnalysis.blockLevels(sweep, block: 400)
        let response = SignalAnalysis.blockLevels(Array(output.dropFirst(lag)), block: 400)
        // Skip the first block (codec start-up) and any block cut short at the end.
        let deviations = zip(input, response).dropFirst().map { $1 - $0 }
        print("Opus sweep: delay \(lag), response \(deviations.min() ?? 0)…\(deviations.max() ?? 0) dB")
        #expect(Double(lag) <= Self.delayBound(rate: 16000))
        #expect(deviations.count >= 50)
        #expect(deviations.allSatisfy { abs($0) <= 3 })
    }

    // The bitrate can follow RTCP loss reports during the call; the packets must follow it (RFC 7587 §3.1.1).
    @Test("RFC 7587 §3.1.1: bitrate set at run time changes the packet sizes accordingly")
    func runtimeBitrate() throws {
        let speech = try SpeechFixture.speech(sampleRate: 16000)
        let encoder = try OpusEncoder(settings: OpusSettings(sampleRate: 16000, bitrate: 32000, inbandFEC: false))
        func averageSize(frames: Range<Int>) throws -> Double {
            var total = 0
            for frame in frames {
                total += try encoder.encode(Array(speech[frame * 320..<(frame + 1) * 320])).count
            }
            return Double(total) / Double(frames.count)
        }
        let high = try averageSize(frames: 0..<50)
        try encoder.setBitrate(10000)
        #expect(encoder.currentBitrate == 10000)
        let low = try averageSize(frames: 50..<100)
        // 32 kbit/s × 20 ms = 80 octets; 10 kbit/s = 25 octets (VBR averages; allow 40 % either way).
        #expect(high >= 48 && high <= 112)
        #expect(low >= 15 && low <= 35)
    }

    // RFC 6716 §2.1.9: with DTX, silence is sent as rare comfort-noise updates, not a packet per frame.
    @Test("RFC 6716 §2.1.9 DTX: 2 s of silence sends at most a few packets")
    func dtx() throws {
        let encoder = try OpusEncoder(settings: OpusSettings(sampleRate: 16000, bitrate: 20000, dtx: true))
        let silence = [Int16](repeating: 0, count: 320)
        var sent = 0
        for _ in 0..<100 where try !encoder.encode(silence).isEmpty {
            sent += 1
        }
        // libopus sends one comfort-noise update every 400 ms after the first few frames: ~5 in 2 s, plus warm-up.
        #expect(sent <= 20)
    }

    // RFC 6716 §2.1.7: LBRR (in-band FEC) carries a coarse copy of frame n in packet n + 1, so decoding packet
    // n + 1 with decode_fec rebuilds the lost frame far better than PLC's extrapolation.
    @Test("RFC 6716 §2.1.7: in-band FEC rebuilds a dropped speech frame closer to the original than PLC")
    func fecBeatsPLC() throws {
        let speech = try SpeechFixture.speech(sampleRate: 16000)
        let encoder = try OpusEncoder(
            settings: OpusSettings(sampleRate: 16000, bitrate: 24000, inbandFEC: true, packetLossPercent: 20)
        )
        let packets = try (0..<(speech.count / 320)).map {
            try encoder.encode(Array(speech[$0 * 320..<($0 + 1) * 320]))
        }
        let reference = try OpusDecoder(sampleRate: 16000)
        let clean = try packets.map { try reference.decode($0) }
        var fecWins = 0
        var trials = 0
        // Drop each of several frames in voiced parts; compare what each decoder puts in its place.
        for lost in stride(from: 20, to: packets.count - 2, by: 9) where SignalAnalysis.level(clean[lost]) > -35 {
            let withFEC = try OpusDecoder(sampleRate: 16000)
            let withPLC = try OpusDecoder(sampleRate: 16000)
            for index in 0..<lost {
                _ = try withFEC.decode(packets[index])
                _ = try withPLC.decode(packets[index])
            }
            let recovered = try withFEC.recoverLoss(samples: 320, from: packets[lost + 1])
            let concealed = try withPLC.concealLoss(samples: 320)
            let fecSNR = SignalAnalysis.snr(recovered, against: clean[lost])
            let plcSNR = SignalAnalysis.snr(concealed, against: clean[lost])
            trials += 1
            if fecSNR > plcSNR { fecWins += 1 }
        }
        print("Opus FEC better than PLC in \(fecWins) of \(trials) dropped voiced frames")
        #expect(trials >= 10)
        // FEC should win in the large majority of voiced losses (it decodes real data; PLC guesses).
        #expect(Double(fecWins) >= 0.8 * Double(trials))
    }

    // Hostile input: corrupt packets give a typed error (the receiver conceals), never a crash.
    @Test("RFC 6716 §3.4: empty and corrupt packets are refused with a typed error; mutated packets never crash")
    func hostilePackets() throws {
        let decoder = try OpusDecoder(sampleRate: 8000)
        #expect(throws: MediaCodecError.self) { try decoder.decode([]) }
        // Code 3 packet (RFC 6716 §3.2.5) claiming 0 frames violates R5.
        #expect(throws: MediaCodecError.self) { try decoder.decode([0x03, 0x00]) }
        let encoder = try OpusEncoder(settings: OpusSettings(sampleRate: 8000, bitrate: 16000))
        let good = try encoder.encode(Array(TestSignals.sweep(seconds: 0.02)))
        var generator = SeededGenerator(seed: 6716)
        for _ in 0..<1000 {
            var packet = good
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<packet.count, using: &generator)
                packet[index] = UInt8.random(in: 0...255, using: &generator)
            }
            if Bool.random(using: &generator) {
                packet = Array(packet.prefix(Int.random(in: 1...packet.count, using: &generator)))
            }
            do {
                let audio = try decoder.decode(packet)
                #expect(audio.count <= 960)
            } catch {
                #expect(error == .malformedPayload("corrupt Opus packet (RFC 6716 §3.4)"))
            }
        }
    }

    /// The audio bandwidth a packet's TOC octet announces (RFC 6716 §3.1, Table 2: config number → bandwidth).
    static func tocBandwidth(_ packet: [UInt8]) -> OpusBandwidth {
        let config = Int(packet[0] >> 3)
        switch config {
        case 0...3, 16...19: return .narrowband
        case 4...7: return .mediumband
        case 8...11, 20...23: return .wideband
        case 12...13, 24...27: return .superWideband
        default: return .fullband
        }
    }

    // Narrowband to fullband: the maximum bandwidth set at run time is what the packets announce (RFC 6716
    // §3.1 TOC), for a 48 kHz encoder fed a full-band sweep at a bitrate that would allow fullband.
    @Test("RFC 6716 §3.1: max bandwidth narrowband … fullband is what the TOC of the packets announces")
    func bandwidthLimits() throws {
        let sweep = TestSignals.sweep(low: 100, high: 20000, seconds: 1, sampleRate: 48000)
        for bandwidth in OpusBandwidth.allCases {
            let encoder = try OpusEncoder(
                settings: OpusSettings(sampleRate: 48000, bitrate: 64000, maxBandwidth: bandwidth)
            )
            var announced: Set<OpusBandwidth> = []
            for frame in 10..<50 {
                let packet = try encoder.encode(Array(sweep[frame * 960..<(frame + 1) * 960]))
                announced.insert(Self.tocBandwidth(packet))
            }
            #expect(announced.allSatisfy { $0.rawValue <= bandwidth.rawValue })
            #expect(announced.contains(bandwidth), "\(bandwidth): \(announced)")
        }
    }
}
