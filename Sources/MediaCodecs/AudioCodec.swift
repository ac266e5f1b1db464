/// An encoder of fixed-size frames of 16-bit linear PCM (mono) into one codec's payload bytes.
///
/// Implementations own their C state and free it when released; they are not thread-safe (one per call leg).
public protocol AudioEncoder: AnyObject {
    /// The rate of the PCM this encoder takes, in Hz.
    var sampleRate: Int { get }
    /// Samples per encoded frame (G.729: 80, G.711: any, Opus: 2.5–60 ms of samples).
    var frameSamples: Int { get }
    /// Encodes exactly `frameSamples` samples; an empty result means "nothing to send" (DTX, no SID update).
    func encode(_ frame: [Int16]) throws(MediaCodecError) -> [UInt8]
}

/// A decoder of one codec's payloads into 16-bit linear PCM (mono), with loss concealment.
public protocol AudioDecoder: AnyObject {
    /// The rate of the PCM this decoder produces, in Hz.
    var sampleRate: Int { get }
    /// Decodes one RTP payload (one or more frames of this codec).
    func decode(_ payload: [UInt8]) throws(MediaCodecError) -> [Int16]
    /// Produces `samples` of audio standing in for a payload that never arrived (PLC).
    func concealLoss(samples: Int) throws(MediaCodecError) -> [Int16]
}

/// What can go wrong inside a codec wrapper: bad parameters or a payload the library refuses.
public enum MediaCodecError: Error, Equatable, Sendable {
    /// The C library did not create its state (out of memory or unsupported parameters).
    case initialisationFailed(String)
    /// A frame of the wrong length was handed to an encoder.
    case wrongFrameLength(expected: Int, got: Int)
    /// A payload the decoder cannot use (wrong length for G.729, corrupt Opus packet): drop it and conceal.
    case malformedPayload(String)
    /// A library call returned an error code.
    case libraryError(String, code: Int32)
}

extension Int16 {
    /// Rounds and saturates a float sample to the 16-bit range.
    @inlinable
    static func saturating(_ value: Float) -> Int16 {
        let rounded = value.rounded()
        if rounded >= 32767 { return .max }
        if rounded <= -32768 { return .min }
        return Int16(rounded)
    }
}
