/// The Traffic Mode Type parameter (RFC 4666 §3.7.1): 32 bits. An open set.
public struct M3UATrafficModeType: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    @inlinable
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    public static let override = M3UATrafficModeType(1)
    public static let loadshare = M3UATrafficModeType(2)
    public static let broadcast = M3UATrafficModeType(3)

    public var description: String {
        switch rawValue {
        case 1: "Override"
        case 2: "Loadshare"
        case 3: "Broadcast"
        default: "Traffic Mode \(rawValue)"
        }
    }
}
