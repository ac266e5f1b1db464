public import NIOCore
public import TelecomTypes

/// The Protocol Data parameter of DATA (RFC 4666 §3.3.1, tag 0x0210): the MTP3 routing label and SIO fields, then
/// the MTP3-User message.
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Originating Point Code                    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Destination Point Code                    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |       SI      |       NI      |      MP       |      SLS      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                                                               \
/// /                     User Protocol Data                        /
/// \                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct M3UAProtocolData: Hashable, Sendable {
    /// The fixed part before the user data.
    public static let fixedLength = 12

    /// OPC: 32 bits, "justified to the least significant bit" (14-bit ITU, 24-bit ANSI).
    public var originatingPointCode: PointCode
    public var destinationPointCode: PointCode
    public var serviceIndicator: ServiceIndicator
    public var networkIndicator: NetworkIndicator
    /// Message Priority (ANSI national only; 0 elsewhere).
    public var messagePriority: UInt8
    public var signallingLinkSelection: UInt8
    /// The MTP3-User message (e.g. ISUP from the CIC on).
    public var userProtocolData: ByteBuffer

    public init(
        originatingPointCode: PointCode, destinationPointCode: PointCode, serviceIndicator: ServiceIndicator,
        networkIndicator: NetworkIndicator, messagePriority: UInt8 = 0, signallingLinkSelection: UInt8,
        userProtocolData: ByteBuffer
    ) {
        self.originatingPointCode = originatingPointCode
        self.destinationPointCode = destinationPointCode
        self.serviceIndicator = serviceIndicator
        self.networkIndicator = networkIndicator
        self.messagePriority = messagePriority
        self.signallingLinkSelection = signallingLinkSelection
        self.userProtocolData = userProtocolData
    }

    /// Decodes the parameter value; `nil` when it is shorter than the 12-byte fixed part.
    static func decode(_ value: ByteBuffer) -> M3UAProtocolData? {
        var value = value
        guard
            let (opc, dpc, si, ni, mp, sls) = value.readMultipleIntegers(
                as: (UInt32, UInt32, UInt8, UInt8, UInt8, UInt8).self)
        else { return nil }
        return M3UAProtocolData(
            originatingPointCode: PointCode(opc), destinationPointCode: PointCode(dpc),
            serviceIndicator: ServiceIndicator(si), networkIndicator: NetworkIndicator(ni), messagePriority: mp,
            signallingLinkSelection: sls, userProtocolData: value)
    }

    func encode(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(
            originatingPointCode.value, destinationPointCode.value, serviceIndicator.rawValue,
            networkIndicator.rawValue, messagePriority, signallingLinkSelection)
        buffer.writeImmutableBuffer(userProtocolData)
    }
}
