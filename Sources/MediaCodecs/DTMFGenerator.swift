internal import CSpanDSP

/// DTMF sender towards the TDM side (spandsp `dtmf_tx`): digits from RFC 4733 events become Q.23 tone pairs.
public final class DTMFGenerator {
    private let state: OpaquePointer

    /// - Parameters:
    ///   - level: low-group level in dBm0 (Q.23 and common practice: −10 dBm0 per tone).
    ///   - twist: high group above low group in dB (Q.24 allows a few dB).
    ///   - onMilliseconds / offMilliseconds: tone and pause per digit (Q.24: at least 40 ms each).
    public init(level: Int = -10, twist: Int = 2, onMilliseconds: Int = 80, offMilliseconds: Int = 80)
        throws(MediaCodecError)
    {
        guard let state = dtmf_tx_init(nil) else { throw .initialisationFailed("dtmf_tx_init") }
        self.state = state
        dtmf_tx_set_level(state, Int32(level), Int32(twist))
        dtmf_tx_set_timing(state, Int32(onMilliseconds), Int32(offMilliseconds))
    }

    deinit {
        dtmf_tx_free(state)
    }

    /// Queues digits to send; returns false when the queue (a few dozen digits) is full.
    @discardableResult
    public func enqueue(_ digits: [DTMFDigit]) -> Bool {
        let text = String(digits.map(\.character))
        let queued = text.withCString { dtmf_tx_put(state, $0, Int32(text.utf8.count)) }
        return queued == 0
    }

    /// Produces up to `samples` of audio; fewer (possibly none) once the queued digits are all sent.
    public func generate(samples: Int) -> [Int16] {
        var audio = [Int16](repeating: 0, count: samples)
        let produced = audio.withUnsafeMutableBufferPointer { dtmf_tx(state, $0.baseAddress, Int32(samples)) }
        return Array(audio.prefix(Int(produced)))
    }
}
