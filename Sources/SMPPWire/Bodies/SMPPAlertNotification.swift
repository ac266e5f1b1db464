public import NIOCore

/// alert_notification (SMPP 3.4 §4.12.1): the SMSC tells the ESME that a mobile subscriber became available.
///
/// ```
/// source_addr_ton 1 | source_addr_npi 1 | source_addr C(65) | esme_addr_ton 1 | esme_addr_npi 1 |
/// esme_addr C(65) | ms_availability_status TLV (optional)
/// ```
public struct SMPPAlertNotification: SMPPBody {
    public var source: SMPPAddress
    public var esme: SMPPAddress
    public var tlvs: [SMPPTLV]

    public init(source: SMPPAddress, esme: SMPPAddress, tlvs: [SMPPTLV] = []) {
        self.source = source
        self.esme = esme
        self.tlvs = tlvs
    }

    public static func decode(
        from reader: inout SMPPBodyReader
    ) throws(SMPPDecodingError.Reason) -> SMPPAlertNotification {
        let source = try reader.address(.esmeAddress)
        let esme = try reader.address(.esmeAddress)
        return SMPPAlertNotification(source: source, esme: esme, tlvs: try reader.tlvs())
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeSMPPAddress(source)
        buffer.writeSMPPAddress(esme)
        buffer.writeSMPPTLVs(tlvs)
    }
}
