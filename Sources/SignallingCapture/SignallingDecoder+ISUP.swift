import ISUPWire
import NIOCore
import TelecomTypes

/// ISUP (ITU-T Q.763) inside M3UA Protocol Data or an MTP3 message with SI 5.
extension SignallingDecoder {
    func decodeISUP(_ bytes: ByteBuffer, into record: inout SignallingRecord) {
        record.isupBytes = bytes
        let message: ISUPMessage
        do {
            message = try ISUPMessage.decode(bytes)
        } catch {
            if let cic = error.cic, let type = error.messageType {
                record.isup = ISUPSummary(messageType: type.rawValue, name: type.name, cic: cic.value)
            }
            record.error = "ISUP: \(error)"
            return
        }
        var summary = ISUPSummary(messageType: message.type.rawValue, name: message.type.name, cic: message.cic.value)
        summary.called = message.calledPartyNumber?.signals.digits
        summary.calling = message.callingPartyNumber?.signals.digits
        summary.originalCalled = message.originalCalledNumber?.signals.digits
        summary.redirecting = message.redirectingNumber?.signals.digits
        summary.redirectionReason = message.redirectionInformation?.redirectingReason.rawValue
        summary.cause = message.causeIndicators?.cause.rawValue
        record.isup = summary
    }
}
