/// A line this module keeps without typing it: `i=`, `u=`, `e=`, `p=`, `r=`, `z=`, `k=` and unknown type letters.
///
/// RFC 8866 §5 lets a parser ignore unknown letters; we keep them and write them back (style rule 3).
public struct SDPLine: Hashable, Sendable {
    public var type: Character
    public var value: String

    /// Where the line is written among the typed fields, in the RFC 8866 §5 order
    /// `v o s i u e p c b t r z k a m` (session) and `m i c b k a` (media); an unknown letter stays where it came.
    var slot: Slot

    public init(type: Character, value: String) {
        self.type = type
        self.value = value
        switch type {
        case "i", "u", "e", "p": slot = .beforeConnection
        case "r", "z": slot = .afterTiming
        default: slot = .beforeAttributes
        }
    }

    init(type: Character, value: String, slot: Slot) {
        self.type = type
        self.value = value
        self.slot = slot
    }

    enum Slot { case beforeConnection, afterTiming, beforeAttributes }
}
