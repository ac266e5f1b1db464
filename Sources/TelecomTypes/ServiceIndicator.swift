/// The MTP3 service indicator (ITU-T Q.704 §14.2.1): which user part a message belongs to.
/// An open set: unknown values are carried as they are.
public struct ServiceIndicator: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    @inlinable
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let signallingNetworkManagement = ServiceIndicator(0)
    public static let signallingNetworkTesting = ServiceIndicator(1)
    public static let sccp = ServiceIndicator(3)
    public static let tup = ServiceIndicator(4)
    public static let isup = ServiceIndicator(5)
    public static let bicc = ServiceIndicator(13)

    public var description: String {
        switch rawValue {
        case 0: "SNM"
        case 1: "MTN"
        case 2: "MTNS"
        case 3: "SCCP"
        case 4: "TUP"
        case 5: "ISUP"
        case 13: "BICC"
        default: "SI\(rawValue)"
        }
    }
}

/// The MTP3 network indicator (ITU-T Q.704 §14.2.2): 0 international, 1 spare, 2 national, 3 reserved national.
public struct NetworkIndicator: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    @inlinable
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let international = NetworkIndicator(0)
    public static let internationalSpare = NetworkIndicator(1)
    public static let national = NetworkIndicator(2)
    public static let nationalSpare = NetworkIndicator(3)

    public var description: String {
        switch rawValue {
        case 0: "international"
        case 1: "spare"
        case 2: "national"
        case 3: "reserved"
        default: "NI\(rawValue)"
        }
    }
}
