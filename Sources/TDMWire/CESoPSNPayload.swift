public import NIOCore

/// The basic-mode CESoPSN payload: F frames of N timeslots, frame by frame (RFC 5086 §5.1, §5.3).
///
/// RFC 5086 §5.1: "the octets of the N DS0 channels of one frame ... followed by the octets of the next frame";
/// the payload length is N × F and stays the same for the life of the pseudowire. CAS signalling (§5.3 trunk
/// specific mode with signalling) is not carried here.
public struct CESoPSNPayload: Hashable, Sendable {
    /// The timeslots carried, e.g. `[1, 2, 3]` (1–31 for E1; 0 and 16 allowed if configured so).
    public var timeslots: [Int]
    /// `frames[f][i]` is the octet of `timeslots[i]` in frame `f`.
    public var frames: [[UInt8]]

    public init(timeslots: [Int], frames: [[UInt8]]) {
        precondition(frames.allSatisfy { $0.count == timeslots.count }, "each frame holds N octets")
        self.timeslots = timeslots
        self.frames = frames
    }

    /// Takes the configured timeslots of each E1 frame.
    public init(timeslots: [Int], e1Frames: [E1Frame]) {
        self.init(timeslots: timeslots, frames: e1Frames.map { frame in timeslots.map { frame[$0] } })
    }

    /// Packetization latency: F frames of 125 µs.
    public var latencyMicroseconds: Int { frames.count * 125 }

    public func encode(into buffer: inout ByteBuffer) {
        for frame in frames { buffer.writeBytes(frame) }
    }

    public var encoded: ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return buffer
    }

    /// Splits a payload into frames of `timeslots.count` octets.
    public static func decode(_ payload: ByteBuffer, timeslots: [Int]) throws(TDMDecodingError) -> CESoPSNPayload {
        let n = timeslots.count
        guard n > 0, payload.readableBytes % n == 0 else {
            throw TDMDecodingError(.payloadNotWholeFrames(payload: payload.readableBytes, timeslots: n), bytes: payload)
        }
        var buffer = payload
        var frames: [[UInt8]] = []
        while let octets = buffer.readBytes(length: n) { frames.append(octets) }
        return CESoPSNPayload(timeslots: timeslots, frames: frames)
    }

    /// Writes the carried octets back into E1 frames (other timeslots untouched).
    public func apply(to e1Frames: inout [E1Frame]) {
        for (f, octets) in frames.enumerated() where f < e1Frames.count {
            for (i, slot) in timeslots.enumerated() { e1Frames[f][slot] = octets[i] }
        }
    }
}
