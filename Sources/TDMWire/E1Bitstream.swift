public import NIOCore

/// A raw, frame-aligned E1 bit stream: whole frames of 32 octets back to back, as a `.e1` file holds them
/// (8000 frames per second, 2.048 Mbit/s). The file I/O is the caller's; this is the byte layout.
public enum E1Bitstream {
    /// Splits frame-aligned bytes into frames.
    public static func frames(from bytes: ByteBuffer) throws(TDMDecodingError) -> [E1Frame] {
        guard bytes.readableBytes % E1Frame.octets == 0 else {
            throw TDMDecodingError(.notWholeFrames(bytes.readableBytes), bytes: bytes)
        }
        var buffer = bytes
        var frames: [E1Frame] = []
        frames.reserveCapacity(bytes.readableBytes / E1Frame.octets)
        while let octets = buffer.readBytes(length: E1Frame.octets) { frames.append(E1Frame(timeslots: octets)) }
        return frames
    }

    /// Frames back to back.
    public static func encode(_ frames: [E1Frame]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(frames.count * E1Frame.octets)
        for frame in frames { buffer.writeBytes(frame.timeslots) }
        return buffer
    }
}
