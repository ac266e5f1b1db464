internal import CBCG729

/// G.729 (CS-ACELP, 8 kbit/s) encoder over bcg729, with Annex B voice activity detection on or off.
///
/// Each 10 ms frame (80 samples) gives 10 octets of speech, 2 octets of SID (comfort noise update, Annex B) or
/// nothing (DTX: no update needed). RFC 3551 §4.5.6: frames of one packet are concatenated, a SID frame last.
public final class G729Encoder: AudioEncoder {
    public let sampleRate = 8000
    public let frameSamples = 80
    /// Whether Annex B (VAD/DTX/CNG) is on; decided by `G729Parameters` from both legs' SDP.
    public let annexB: Bool
    private let context: OpaquePointer

    public init(annexB: Bool) throws(MediaCodecError) {
        guard let context = initBcg729EncoderChannel(annexB ? 1 : 0) else {
            throw .initialisationFailed("initBcg729EncoderChannel")
        }
        self.context = context
        self.annexB = annexB
    }

    deinit {
        closeBcg729EncoderChannel(context)
    }

    public func encode(_ frame: [Int16]) throws(MediaCodecError) -> [UInt8] {
        guard frame.count == frameSamples else { throw .wrongFrameLength(expected: frameSamples, got: frame.count) }
        var bitstream = [UInt8](repeating: 0, count: 10)
        var length: UInt8 = 0
        frame.withUnsafeBufferPointer { input in
            bitstream.withUnsafeMutableBufferPointer { output in
                bcg729Encoder(context, input.baseAddress, output.baseAddress, &length)
            }
        }
        return Array(bitstream.prefix(Int(length)))
    }
}
