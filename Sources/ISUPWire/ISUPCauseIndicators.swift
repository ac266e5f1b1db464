public import NIOCore
public import TelecomTypes
import WireSupport

/// Cause indicators (Q.763 §3.12, format of ITU-T Q.850 §2.1).
///
/// ```
///       8    7 6     5      4 3 2 1
///    +-----+------+-------+----------+
/// 1  | ext | cod. | spare | location |
///    +-----+------+-------+----------+
/// 1a | ext |    recommendation       |   only when octet 1 ext = 0
///    +-----+-------------------------+
/// 2  | ext |     cause value         |
///    +-----+-------------------------+
/// 3… |        diagnostic(s)          |
/// ```
public struct ISUPCauseIndicators: ISUPParameterValue, CustomStringConvertible {
    public var location: ISUPCauseLocation
    /// 0 ITU-T, 1 ISO/IEC, 2 national, 3 specific to the location.
    public var codingStandard: UInt8
    /// Octet 1a, present when octet 1's extension bit is 0.
    public var recommendation: UInt8?
    public var cause: Q850Cause
    /// Octets 3 onward (e.g. the unrecognised parameter codes for cause 99, Q.850 Table 1).
    public var diagnostics: [UInt8]

    public init(
        cause: Q850Cause,
        location: ISUPCauseLocation = .publicNetworkLocalUser,
        codingStandard: UInt8 = 0,
        recommendation: UInt8? = nil,
        diagnostics: [UInt8] = []
    ) {
        self.cause = cause
        self.location = location
        self.codingStandard = codingStandard
        self.recommendation = recommendation
        self.diagnostics = diagnostics
    }

    public init(decoding value: ByteBuffer) throws(ISUPParameterError) {
        try value.isupRequire(min: 2)
        let octets = value.isupOctets
        location = ISUPCauseLocation(octets[0].bits(0, width: 4))
        codingStandard = octets[0].bits(5, width: 2)
        var index = 1
        if !octets[0].bit(7) {
            // Q.850 §2.2.3: octet 1a follows when the extension bit of octet 1 is 0.
            guard octets.count >= 3 else { throw .tooShort(needed: 3, got: octets.count) }
            recommendation = octets[1].bits(0, width: 7)
            index = 2
        } else {
            recommendation = nil
        }
        // Q.850 §2.2.5: the cause value octet is the last of its group (extension bit 1).
        guard octets[index].bit(7) else { throw .invalidContent("cause value octet without extension bit") }
        cause = Q850Cause(octets[index].bits(0, width: 7))
        diagnostics = Array(octets[(index + 1)...])
    }

    public func encode(into buffer: inout ByteBuffer) {
        let first = (recommendation == nil ? 0x80 : 0) | (codingStandard & 0x3) << 5 | location.rawValue & 0xF
        buffer.writeInteger(first)
        if let recommendation { buffer.writeInteger(0x80 | recommendation & 0x7F) }
        buffer.writeInteger(0x80 | cause.rawValue & 0x7F)
        buffer.writeBytes(diagnostics)
    }

    public var description: String { "\(cause) location \(location.rawValue)" }
}

/// The location field of cause indicators (Q.850 §2.2.4). An open set.
public struct ISUPCauseLocation: Hashable, Sendable {
    public var rawValue: UInt8
    public init(_ rawValue: UInt8) { self.rawValue = rawValue }

    public static let user = ISUPCauseLocation(0)
    public static let privateNetworkLocalUser = ISUPCauseLocation(1)
    public static let publicNetworkLocalUser = ISUPCauseLocation(2)
    public static let transitNetwork = ISUPCauseLocation(3)
    public static let publicNetworkRemoteUser = ISUPCauseLocation(4)
    public static let privateNetworkRemoteUser = ISUPCauseLocation(5)
    public static let internationalNetwork = ISUPCauseLocation(7)
    public static let beyondInterworkingPoint = ISUPCauseLocation(10)
}
