import M3UAWire
import NIOCore
import TelecomTypes

/// M3UA (RFC 4666): the message, its Protocol Data, and the user part inside.
extension SignallingDecoder {
    /// One whole M3UA message, as one SCTP user message carries it.
    mutating func decodeM3UA(_ bytes: ByteBuffer, template: SignallingRecord, context: inout FrameContext) {
        var record = template
        record.m3uaBytes = bytes
        let variant = M3UAVariant.detect(bytes)
        let message: M3UAMessage
        do {
            message = try M3UAMessage.decode(bytes, variant: variant, unknownMessages: .keep)
        } catch {
            record.m3ua = Self.headerSummary(bytes)
            record.error = "M3UA: \(error)"
            context.append(record)
            return
        }
        var summary = M3UASummary(
            messageClass: message.messageClass.rawValue, messageType: message.messageType,
            name: message.description)
        summary.routingContext = message.parameters.lazy.compactMap { parameter -> UInt32? in
            if case .routingContext(let contexts) = parameter { return contexts.first }
            return nil
        }.first
        if case .payloadData(let data) = message {
            if let protocolData = data.protocolData {
                summary.opc = protocolData.originatingPointCode.value
                summary.dpc = protocolData.destinationPointCode.value
                summary.si = protocolData.serviceIndicator.rawValue
                summary.ni = protocolData.networkIndicator.rawValue
                summary.mp = protocolData.messagePriority
                summary.sls = protocolData.signallingLinkSelection
                record.m3ua = summary
                decodeUserPart(
                    protocolData.userProtocolData, serviceIndicator: protocolData.serviceIndicator, into: &record)
            } else if let mtp3 = data.mtp3Message {
                // draft-ietf-sigtran-m3ua-06: the whole MTP3 message is carried; report its routing label as MTP3.
                record.m3ua = summary
                decodeMTP3(mtp3, into: &record)
            } else {
                record.m3ua = summary
            }
        } else {
            record.m3ua = summary
        }
        context.append(record)
    }

    /// M3UA over a stream transport (TCP): messages framed by the length field (RFC 4666 §3.1). Segments are not
    /// reassembled, so a message split over segments is reported as incomplete.
    mutating func decodeM3UAStream(_ bytes: ByteBuffer, template: SignallingRecord, context: inout FrameContext) {
        var stream = bytes
        while stream.readableBytes > 0 {
            do {
                guard let message = try M3UAMessage.frame(from: &stream) else {
                    var record = template
                    record.error = "M3UA over TCP: \(stream.readableBytes) bytes of an incomplete message"
                    context.append(record)
                    return
                }
                decodeM3UA(message, template: template, context: &context)
            } catch {
                var record = template
                record.m3ua = Self.headerSummary(stream)
                record.error = "M3UA over TCP: \(error)"
                context.append(record)
                return
            }
        }
    }

    /// Class and type from the common header of a message that did not decode, when the header is there.
    static func headerSummary(_ bytes: ByteBuffer) -> M3UASummary? {
        guard
            let (_, _, messageClass, messageType) = bytes.getMultipleIntegers(
                at: bytes.readerIndex, as: (UInt8, UInt8, UInt8, UInt8).self)
        else { return nil }
        return M3UASummary(messageClass: messageClass, messageType: messageType, name: "?")
    }
}
