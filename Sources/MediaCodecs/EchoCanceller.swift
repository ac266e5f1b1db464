internal import CEchoCanceller

/// Line echo canceller for one TDM channel: an NLMS adaptive FIR with Geigel double-talk detection, in the
/// structure of ITU-T G.168 (CEchoCanceller, C for speed).
///
/// The hybrid of the far-away analogue line reflects part of what we send into the TDM channel (`farEnd`, the
/// app's voice) back with a delay; the canceller models that path and subtracts the estimate from what the TDM
/// side sends us (`nearEnd`) before it goes to the app. G.168 §6.4.1 requires the tail (echo path delay) to be
/// covered: 128 ms (1024 taps) is the common E1 default.
///
/// Not spandsp's `echo_can_*`: Debian's libspandsp 0.0.6 left debugging `printf` calls in `echo_can_update`, one
/// line on stdout per sample — a flood on a gateway's output and a stdio call per sample per channel.
public final class EchoCanceller {
    /// Which parts of the canceller run.
    public struct Mode: OptionSet, Sendable, Hashable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Adapt the echo path model (off = frozen filter).
        public static let adaption = Mode(rawValue: Int32(REROUTE_EC_ADAPTION))
        /// Non-linear processor: suppress residual echo when only the far end talks (G.168 §3.19).
        public static let nonLinearProcessor = Mode(rawValue: Int32(REROUTE_EC_NLP))
        /// Comfort noise in place of what the NLP removed.
        public static let comfortNoise = Mode(rawValue: Int32(REROUTE_EC_CNG))
        /// High-pass filter on the near-end (received) signal, removing DC and hum that slow adaption.
        public static let nearEndHighPass = Mode(rawValue: Int32(REROUTE_EC_RX_HPF))
        /// High-pass filter on the far-end (sent) reference.
        public static let farEndHighPass = Mode(rawValue: Int32(REROUTE_EC_TX_HPF))

        /// What a TDM channel runs by default: the adaptive filter and the near-end high-pass.
        ///
        /// Not the NLP or comfort noise: a centre clipper that can also clip quiet near-end speech, for lines that
        /// need it.
        public static let standard: Mode = [.adaption, .nearEndHighPass]
    }

    /// Tail length in samples at 8 kHz.
    public let tailSamples: Int
    private let state: OpaquePointer

    /// - Parameter tailSamples: echo path coverage in samples (8 per ms); a power of two.
    public init(tailSamples: Int = 1024, mode: Mode = .standard) throws(MediaCodecError) {
        guard let state = reroute_ec_create(Int32(tailSamples), mode.rawValue) else {
            throw .initialisationFailed("echo canceller with \(tailSamples) taps")
        }
        self.state = state
        self.tailSamples = tailSamples
    }

    deinit {
        reroute_ec_free(state)
    }

    /// Changes which parts run (e.g. freeze adaption during double talk handled elsewhere).
    public func setMode(_ mode: Mode) {
        reroute_ec_set_mode(state, mode.rawValue)
    }

    /// Forgets the echo path (new call on the timeslot).
    public func reset() {
        reroute_ec_reset(state)
    }

    /// Cancels echo from `nearEnd` (what the TDM side sends) given `farEnd`, the samples sent to the TDM side at
    /// the same instants. Both blocks have the same length; returns the cleaned near-end signal.
    public func process(farEnd: [Int16], nearEnd: [Int16]) -> [Int16] {
        precondition(farEnd.count == nearEnd.count, "far-end and near-end blocks must be aligned sample for sample")
        var output = [Int16](repeating: 0, count: nearEnd.count)
        farEnd.withUnsafeBufferPointer { far in
            nearEnd.withUnsafeBufferPointer { near in
                output.withUnsafeMutableBufferPointer { out in
                    reroute_ec_process(state, far.baseAddress, near.baseAddress, out.baseAddress, Int32(near.count))
                }
            }
        }
        return output
    }
}
