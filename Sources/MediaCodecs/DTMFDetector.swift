internal import CSpanDSP

/// DTMF receiver for 8 kHz audio from the TDM side (spandsp `dtmf_rx`, ITU-T Q.24 acceptance: twist, level,
/// duration), reporting each digit's start and end so it can become an RFC 4733 event with a duration.
public final class DTMFDetector {
    private let state: OpaquePointer
    private var sampleCount = 0
    private var pending: [DTMFEvent] = []
    private var current: DTMFDigit?

    /// Audio is fed to spandsp in blocks of this many samples; event positions are accurate to one block.
    public static let blockSamples = 40

    public init() throws(MediaCodecError) {
        guard let state = dtmf_rx_init(nil, nil, nil) else { throw .initialisationFailed("dtmf_rx_init") }
        self.state = state
        dtmf_rx_set_realtime_callback(state, dtmfReport, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit {
        dtmf_rx_free(state)
    }

    /// Processes audio; returns the starts and ends recognised in it, in order.
    public func process(_ samples: [Int16]) -> [DTMFEvent] {
        samples.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let count = min(Self.blockSamples, buffer.count - start)
                sampleCount += count
                _ = dtmf_rx(state, buffer.baseAddress! + start, Int32(count))
                start += count
            }
        }
        // Drain the digit buffer the library also fills, so it never overflows on long calls.
        var sink = [CChar](repeating: 0, count: 129)
        _ = sink.withUnsafeMutableBufferPointer { dtmf_rx_get(state, $0.baseAddress, 128) }
        defer { pending.removeAll() }
        return pending
    }

    /// Called by spandsp with the ASCII code of a digit when it starts, 0 when it ends.
    fileprivate func report(code: Int32) {
        if let current {
            pending.append(DTMFEvent(digit: current, kind: .end, sample: sampleCount))
            self.current = nil
        }
        guard code != 0, let scalar = Unicode.Scalar(UInt32(code)),
            let digit = DTMFDigit(character: Character(scalar))
        else { return }
        current = digit
        pending.append(DTMFEvent(digit: digit, kind: .start, sample: sampleCount))
    }
}

/// The C callback: `user_data` is the detector (unretained: the detector outlives its spandsp state).
private func dtmfReport(userData: UnsafeMutableRawPointer?, code: Int32, level: Int32, delay: Int32) {
    guard let userData else { return }
    Unmanaged<DTMFDetector>.fromOpaque(userData).takeUnretainedValue().report(code: code)
}
