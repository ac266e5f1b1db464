import MTPWire
import NIOCore
import TelecomTypes

/// M2PA, MTP2 and MTP3 links: the MTP3 message and the user part inside it.
extension SignallingDecoder {
    /// An M2PA message (RFC 4165 §2); only User Data carries an MTP3 message, Link Status messages are not reported.
    mutating func decodeM2PA(_ bytes: ByteBuffer, template: SignallingRecord, context: inout FrameContext) {
        let message: M2PAMessage
        do {
            message = try M2PAMessage.decode(bytes)
        } catch {
            var record = template
            record.error = "M2PA: \(error)"
            context.append(record)
            return
        }
        guard let mtp3 = message.mtp3 else { return }
        var record = template
        fill(&record, with: mtp3)
        context.append(record)
    }

    /// An MTP2 signal unit (ITU-T Q.703 §2.2); only message signal units are reported.
    mutating func decodeMTP2(_ bytes: ByteBuffer, context: inout FrameContext) {
        let frame: MTP2Frame
        do {
            frame = try MTP2Frame.decode(bytes)
        } catch {
            context.report(carrier: .mtp2Link, error: "MTP2: \(error)")
            return
        }
        guard let mtp3 = frame.msu else { return }
        var record = context.makeRecord(carrier: .mtp2Link)
        fill(&record, with: mtp3)
        context.append(record)
    }

    /// An MTP3 message captured as such (link type 141).
    mutating func decodeMTP3Link(_ bytes: ByteBuffer, context: inout FrameContext) {
        var record = context.makeRecord(carrier: .mtp3Link)
        decodeMTP3(bytes, into: &record)
        context.append(record)
    }

    /// Decodes an MTP3 message (SIO, routing label, SIF) into `record`.
    func decodeMTP3(_ bytes: ByteBuffer, into record: inout SignallingRecord) {
        do {
            fill(&record, with: try MTP3Message.decode(bytes))
        } catch {
            record.error = "MTP3: \(error)"
        }
    }

    /// The MTP3 summary and, for SI 5, the ISUP message.
    func fill(_ record: inout SignallingRecord, with message: MTP3Message) {
        let sio = message.serviceInformationOctet
        let label = message.routingLabel
        record.mtp3 = MTP3Summary(
            opc: label.originatingPointCode.value, dpc: label.destinationPointCode.value,
            si: sio.serviceIndicator.rawValue, ni: sio.networkIndicator.rawValue,
            sls: label.signallingLinkSelection)
        decodeUserPart(message.payload, serviceIndicator: sio.serviceIndicator, into: &record)
    }
}
