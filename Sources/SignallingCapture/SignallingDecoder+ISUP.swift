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
        summary.called = Self.digits(message.calledPartyNumber)
        summary.calling = Self.digits(message.callingPartyNumber)
        summary.originalCalled = Self.digits(message.originalCalledNumber)
        summary.redirecting = Self.digits(message.redirectingNumber)
        summary.redirectionReason = message.redirectionInformation?.redirectingReason.rawValue
        summary.cause = message.causeIndicators?.cause.rawValue
        return summary
    }

    /// The digits of a number, or `nil` when it carries no address signal at all (Q.763 §3.10 allows an empty
    /// calling party number, e.g. with "address not available"); as tshark does, such a number is not reported.
    /// A number holding only ST is reported as `""`.
    private static func digits(_ number: ISUPNumber?) -> String? {
        guard let number, !number.signals.codes.isEmpty else { return nil }
        return number.signals.digits
    }
}
