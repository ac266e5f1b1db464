public import TelecomTypes

/// The service information octet, SIO (ITU-T Q.704 §14.2).
///
/// ```
///   D C B A | D C B A        (bit H … bit A, A least significant)
///  +---+---+-----------+
///  | NI| sp|    SI     |     SI: service indicator (§14.2.1)
///  +---+---+-----------+     sub-service field (§14.2.2): NI in bits DC, bits BA spare
///   8 7 6 5  4 3 2 1         (national use, e.g. message priority in ANSI and some national networks)
/// ```
public struct ServiceInformationOctet: Hashable, Sendable, CustomStringConvertible {
    public var serviceIndicator: ServiceIndicator
    public var networkIndicator: NetworkIndicator
    /// The two spare bits of the sub-service field (bits 5–6), kept as received; message priority where a
    /// national network uses them.
    public var spare: UInt8

    public init(serviceIndicator: ServiceIndicator, networkIndicator: NetworkIndicator, spare: UInt8 = 0) {
        self.serviceIndicator = serviceIndicator
        self.networkIndicator = networkIndicator
        self.spare = spare & 0x03
    }

    public init(rawValue: UInt8) {
        self.serviceIndicator = ServiceIndicator(rawValue & 0x0F)
        self.networkIndicator = NetworkIndicator(rawValue >> 6)
        self.spare = (rawValue >> 4) & 0x03
    }

    public var rawValue: UInt8 {
        (networkIndicator.rawValue & 0x03) << 6 | (spare & 0x03) << 4 | (serviceIndicator.rawValue & 0x0F)
    }

    public var description: String { "\(serviceIndicator)/\(networkIndicator)" }
}
