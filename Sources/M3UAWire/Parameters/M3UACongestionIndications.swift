/// The Congestion Indications parameter of SCON (RFC 4666 §3.4.4, tag 0x0205).
///
/// ```
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   Reserved                    |  Cong. Level  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct M3UACongestionIndications: Hashable, Sendable, CustomStringConvertible {
    /// The 24 reserved bits, kept so the value re-encodes as received.
    public var reserved: UInt32
    /// 0 no congestion or undefined, 1–3 congestion levels 1–3.
    public var level: UInt8

    @inlinable
    public init(level: UInt8, reserved: UInt32 = 0) {
        self.level = level
        self.reserved = reserved & 0x00FF_FFFF
    }

    @inlinable
    init(word: UInt32) { self.init(level: UInt8(truncatingIfNeeded: word), reserved: word >> 8) }

    @inlinable
    var word: UInt32 { (reserved & 0x00FF_FFFF) << 8 | UInt32(level) }

    public var description: String { level == 0 ? "No Congestion or Undefined" : "Congestion Level \(level)" }
}
