public import NIOCore
import WireSupport

/// The shared layout of submit_sm (SMPP 3.4 §4.4.1) and deliver_sm (§4.6.1).
///
/// ```
/// service_type C(6) | source_addr_ton 1 | source_addr_npi 1 | source_addr C(21) | dest_addr_ton 1 |
/// dest_addr_npi 1 | destination_addr C(21) | esm_class 1 | protocol_id 1 | priority_flag 1 |
/// schedule_delivery_time C(1|17) | validity_period C(1|17) | registered_delivery 1 | replace_if_present_flag 1 |
/// data_coding 1 | sm_default_msg_id 1 | sm_length 1 | short_message (sm_length octets) | TLVs
/// ```
public protocol SMPPShortMessage: SMPPBody {
    var serviceType: String { get set }
    var source: SMPPAddress { get set }
    var destination: SMPPAddress { get set }
    var esmClass: SMPPESMClass { get set }
    var protocolID: UInt8 { get set }
    var priorityFlag: UInt8 { get set }
    var scheduleDeliveryTime: String { get set }
    var validityPeriod: String { get set }
    var registeredDelivery: SMPPRegisteredDelivery { get set }
    var replaceIfPresentFlag: UInt8 { get set }
    var dataCoding: SMPPDataCoding { get set }
    var smDefaultMessageID: UInt8 { get set }
    /// short_message: 0–254 octets in data_coding's alphabet (empty when the text is in message_payload).
    var shortMessage: ByteBuffer { get set }
    var tlvs: [SMPPTLV] { get set }

    init(source: SMPPAddress, destination: SMPPAddress)
}

extension SMPPShortMessage {
    public static func decode(from reader: inout SMPPBodyReader) throws(SMPPDecodingError.Reason) -> Self {
        let serviceType = try reader.cString(.serviceType)
        let source = try reader.address(.sourceAddress)
        let destination = try reader.address(.destinationAddress)
        var message = Self(source: source, destination: destination)
        message.serviceType = serviceType
        message.esmClass = SMPPESMClass(try reader.octet())
        message.protocolID = try reader.octet()
        message.priorityFlag = try reader.octet()
        message.scheduleDeliveryTime = try reader.cString(.scheduleDeliveryTime)
        message.validityPeriod = try reader.cString(.validityPeriod)
        message.registeredDelivery = SMPPRegisteredDelivery(try reader.octet())
        message.replaceIfPresentFlag = try reader.octet()
        message.dataCoding = SMPPDataCoding(try reader.octet())
        message.smDefaultMessageID = try reader.octet()
        let length = Int(try reader.octet())
        // "sm_length ... Length in octets of the short_message user data": past the end is ESME_RINVMSGLEN.
        guard let text = reader.buffer.readExactSlice(length: length) else {
            throw .shortMessageOverrun(declared: length)
        }
        message.shortMessage = text
        message.tlvs = try reader.tlvs()
        return message
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeSMPPCString(serviceType)
        buffer.writeSMPPAddress(source)
        buffer.writeSMPPAddress(destination)
        buffer.writeMultipleIntegers(esmClass.rawValue, protocolID, priorityFlag)
        buffer.writeSMPPCString(scheduleDeliveryTime)
        buffer.writeSMPPCString(validityPeriod)
        // sm_length is one octet: a longer short_message is cut (callers put long text in message_payload).
        let length = min(Int(UInt8.max), shortMessage.readableBytes)
        buffer.writeMultipleIntegers(
            registeredDelivery.rawValue, replaceIfPresentFlag, dataCoding.rawValue, smDefaultMessageID, UInt8(length))
        buffer.writeImmutableBuffer(shortMessage.getSlice(at: shortMessage.readerIndex, length: length)!)
        buffer.writeSMPPTLVs(tlvs)
    }

    /// The user data: short_message, or message_payload when short_message is empty (§5.3.2.32).
    public var userData: ByteBuffer {
        if shortMessage.readableBytes == 0, let payload = tlvs.messagePayload { return payload }
        return shortMessage
    }

    /// The user data as text, decoded with data_coding (a User Data Header, when esm_class flags one, skipped).
    public var text: String {
        var data = userData
        if esmClass.hasUserDataHeader, let headerLength = data.getInteger(at: data.readerIndex, as: UInt8.self) {
            data.moveReaderIndex(forwardBy: min(data.readableBytes, Int(headerLength) + 1))
        }
        return SMPPText.decode(Array(data.readableBytesView), dataCoding: dataCoding)
    }

    /// Puts `text` in the user data: the narrowest alphabet that holds it (GSM 03.38, else UCS-2), in short_message
    /// when it fits 254 octets, else in message_payload.
    public mutating func setText(_ text: String) {
        let (coding, bytes) = SMPPText.encode(text)
        dataCoding = coding
        tlvs.removeAll { $0.tag == .messagePayload }
        if bytes.count <= 254 {
            shortMessage = ByteBuffer(bytes: bytes)
        } else {
            shortMessage = ByteBuffer()
            tlvs.append(SMPPTLV(tag: .messagePayload, bytes: bytes))
        }
    }
}
