internal import CBCG729

/// G.729 / G.729 Annex B decoder over bcg729: speech frames (10 octets), SID frames (2 octets, Annex B comfort
/// noise) and frame erasure (concealment of a lost frame, G.729 §4.4).
public final class G729Decoder: AudioDecoder {
    public let sampleRate = 8000
    private let context: OpaquePointer

    public init() throws(MediaCodecError) {
        guard let context = initBcg729DecoderChannel() else {
            throw .initialisationFailed("initBcg729DecoderChannel")
        }
        self.context = context
    }

    deinit {
        closeBcg729DecoderChannel(context)
    }

    /// Splits an RTP payload into frames. RFC 3551 §4.5.6: "zero or more 10 ms frames, followed by zero or one
    /// SID frame"; any other length is malformed.
    public static func frames(of payload: [UInt8]) throws(MediaCodecError) -> [ArraySlice<UInt8>] {
        let sidLength = payload.count % 10
        guard sidLength == 0 || sidLength == 2 else {
            throw .malformedPayload(
                "G.729 payload of \(payload.count) octets is not 10·n or 10·n + 2 (RFC 3551 §4.5.6)"
            )
        }
        var frames: [ArraySlice<UInt8>] = []
        var start = 0
        while start + 10 <= payload.count {
            frames.append(payload[start..<start + 10])
            start += 10
        }
        if sidLength == 2 { frames.append(payload[start..<start + 2]) }
        return frames
    }

    public func decode(_ payload: [UInt8]) throws(MediaCodecError) -> [Int16] {
        var audio: [Int16] = []
        for frame in try Self.frames(of: payload) {
            audio += decodeFrame(Array(frame), erased: false)
        }
        return audio
    }

    public func concealLoss(samples: Int) throws(MediaCodecError) -> [Int16] {
        var audio: [Int16] = []
        while audio.count < samples {
            audio += decodeFrame([UInt8](repeating: 0, count: 10), erased: true)
        }
        return Array(audio.prefix(samples))
    }

    private func decodeFrame(_ frame: [UInt8], erased: Bool) -> [Int16] {
        var output = [Int16](repeating: 0, count: 80)
        let isSID: UInt8 = frame.count == 2 ? 1 : 0
        frame.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { pcm in
                bcg729Decoder(
                    context, input.baseAddress, UInt8(frame.count), erased ? 1 : 0, isSID, 0, pcm.baseAddress
                )
            }
        }
        return output
    }
}
