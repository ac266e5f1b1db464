internal import CSpanDSP

/// Line echo canceller for one TDM channel (spandsp `echo_can_*`, an adaptive FIR in the style of ITU-T G.168).
///
/// The hybrid of the far-away analogue line reflects part of what we send into the TDM channel (`farEnd`, the
/// app's voice) back with a delay; the canceller models that path and subtracts the estimate from what the TDM
/// side sends us (`nearEnd`) before it goes to the app. G.168 §6.4.1 requires the tail (echo path delay) to be
/// covered: 128 ms (1024 taps) is the common E1 default.
///
/// spandsp's filter is fixed-point (16-bit taps, OSLEC): it expects telephone levels (speech around −26 dBov,
/// ITU-T P.56); a far end near full scale overflows its accumulator and the model diverges (docs/codecs.md).
public final class EchoCanceller {
    /// Which parts of the canceller run (spandsp's adaption-mode bits).
    public struct Mode: OptionSet, Sendable, Hashable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Adapt the echo path model (off = frozen filter).
        public static let adaption = Mode(rawValue: Int32(ECHO_CAN_USE_ADAPTION))
        /// Non-linear processor: suppress residual echo when only the far end talks (G.168 §3.19).
        public static let nonLinearProcessor = Mode(rawValue: Int32(ECHO_CAN_USE_NLP))
        /// Comfort noise in place of what the NLP removed.
        public static let comfortNoise = Mode(rawValue: Int32(ECHO_CAN_USE_CNG))
        /// High-pass filter on the near-end (received) signal, removing DC and hum that slow adaption.
        public static let nearEndHighPass = Mode(rawValue: Int32(ECHO_CAN_USE_RX_HPF))
        /// High-pass filter on the far-end (sent) reference.
        public static let farEndHighPass = Mode(rawValue: Int32(ECHO_CAN_USE_TX_HPF))

        /// What a TDM channel runs by default: the adaptive filter and the near-end high-pass.
        ///
        /// Not the NLP or comfort noise: measured with spandsp 0.0.6, its NLP takes ≈ 3 dB off near-end speech
        /// while the far end is silent and its comfort noise raised the output by ≈ 9 dB (docs/codecs.md).
        public static let standard: Mode = [.adaption, .nearEndHighPass]
    }

    /// Tail length in samples at 8 kHz.
    public let tailSamples: Int
    private let state: OpaquePointer

    /// - Parameter tailSamples: echo path coverage in samples (8 per ms); a power of two.
    public init(tailSamples: Int = 1024, mode: Mode = .standard) throws(MediaCodecError) {
        guard let state = echo_can_init(Int32(tailSamples), mode.rawValue) else {
            throw .initialisationFailed("echo_can_init(\(tailSamples))")
        }
        self.state = state
        self.tailSamples = tailSamples
    }

    deinit {
        echo_can_free(state)
    }

    /// Changes which parts run (e.g. freeze adaption during double talk handled elsewhere).
    public func setMode(_ mode: Mode) {
        echo_can_adaption_mode(state, mode.rawValue)
    }

    /// Forgets the echo path (new call on the timeslot).
    public func reset() {
        echo_can_flush(state)
    }

    /// Cancels echo from `nearEnd` (what the TDM side sends) given `farEnd`, the samples sent to the TDM side at
    /// the same instants. Both blocks have the same length; returns the cleaned near-end signal.
    public func process(farEnd: [Int16], nearEnd: [Int16]) -> [Int16] {
        precondition(farEnd.count == nearEnd.count, "far-end and near-end blocks must be aligned sample for sample")
        var output = [Int16](repeating: 0, count: nearEnd.count)
        for index in 0..<nearEnd.count {
            output[index] = echo_can_update(state, farEnd[index], nearEnd[index])
        }
        return output
    }
}
