internal import CSpanDSP

/// Packet loss concealment for 8 kHz linear audio (spandsp `plc_*`, after ITU-T G.711 Appendix I):
/// a missing frame is filled by repeating the last pitch period with a fade, and the first good frame after a
/// loss is overlap-added so no click is heard.
public final class PacketLossConcealer {
    private let state: UnsafeMutablePointer<plc_state_t>

    public init() throws(MediaCodecError) {
        guard let state = plc_init(nil) else { throw .initialisationFailed("plc_init") }
        self.state = state
    }

    deinit {
        plc_free(state)
    }

    /// Feeds received audio through the concealer (it keeps pitch history and smooths the end of a loss).
    public func receive(_ samples: [Int16]) -> [Int16] {
        var audio = samples
        let count = Int32(audio.count)
        audio.withUnsafeMutableBufferPointer { buffer in
            _ = plc_rx(state, buffer.baseAddress, count)
        }
        return audio
    }

    /// Synthesises `samples` of audio for a frame that was lost.
    public func conceal(samples: Int) -> [Int16] {
        var audio = [Int16](repeating: 0, count: samples)
        audio.withUnsafeMutableBufferPointer { buffer in
            _ = plc_fillin(state, buffer.baseAddress, Int32(samples))
        }
        return audio
    }
}
