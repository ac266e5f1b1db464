/// Converts RTP payloads from one leg's codec to another's: decode, resample when the rates differ, re-frame
/// to the output `ptime`, encode. When both legs agree (`CodecFormat.isRelayable`) payloads pass unchanged.
///
/// A value type holding codec state by reference (C state cannot be copied): copies share one pipeline, so
/// keep one `Transcoder` per direction of a call.
public struct Transcoder {
    public let input: CodecFormat
    public let output: CodecFormat
    /// Output packetisation in ms.
    public let ptime: Int
    private let pipeline: TranscodingPipeline?

    public init(from input: CodecFormat, to output: CodecFormat, ptime: Int = 20) throws(MediaCodecError) {
        self.input = input
        self.output = output
        self.ptime = ptime
        self.pipeline = input.isRelayable(to: output) ? nil : try TranscodingPipeline(input, output, ptime: ptime)
    }

    /// True when payloads are relayed without decoding (both legs negotiated the same codec).
    public var isPassthrough: Bool { pipeline == nil }

    /// One received payload in, zero or more payloads to send out (output frames are buffered to `ptime`).
    public func transcode(_ payload: [UInt8]) throws(MediaCodecError) -> [[UInt8]] {
        guard let pipeline else { return relay(payload) }
        return try pipeline.push(try pipeline.decoder.decode(payload))
    }

    /// Stands in for an input packet that never arrived: conceals `milliseconds` of audio (passthrough: nothing,
    /// the receiving endpoint conceals).
    public func concealLoss(milliseconds: Int) throws(MediaCodecError) -> [[UInt8]] {
        guard let pipeline else { return [] }
        let samples = pipeline.decoder.sampleRate * milliseconds / 1000
        return try pipeline.push(try pipeline.decoder.concealLoss(samples: samples))
    }

    private func relay(_ payload: [UInt8]) -> [[UInt8]] {
        // RFC 3551 §4.5.6 / RFC 4856: a receiver that said annexb=no gets no SID frames; SID ends a payload.
        if case .g729(let parameters) = output, !parameters.annexB, payload.count % 10 == 2 {
            let speech = Array(payload.dropLast(2))
            return speech.isEmpty ? [] : [speech]
        }
        return [payload]
    }
}

/// The decode → resample → encode chain behind a transcoding `Transcoder`.
final class TranscodingPipeline {
    let decoder: any AudioDecoder
    private let encoder: any AudioEncoder
    private var resampler: Resampler
    private var pending: [Int16] = []
    private let framesPerPacket: Int

    init(_ input: CodecFormat, _ output: CodecFormat, ptime: Int) throws(MediaCodecError) {
        decoder = try input.makeDecoder()
        encoder = try output.makeEncoder(frameMilliseconds: ptime)
        resampler = Resampler(from: decoder.sampleRate, to: encoder.sampleRate)
        let packetSamples = encoder.sampleRate * ptime / 1000
        framesPerPacket = max(1, packetSamples / encoder.frameSamples)
    }

    func push(_ audio: [Int16]) throws(MediaCodecError) -> [[UInt8]] {
        pending += resampler.process(audio)
        var packets: [[UInt8]] = []
        let packetSamples = encoder.frameSamples * framesPerPacket
        while pending.count >= packetSamples {
            var packet: [UInt8] = []
            for frame in 0..<framesPerPacket {
                let start = frame * encoder.frameSamples
                packet += try encoder.encode(Array(pending[start..<start + encoder.frameSamples]))
            }
            pending.removeFirst(packetSamples)
            if !packet.isEmpty { packets.append(packet) }
        }
        return packets
    }
}
