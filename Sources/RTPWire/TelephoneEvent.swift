public import NIOCore

/// The RFC 4733 telephone-event payload (§2.3), 4 octets.
///
/// ```
///  0                   1                   2                   3
/// |     event     |E|R| volume    |          duration             |
/// ```
public struct TelephoneEvent: Hashable, Sendable {
    public static let length = 4

    /// Event code (RFC 4733 §3.2: 0–9 digits, 10 `*`, 11 `#`, 12–15 A–D, 16 flash).
    public var event: UInt8
    /// E bit: the last packet(s) of the event.
    public var isEnd: Bool
    /// R bit: reserved, sent 0, kept as received.
    public var reserved: Bool
    /// Power level in −dBm0, 0…63 (6 bits).
    public var volume: UInt8
    /// Duration in timestamp units since the event's timestamp.
    public var duration: UInt16

    public init(event: UInt8, isEnd: Bool = false, reserved: Bool = false, volume: UInt8, duration: UInt16) {
        precondition(volume < 64, "volume has 6 bits")
        self.event = event
        self.isEnd = isEnd
        self.reserved = reserved
        self.volume = volume
        self.duration = duration
    }

    /// The DTMF character for events 0–15 (RFC 4733 §3.2 Table 7), nil otherwise.
    public var dtmfCharacter: Character? {
        let table = Array("0123456789*#ABCD")
        return Int(event) < table.count ? table[Int(event)] : nil
    }

    /// The event code for a DTMF character.
    public static func event(forDTMF character: Character) -> UInt8? {
        Array("0123456789*#ABCD").firstIndex(of: character).map { UInt8($0) }
    }

    /// Decodes a payload of exactly 4 octets (RFC 4733 §2.3; redundancy comes in RFC 2198 wrappers, not here).
    public static func decode(_ payload: ByteBuffer) throws(RTPDecodingError) -> TelephoneEvent {
        var copy = payload
        guard payload.readableBytes == length,
            let (event, flags, duration) = copy.readMultipleIntegers(as: (UInt8, UInt8, UInt16).self)
        else {
            throw RTPDecodingError(.invalidLength(declared: length, available: payload.readableBytes), bytes: payload)
        }
        return TelephoneEvent(
            event: event, isEnd: flags & 0x80 != 0, reserved: flags & 0x40 != 0, volume: flags & 0x3F,
            duration: duration)
    }

    public func encode(into buffer: inout ByteBuffer) {
        let flags = (isEnd ? 0x80 : 0) | (reserved ? 0x40 : 0) | volume
        buffer.writeMultipleIntegers(event, flags, duration)
    }
}
