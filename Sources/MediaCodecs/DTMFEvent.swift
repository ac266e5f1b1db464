/// A DTMF digit as RFC 4733 §3.2 numbers it: 0–9 → 0–9, `*` → 10, `#` → 11, A–D → 12–15.
public struct DTMFDigit: Sendable, Hashable, CustomStringConvertible {
    /// The RFC 4733 event code (0…15).
    public let event: UInt8

    public init?(event: UInt8) {
        guard event <= 15 else { return nil }
        self.event = event
    }

    public init?(character: Character) {
        guard let index = Self.characters.firstIndex(of: Character(character.uppercased())) else { return nil }
        self.event = UInt8(Self.characters.distance(from: Self.characters.startIndex, to: index))
    }

    /// The keypad symbol (ITU-T Q.23).
    public var character: Character {
        Self.characters[Self.characters.index(Self.characters.startIndex, offsetBy: Int(event))]
    }

    public var description: String { String(character) }

    /// All sixteen digits in event-code order.
    public static let all: [DTMFDigit] = (0...15).compactMap { DTMFDigit(event: $0) }

    private static let characters = "0123456789*#ABCD"
}

/// The start or end of a detected digit, with the sample position (from the detector's first sample) where it
/// was recognised; an RFC 4733 sender starts an event at `start` and sends its end packets at `end`.
public struct DTMFEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case start
        case end
    }

    public var digit: DTMFDigit
    public var kind: Kind
    /// Sample index (8 kHz) at the end of the block in which the change was seen.
    public var sample: Int

    public init(digit: DTMFDigit, kind: Kind, sample: Int) {
        self.digit = digit
        self.kind = kind
        self.sample = sample
    }
}
