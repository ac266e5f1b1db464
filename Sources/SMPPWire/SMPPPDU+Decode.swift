public import NIOCore
import WireSupport

extension SMPPPDU {
    /// What `decode` does with a command id this codec does not implement.
    public enum UnknownCommandPolicy: Hashable, Sendable {
        /// Throw ESME_RINVCMDID (answered with generic_nack), for a live peer.
        case reject
        /// Return `.unknown(commandID:body:)`, e.g. for a capture or a proxy.
        case keep
    }

    /// Decodes one whole PDU: `pdu` must hold exactly command_length bytes (as `frame(from:)` returns them).
    ///
    /// Every mandatory field is read in order and the body must be consumed to the last byte; what remains after
    /// the mandatory part must be whole TLVs (unknown tags kept).
    public static func decode(
        _ pdu: ByteBuffer, unknownCommands: UnknownCommandPolicy = .reject
    ) throws(SMPPDecodingError) -> SMPPPDU {
        guard let header = SMPPHeader.peek(pdu), header.commandLength >= SMPPHeader.length else {
            let declared = pdu.getInteger(at: pdu.readerIndex, as: UInt32.self) ?? 0
            throw SMPPDecodingError(.badCommandLength(declared: declared), pdu: pdu)
        }
        guard header.commandLength == pdu.readableBytes else {
            throw SMPPDecodingError(
                .lengthMismatch(declared: header.commandLength, actual: pdu.readableBytes), pdu: pdu)
        }
        var body = pdu
        body.moveReaderIndex(forwardBy: SMPPHeader.length)
        let message: SMPPMessage
        do throws(SMPPDecodingError.Reason) {
            guard let decoded = try decodeMessage(header.commandID, body: body) else {
                guard unknownCommands == .keep else { throw .unsupportedCommand(header.commandID) }
                message = .unknown(commandID: header.commandID, body: body)
                return SMPPPDU(
                    commandStatus: header.commandStatus, sequenceNumber: header.sequenceNumber, message: message)
            }
            message = decoded
        } catch {
            throw SMPPDecodingError(error, pdu: pdu)
        }
        return SMPPPDU(commandStatus: header.commandStatus, sequenceNumber: header.sequenceNumber, message: message)
    }

    /// The body decoded for `commandID`; `nil` for ids this codec does not implement.
    private static func decodeMessage(
        _ commandID: SMPPCommandID, body: ByteBuffer
    ) throws(SMPPDecodingError.Reason) -> SMPPMessage? {
        var reader = SMPPBodyReader(body)
        switch commandID {
        case .genericNack, .unbind, .unbindResponse, .enquireLink, .enquireLinkResponse:
            // "command_length ... 16 octets: no message body" for these PDUs.
            guard reader.isAtEnd else { throw .unexpectedBody(length: body.readableBytes) }
            switch commandID {
            case .unbind: return .unbind
            case .unbindResponse: return .unbindResponse
            case .enquireLink: return .enquireLink
            case .enquireLinkResponse: return .enquireLinkResponse
            default: return .genericNack
            }
        case .bindReceiver: return .bindReceiver(try SMPPBind.decode(from: &reader))
        case .bindTransmitter: return .bindTransmitter(try SMPPBind.decode(from: &reader))
        case .bindTransceiver: return .bindTransceiver(try SMPPBind.decode(from: &reader))
        case .bindReceiverResponse: return .bindReceiverResponse(try SMPPBindResponse.decode(from: &reader))
        case .bindTransmitterResponse: return .bindTransmitterResponse(try SMPPBindResponse.decode(from: &reader))
        case .bindTransceiverResponse: return .bindTransceiverResponse(try SMPPBindResponse.decode(from: &reader))
        case .submitSM: return .submitSM(try SMPPSubmitSM.decode(from: &reader))
        case .submitSMResponse: return .submitSMResponse(try SMPPSubmitSMResponse.decode(from: &reader))
        case .deliverSM: return .deliverSM(try SMPPDeliverSM.decode(from: &reader))
        case .deliverSMResponse: return .deliverSMResponse(try SMPPDeliverSMResponse.decode(from: &reader))
        case .alertNotification: return .alertNotification(try SMPPAlertNotification.decode(from: &reader))
        default: return nil
        }
    }
}
