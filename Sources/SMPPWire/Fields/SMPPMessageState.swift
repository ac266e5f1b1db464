/// The state of a short message in the SMSC (SMPP 3.4 §5.2.28), as carried by message_state and named by the
/// `stat:` field of a delivery receipt (Appendix B). An open set.
public struct SMPPMessageState: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    @inlinable
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let enroute = SMPPMessageState(1)
    public static let delivered = SMPPMessageState(2)
    public static let expired = SMPPMessageState(3)
    public static let deleted = SMPPMessageState(4)
    public static let undeliverable = SMPPMessageState(5)
    public static let accepted = SMPPMessageState(6)
    public static let unknown = SMPPMessageState(7)
    public static let rejected = SMPPMessageState(8)

    /// The seven-letter receipt word of Appendix B (`DELIVRD`, `UNDELIV`, …).
    public var receiptWord: String {
        switch rawValue {
        case 1: "ENROUTE"
        case 2: "DELIVRD"
        case 3: "EXPIRED"
        case 4: "DELETED"
        case 5: "UNDELIV"
        case 6: "ACCEPTD"
        case 8: "REJECTD"
        default: "UNKNOWN"
        }
    }

    /// The state a receipt word names; `nil` for words Appendix B does not list.
    public init?(receiptWord: some StringProtocol) {
        switch receiptWord.uppercased() {
        case "ENROUTE": self = .enroute
        case "DELIVRD": self = .delivered
        case "EXPIRED": self = .expired
        case "DELETED": self = .deleted
        case "UNDELIV": self = .undeliverable
        case "ACCEPTD": self = .accepted
        case "UNKNOWN": self = .unknown
        case "REJECTD": self = .rejected
        default: return nil
        }
    }

    /// Whether the SMSC is done with the message (anything but ENROUTE and ACCEPTD).
    public var isFinal: Bool { self != .enroute && self != .accepted }

    public var description: String { receiptWord }
}
