public import NIOCore

/// The body of bind_transmitter_resp, bind_receiver_resp and bind_transceiver_resp (SMPP 3.4 §4.1.2, §4.1.4,
/// §4.1.6): the SMSC's system_id and the optional sc_interface_version.
///
/// SMSCs commonly send an empty body with an error status; `systemID == nil` keeps that shape.
public struct SMPPBindResponse: SMPPBody {
    public var systemID: String?
    public var tlvs: [SMPPTLV]

    public init(systemID: String?, tlvs: [SMPPTLV] = []) {
        self.systemID = systemID
        self.tlvs = tlvs
    }

    public static func decode(from reader: inout SMPPBodyReader) throws(SMPPDecodingError.Reason) -> SMPPBindResponse {
        if reader.isAtEnd { return SMPPBindResponse(systemID: nil) }
        let systemID = try reader.cString(.systemID)
        return SMPPBindResponse(systemID: systemID, tlvs: try reader.tlvs())
    }

    public func encode(into buffer: inout ByteBuffer) {
        guard let systemID else { return }
        buffer.writeSMPPCString(systemID)
        buffer.writeSMPPTLVs(tlvs)
    }
}
