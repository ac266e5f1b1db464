import SIPWire

/// Branch ids, tags, Call-IDs and initial CSeq numbers from an injected seed (a SplitMix64 stream).
///
/// The shell seeds it from a real random source; tests seed it with a constant. RFC 3261 §8.1.1.7: the branch
/// "MUST be unique across space and time for all requests sent by the UA" and begin with "z9hG4bK"; §19.3: tags
/// "MUST be globally unique and cryptographically random with at least 32 bits of randomness"; §8.1.1.4: Call-IDs
/// should be random too. 64 bits per identifier are drawn.
public struct SIPIdentifierGenerator: Hashable, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func hex() -> String {
        let text = String(next(), radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    /// A new branch with the RFC 3261 magic cookie (§8.1.1.7).
    public mutating func branch() -> String { SIPVia.magicCookie + hex() }

    /// A new From/To tag (§19.3).
    public mutating func tag() -> String { hex() }

    /// A new Call-ID, `random@host` when a host is given (§8.1.1.4, §20.8).
    public mutating func callID(host: String? = nil) -> String {
        let word = hex() + hex()
        return host.map { word + "@" + $0 } ?? word
    }

    /// An initial CSeq number below 2**31 (§8.1.1.5: "MUST be less than 2**31").
    public mutating func initialSequence() -> UInt32 { UInt32(truncatingIfNeeded: next() % 0x4000_0000) + 1 }

    /// A generator of its own (one per call, say), seeded with this stream's next value.
    ///
    /// Not `SIPIdentifierGenerator(seed: seed + n × 0x9E37_79B9_7F4A_7C15)`: that constant is the stream's own
    /// increment, so generator n + 1 would replay generator n's stream one draw later and the owners would send each
    /// other's branches and Call-IDs (RFC 3261 §8.1.1.7: the branch "MUST be unique across space and time"). A drawn
    /// seed starts the new stream at an unrelated point of the 2**64 cycle.
    public mutating func split() -> SIPIdentifierGenerator { SIPIdentifierGenerator(seed: next()) }
}
