public import NIOCore

/// The body of bind_transmitter, bind_receiver and bind_transceiver (SMPP 3.4 §4.1.1, §4.1.3, §4.1.5): the three
/// share one layout.
///
/// ```
/// system_id C(16) | password C(9) | system_type C(13) | interface_version 1 | addr_ton 1 | addr_npi 1 |
/// address_range C(41)
/// ```
public struct SMPPBind: SMPPBody {
    /// interface_version 0x34: "Indicates that the ESME supports version 3.4 or later" (§5.2.4).
    public static let version34: UInt8 = 0x34

    public var systemID: String
    public var password: String
    public var systemType: String
    public var interfaceVersion: UInt8
    /// addr_ton, addr_npi and address_range: the addresses the ESME serves ("" for any).
    public var addressRange: SMPPAddress

    public init(
        systemID: String, password: String, systemType: String = "", interfaceVersion: UInt8 = SMPPBind.version34,
        addressRange: SMPPAddress = SMPPAddress()
    ) {
        self.systemID = systemID
        self.password = password
        self.systemType = systemType
        self.interfaceVersion = interfaceVersion
        self.addressRange = addressRange
    }

    public static func decode(from reader: inout SMPPBodyReader) throws(SMPPDecodingError.Reason) -> SMPPBind {
        let systemID = try reader.cString(.systemID)
        let password = try reader.cString(.password)
        let systemType = try reader.cString(.systemType)
        let version = try reader.octet(.interfaceVersion)
        let range = try reader.address(.addressRange)
        // A bind has no optional part in SMPP 3.4: trailing bytes mean the length is wrong.
        guard reader.isAtEnd else { throw .unexpectedBody(length: reader.buffer.readableBytes) }
        return SMPPBind(
            systemID: systemID, password: password, systemType: systemType, interfaceVersion: version,
            addressRange: range)
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeSMPPCString(systemID)
        buffer.writeSMPPCString(password)
        buffer.writeSMPPCString(systemType)
        buffer.writeInteger(interfaceVersion)
        buffer.writeSMPPAddress(addressRange)
    }
}
