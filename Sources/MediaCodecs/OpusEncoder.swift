internal import COpus
internal import COpusShim

/// Opus encoder (RFC 6716) in VoIP mode, mono, with bitrate, bandwidth, FEC, DTX and expected loss adjustable
/// during the call (e.g. from RTCP receiver reports, RFC 3550 §6.4.2 fraction lost).
public final class OpusEncoder: AudioEncoder {
    public let sampleRate: Int
    public private(set) var settings: OpusSettings
    public var frameSamples: Int { settings.frameDuration }
    private let encoder: OpaquePointer

    public init(settings: OpusSettings) throws(MediaCodecError) {
        var error: Int32 = 0
        guard let encoder = opus_encoder_create(Int32(settings.sampleRate), 1, OPUS_APPLICATION_VOIP, &error),
            error == OPUS_OK
        else {
            throw .initialisationFailed("opus_encoder_create(\(settings.sampleRate) Hz): \(error)")
        }
        self.encoder = encoder
        self.sampleRate = settings.sampleRate
        self.settings = settings
        try check(reroute_opus_set_signal(encoder, OPUS_SIGNAL_VOICE), "OPUS_SET_SIGNAL")
        try apply(settings)
    }

    deinit {
        opus_encoder_destroy(encoder)
    }

    /// Applies new run-time settings (the sample rate and frame size cannot change on a running encoder).
    public func apply(_ new: OpusSettings) throws(MediaCodecError) {
        guard new.sampleRate == sampleRate else {
            throw .initialisationFailed("Opus sample rate is fixed at \(sampleRate) Hz for this encoder")
        }
        try check(reroute_opus_set_bitrate(encoder, Int32(new.bitrate)), "OPUS_SET_BITRATE")
        let bandwidth = new.maxBandwidth?.rawValue ?? OPUS_BANDWIDTH_FULLBAND
        try check(reroute_opus_set_max_bandwidth(encoder, bandwidth), "OPUS_SET_MAX_BANDWIDTH")
        try check(reroute_opus_set_inband_fec(encoder, new.inbandFEC ? 1 : 0), "OPUS_SET_INBAND_FEC")
        try check(reroute_opus_set_dtx(encoder, new.dtx ? 1 : 0), "OPUS_SET_DTX")
        try check(reroute_opus_set_packet_loss_perc(encoder, Int32(new.packetLossPercent)), "OPUS_SET_PACKET_LOSS_PERC")
        try check(reroute_opus_set_complexity(encoder, Int32(new.complexity)), "OPUS_SET_COMPLEXITY")
        settings = new
    }

    /// Changes only the target bitrate (e.g. lower when RTCP reports sustained loss).
    public func setBitrate(_ bitsPerSecond: Int) throws(MediaCodecError) {
        var new = settings
        new.bitrate = bitsPerSecond
        try apply(new)
    }

    /// Changes the expected loss; with FEC on, a higher value buys more redundancy.
    public func setPacketLossPercent(_ percent: Int) throws(MediaCodecError) {
        var new = settings
        new.packetLossPercent = percent
        try apply(new)
    }

    /// The bitrate the encoder is using now, as libopus reports it.
    public var currentBitrate: Int {
        var value: Int32 = 0
        _ = reroute_opus_get_bitrate(encoder, &value)
        return Int(value)
    }

    /// The encoder's look-ahead in samples at `sampleRate` (part of the algorithmic delay, RFC 6716 §2).
    public var lookahead: Int {
        var value: Int32 = 0
        _ = reroute_opus_get_lookahead(encoder, &value)
        return Int(value)
    }

    public func encode(_ frame: [Int16]) throws(MediaCodecError) -> [UInt8] {
        guard frame.count == frameSamples else { throw .wrongFrameLength(expected: frameSamples, got: frame.count) }
        // RFC 6716 §3.2.1 code 0..3 packets never exceed 1275 octets per frame.
        var packet = [UInt8](repeating: 0, count: 1275)
        let length = frame.withUnsafeBufferPointer { input in
            packet.withUnsafeMutableBufferPointer { output in
                opus_encode(encoder, input.baseAddress!, Int32(frame.count), output.baseAddress!, 1275)
            }
        }
        guard length >= 0 else { throw .libraryError("opus_encode", code: length) }
        // A 1–2 octet packet in DTX is a "no audio" marker the decoder does not need sent (RFC 7587 §3.1.3).
        if settings.dtx && length <= 2 { return [] }
        return Array(packet.prefix(Int(length)))
    }

    private func check(_ result: Int32, _ request: String) throws(MediaCodecError) {
        guard result == OPUS_OK else { throw .libraryError(request, code: result) }
    }
}
