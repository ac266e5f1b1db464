public import NIOCore

/// The body of submit_sm_resp (SMPP 3.4 §4.4.2) and deliver_sm_resp (§4.6.2): a message_id C(65) and, in later
/// versions, TLVs.
///
/// "The submit_sm_resp PDU Body is not returned if the command_status field contains a non-zero value": an absent
/// body is `messageID == nil`. deliver_sm_resp's message_id is "unused and should be set to NULL".
public protocol SMPPMessageIDResponse: SMPPBody {
    var messageID: String? { get set }
    var tlvs: [SMPPTLV] { get set }
    init(messageID: String?, tlvs: [SMPPTLV])
}

extension SMPPMessageIDResponse {
    public static func decode(from reader: inout SMPPBodyReader) throws(SMPPDecodingError.Reason) -> Self {
        if reader.isAtEnd { return Self(messageID: nil, tlvs: []) }
        let messageID = try reader.cString(.messageID)
        return Self(messageID: messageID, tlvs: try reader.tlvs())
    }

    public func encode(into buffer: inout ByteBuffer) {
        guard let messageID else { return }
        buffer.writeSMPPCString(messageID)
        buffer.writeSMPPTLVs(tlvs)
    }
}

/// submit_sm_resp (SMPP 3.4 §4.4.2): the SMSC's id for the submitted message.
public struct SMPPSubmitSMResponse: SMPPMessageIDResponse {
    public var messageID: String?
    public var tlvs: [SMPPTLV]

    public init(messageID: String?, tlvs: [SMPPTLV] = []) {
        self.messageID = messageID
        self.tlvs = tlvs
    }
}

/// deliver_sm_resp (SMPP 3.4 §4.6.2): message_id is NULL.
public struct SMPPDeliverSMResponse: SMPPMessageIDResponse {
    public var messageID: String?
    public var tlvs: [SMPPTLV]

    public init(messageID: String? = "", tlvs: [SMPPTLV] = []) {
        self.messageID = messageID
        self.tlvs = tlvs
    }
}
