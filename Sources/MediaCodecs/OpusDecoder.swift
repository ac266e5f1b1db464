internal import COpus
internal import COpusShim

/// Opus decoder (RFC 6716 §4) producing mono PCM at any of 8, 12, 16, 24 or 48 kHz, whatever rate the sender
/// encoded at; a missing packet is concealed (PLC) or rebuilt from the next packet's in-band FEC data.
public final class OpusDecoder: AudioDecoder {
    public let sampleRate: Int
    /// Samples per frame to conceal when nothing else is known (20 ms).
    public let frameSamples: Int
    private let decoder: OpaquePointer

    public init(sampleRate: Int, frameMilliseconds: Int = 20) throws(MediaCodecError) {
        var error: Int32 = 0
        guard let decoder = opus_decoder_create(Int32(sampleRate), 1, &error), error == OPUS_OK else {
            throw .initialisationFailed("opus_decoder_create(\(sampleRate) Hz): \(error)")
        }
        self.decoder = decoder
        self.sampleRate = sampleRate
        self.frameSamples = sampleRate * frameMilliseconds / 1000
    }

    deinit {
        opus_decoder_destroy(decoder)
    }

    public func decode(_ payload: [UInt8]) throws(MediaCodecError) -> [Int16] {
        guard !payload.isEmpty else { throw .malformedPayload("empty Opus packet (RFC 6716 §3.4 R1)") }
        return try run(payload, fec: false, samples: sampleRate * 120 / 1000)
    }

    public func concealLoss(samples: Int) throws(MediaCodecError) -> [Int16] {
        try run(nil, fec: false, samples: samples)
    }

    /// Rebuilds the frame lost just before `nextPayload` from that packet's in-band FEC (LBRR) data.
    ///
    /// RFC 6716 §4.2: with `decode_fec` the decoder uses the redundancy of the next packet; when that packet has
    /// none, libopus falls back to PLC, so the result is never worse than `concealLoss`. Decode `nextPayload`
    /// itself normally afterwards.
    public func recoverLoss(samples: Int, from nextPayload: [UInt8]) throws(MediaCodecError) -> [Int16] {
        try run(nextPayload, fec: true, samples: samples)
    }

    private func run(_ payload: [UInt8]?, fec: Bool, samples: Int) throws(MediaCodecError) -> [Int16] {
        var output = [Int16](repeating: 0, count: samples)
        let decoded: Int32 = output.withUnsafeMutableBufferPointer { pcm in
            guard let payload else {
                return opus_decode(decoder, nil, 0, pcm.baseAddress!, Int32(samples), 0)
            }
            return payload.withUnsafeBufferPointer { data in
                opus_decode(
                    decoder, data.baseAddress, Int32(data.count), pcm.baseAddress!, Int32(samples), fec ? 1 : 0
                )
            }
        }
        guard decoded >= 0 else {
            if decoded == OPUS_INVALID_PACKET { throw .malformedPayload("corrupt Opus packet (RFC 6716 §3.4)") }
            throw .libraryError("opus_decode", code: decoded)
        }
        return Array(output.prefix(Int(decoded)))
    }
}
