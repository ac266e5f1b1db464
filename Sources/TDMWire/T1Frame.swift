public import NIOCore

/// One T1 (DS1) frame: a framing bit and 24 eight-bit timeslots, 193 bits, 8000 frames per second
/// (ITU-T G.704 §2.1, 1544 kbit/s).
///
/// Frames are not octet-aligned on the line: eight frames are 1544 bits, 193 octets. The framing bit comes first.
/// Superframe (SF/D4, G.704 §2.1.3.2 "12-frame multiframe"): the F bits of frames 1…12 are
/// 1 0 0 0 1 1 0 1 1 1 0 0 (Ft = 1 0 1 0 1 0 on odd frames, Fs = 0 0 1 1 1 0 on even frames).
public struct T1Frame: Hashable, Sendable {
    public static let timeslotCount = 24
    public static let bits = 193

    /// F bits of a 12-frame superframe, frame 1 first (G.704 Table 1).
    public static let superframePattern: [Bool] = [
        true, false, false, false, true, true, false, true, true, true, false, false,
    ]

    public var framingBit: Bool
    /// The 24 channel octets, channel 1 first.
    public private(set) var timeslots: [UInt8]

    public init(framingBit: Bool, timeslots: [UInt8]) {
        precondition(timeslots.count == Self.timeslotCount, "T1 frame has 24 timeslots")
        self.framingBit = framingBit
        self.timeslots = timeslots
    }

    public subscript(timeslot: Int) -> UInt8 {
        get { timeslots[timeslot] }
        set { timeslots[timeslot] = newValue }
    }

    /// Packs frames bit by bit (193 bits each); the last octet is padded with zero bits.
    public static func encode(_ frames: [T1Frame]) -> ByteBuffer {
        var bits: [Bool] = []
        bits.reserveCapacity(frames.count * Self.bits)
        for frame in frames {
            bits.append(frame.framingBit)
            for octet in frame.timeslots {
                for bit in (0..<8).reversed() { bits.append((octet >> UInt8(bit)) & 1 == 1) }
            }
        }
        var buffer = ByteBuffer()
        var index = 0
        while index < bits.count {
            var octet: UInt8 = 0
            for offset in 0..<8 { octet = octet << 1 | (index + offset < bits.count && bits[index + offset] ? 1 : 0) }
            buffer.writeInteger(octet)
            index += 8
        }
        return buffer
    }

    /// Unpacks as many whole 193-bit frames as `bytes` holds (a trailing partial frame is ignored).
    public static func decode(_ bytes: ByteBuffer) -> [T1Frame] {
        let octets = bytes.readableBytesView.map { $0 }
        func bit(_ index: Int) -> Bool { (octets[index / 8] >> UInt8(7 - index % 8)) & 1 == 1 }
        let count = octets.count * 8 / Self.bits
        return (0..<count).map { frame in
            let start = frame * Self.bits
            let slots = (0..<Self.timeslotCount).map { slot in
                (0..<8).reduce(UInt8(0)) { value, offset in value << 1 | (bit(start + 1 + slot * 8 + offset) ? 1 : 0) }
            }
            return T1Frame(framingBit: bit(start), timeslots: slots)
        }
    }
}
