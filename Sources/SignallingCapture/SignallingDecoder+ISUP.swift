import ISUPWire
import NIOCore
import TelecomTypes

/// ISUP (ITU-T Q.763) or BICC (ITU-T Q.1902.3) inside M3UA Protocol Data or an MTP3 message.
extension SignallingDecoder {
    /// Decodes the user part for service indicator 5 (ISUP) or 13 (BICC); other user parts are left alone.
    func decodeUserPart(_ bytes: ByteBuffer, serviceIndicator: ServiceIndicator, into record: inout SignallingRecord) {
        switch serviceIndicator {
        case .isup: record.isup = decodeISUP(bytes, variant: .itu, into: &record)
        case .bicc: record.bicc = decodeISUP(bytes, variant: .bicc, into: &record)
        default: return
        }
    }

    private func decodeISUP(
        _ bytes: ByteBuffer, variant: ISUPVariant, into record: inout SignallingRecord
    ) -> ISUPSummary? {
        record.isupBytes = bytes
        let label = variant == .bicc ? "BICC" : "ISUP"
        let message: ISUPMessage
        do {
            message = try ISUPMessage.decode(bytes, variant: variant)
        } catch {
            record.error = "\(label): \(error)"
            guard let cic = error.cic, let type = error.messageType else { return nil }
            return ISUPSummary(messageType: type.rawValue, name: type.name, cic: cic.value)
        }
        var summary = ISUPSummary(messageType: message.type.rawValue, name: message.type.name, cic: message.cic.value)
        summary.called = message.calledPartyNumber?.signals.digits
        summary.calling = message.callingPartyNumber?.signals.digits
        summary.originalCalled = message.originalCalledNumber?.signals.digits
        summary.redirecting = message.redirectingNumber?.signals.digits
        summary.redirectionReason = message.redirectionInformation?.redirectingReason.rawValue
        summary.cause = message.causeIndicators?.cause.rawValue
        return summary
    }
}
