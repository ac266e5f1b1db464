public import NIOCore

extension SMPPPDU {
    /// Writes the PDU, header first, command_length computed from the body.
    public func encode(into buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        SMPPHeader(commandLength: 0, commandID: commandID, commandStatus: commandStatus, sequenceNumber: sequenceNumber)
            .write(into: &buffer)
        switch message {
        case .genericNack, .unbind, .unbindResponse, .enquireLink, .enquireLinkResponse: break
        case .bindReceiver(let body), .bindTransmitter(let body), .bindTransceiver(let body):
            body.encode(into: &buffer)
        case .bindReceiverResponse(let body), .bindTransmitterResponse(let body), .bindTransceiverResponse(let body):
            body.encode(into: &buffer)
        case .submitSM(let body): body.encode(into: &buffer)
        case .submitSMResponse(let body): body.encode(into: &buffer)
        case .deliverSM(let body): body.encode(into: &buffer)
        case .deliverSMResponse(let body): body.encode(into: &buffer)
        case .alertNotification(let body): body.encode(into: &buffer)
        case .unknown(_, let body): buffer.writeImmutableBuffer(body)
        }
        buffer.setInteger(UInt32(buffer.writerIndex - start), at: start)
    }

    /// The PDU's bytes.
    public func encoded() -> ByteBuffer {
        var buffer = ByteBuffer()
        encode(into: &buffer)
        return buffer
    }
}
