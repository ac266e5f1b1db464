public import NIOCore
import TelecomTypes

extension ISUPMessage {
    /// Decodes one ISUP message starting at the CIC (the octets after the MTP3 routing label, or the M3UA
    /// protocol data after its 12-octet header).
    ///
    /// Unknown message types and unknown parameters decode to raw values; only a broken structure of a
    /// recognised message throws.
    public static func decode(_ bytes: ByteBuffer, variant: ISUPVariant = .itu) throws(ISUPDecodingError)
        -> ISUPMessage
    {
        let octets = bytes.isupOctets
        // Q.763 §1.2: "The CIC ... least significant bits first"; bits 5-8 of octet 2 are spare in ITU.
        // Q.1902.3 §1.2: BICC's call instance code takes four octets, also least significant first.
        let cicOctets = variant.cicOctets
        guard octets.count >= cicOctets else {
            throw ISUPDecodingError(.truncated, cic: nil, messageType: nil, bytes: bytes)
        }
        var cicField: UInt64 = 0
        for index in 0..<cicOctets { cicField |= UInt64(octets[index]) << (8 * index) }
        let cic = CircuitIdentificationCode(UInt32(truncatingIfNeeded: cicField) & variant.cicMask)
        let spare = UInt8(truncatingIfNeeded: cicField >> variant.cicBits)
        guard octets.count > cicOctets else {
            throw ISUPDecodingError(.truncated, cic: cic, messageType: nil, bytes: bytes)
        }
        let type = ISUPMessageType(octets[cicOctets])
        let headerLength = cicOctets + 1
        let body = bytes.getSlice(at: bytes.readerIndex + headerLength, length: octets.count - headerLength)
            ?? ByteBuffer()
        guard let layout = ISUPMessageLayout.layout(for: type), !layout.isOpaque else {
            return ISUPMessage(cic: cic, type: type, extraOctets: body, cicSpareBits: spare, variant: variant)
        }
        var parser = BodyParser(octets: Array(octets[headerLength...]), body: body)
        do {
            let message = try parser.parse(layout: layout, type: type, cic: cic, spare: spare, variant: variant)
            return message
        } catch let failure {
            throw ISUPDecodingError(
                failure.kind, cic: cic, messageType: type, parameterCode: failure.code, bytes: bytes,
                file: failure.file, line: failure.line)
        }
    }
}

/// A failure inside the body, before the CIC and type are attached.
struct BodyFailure: Error {
    var kind: ISUPDecodingError.Kind
    var code: ISUPParameterCode?
    var file: String
    var line: UInt

    init(_ kind: ISUPDecodingError.Kind, _ code: ISUPParameterCode?, file: String = #fileID, line: UInt = #line) {
        self.kind = kind
        self.code = code
        self.file = file
        self.line = line
    }
}

/// Walks a message body by the layout table. Offsets are relative to the first octet after the message type.
struct BodyParser {
    let octets: [UInt8]
    let body: ByteBuffer
    /// The furthest octet any part reaches; what lies beyond is ``ISUPMessage/extraOctets``.
    var end = 0

    init(octets: [UInt8], body: ByteBuffer) {
        self.octets = octets
        self.body = body
    }

    func slice(_ offset: Int, _ length: Int) -> ByteBuffer {
        body.getSlice(at: body.readerIndex + offset, length: length) ?? ByteBuffer()
    }

    mutating func parse(
        layout: ISUPMessageLayout, type: ISUPMessageType, cic: CircuitIdentificationCode, spare: UInt8,
        variant: ISUPVariant
    ) throws(BodyFailure) -> ISUPMessage {
        var mandatory: [ISUPParameter] = []
        var offset = 0
        for slot in layout.fixed {
            guard octets.count - offset >= slot.length else { throw BodyFailure(.truncated, slot.code) }
            mandatory.append(ISUPParameter(code: slot.code, value: slice(offset, slot.length)))
            offset += slot.length
        }
        let pointerCount = layout.variable.count + (layout.hasOptionalPart ? 1 : 0)
        guard octets.count - offset >= pointerCount else { throw BodyFailure(.truncated, layout.variable.first?.code) }
        end = offset + pointerCount
        // Q.763 §1.4: the mandatory variable parameters follow the pointers in the pointers' order, and the optional
        // part follows them. Regions that overlap (or run backwards) are malformed: they could not be re-encoded,
        // since a canonical layout would need pointers beyond one octet.
        var cursor = end
        for (index, slot) in layout.variable.enumerated() {
            let pointerAt = offset + index
            // Q.763 §1.5: "A pointer value of zero is used to indicate that ... no optional parameter is present";
            // a mandatory variable parameter is always present, so zero is an error there.
            let pointer = Int(octets[pointerAt])
            guard pointer > 0 else { throw BodyFailure(.mandatoryParameterMissing, slot.code) }
            let at = pointerAt + pointer
            guard at < octets.count, at >= cursor else { throw BodyFailure(.pointerOutOfRange, slot.code) }
            let length = Int(octets[at])
            guard octets.count - at - 1 >= length else { throw BodyFailure(.truncated, slot.code) }
            guard length >= slot.minimumLength else { throw BodyFailure(.mandatoryParameterTooShort, slot.code) }
            mandatory.append(ISUPParameter(code: slot.code, value: slice(at + 1, length)))
            end = max(end, at + 1 + length)
            cursor = at + 1 + length
        }
        var optional: [ISUPParameter]?
        if layout.hasOptionalPart {
            let pointerAt = offset + layout.variable.count
            let pointer = Int(octets[pointerAt])
            if pointer > 0 {
                guard pointerAt + pointer >= cursor else { throw BodyFailure(.pointerOutOfRange, nil) }
                optional = try parseOptionalPart(from: pointerAt + pointer)
            }
        }
        for parameter in mandatory {
            do {
                try ISUPParameterValidation.validate(parameter, in: type)
            } catch {
                throw BodyFailure(.invalidParameterContent, parameter.code)
            }
        }
        return ISUPMessage(
            cic: cic, type: type, mandatory: mandatory, optional: optional,
            extraOctets: slice(end, octets.count - end), cicSpareBits: spare, variant: variant)
    }

    /// Q.763 §1.6–§1.8: name, length indicator, value … until the end-of-optional-parameters octet (all zeros).
    mutating func parseOptionalPart(from start: Int) throws(BodyFailure) -> [ISUPParameter] {
        guard start < octets.count else { throw BodyFailure(.pointerOutOfRange, nil) }
        var parameters: [ISUPParameter] = []
        var at = start
        while true {
            guard at < octets.count else { throw BodyFailure(.truncated, nil) }
            let code = ISUPParameterCode(octets[at])
            if code == .endOfOptionalParameters {
                end = max(end, at + 1)
                return parameters
            }
            guard at + 1 < octets.count else { throw BodyFailure(.truncated, code) }
            let length = Int(octets[at + 1])
            guard octets.count - at - 2 >= length else { throw BodyFailure(.truncated, code) }
            parameters.append(ISUPParameter(code: code, value: slice(at + 2, length)))
            at += 2 + length
        }
    }
}
