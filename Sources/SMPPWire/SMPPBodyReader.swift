public import NIOCore

/// Reads the mandatory fields of one PDU body, turning each failure into the reason that picks the answer.
public struct SMPPBodyReader {
    public var buffer: ByteBuffer

    public init(_ buffer: ByteBuffer) { self.buffer = buffer }

    /// Whether the body has been read to the end.
    public var isAtEnd: Bool { buffer.readableBytes == 0 }

    /// A C-Octet String field within its size limit.
    public mutating func cString(_ field: SMPPField) throws(SMPPDecodingError.Reason) -> String {
        if let value = buffer.readSMPPCString(maximumLength: field.maximumLength) { return value }
        // The body ended before the NUL: the PDU is shorter than its mandatory fields.
        if buffer.readableBytes < field.maximumLength { throw .truncatedBody(field: field) }
        throw .unterminatedString(field: field)
    }

    /// A one-octet integer field.
    public mutating func octet(_ field: SMPPField = .octet) throws(SMPPDecodingError.Reason) -> UInt8 {
        guard let value = buffer.readInteger(as: UInt8.self) else { throw .truncatedBody(field: field) }
        return value
    }

    /// A TON/NPI/address triple.
    public mutating func address(_ field: SMPPField) throws(SMPPDecodingError.Reason) -> SMPPAddress {
        let ton = try octet()
        let npi = try octet()
        let address = try cString(field)
        return SMPPAddress(typeOfNumber: SMPPTypeOfNumber(ton), numberingPlan: SMPPNumberingPlan(npi), address: address)
    }

    /// The optional part: every remaining byte as TLVs.
    public mutating func tlvs() throws(SMPPDecodingError.Reason) -> [SMPPTLV] {
        try SMPPTLV.readAll(from: &buffer)
    }
}

extension ByteBuffer {
    /// Writes a TON/NPI/address triple.
    mutating func writeSMPPAddress(_ address: SMPPAddress) {
        writeMultipleIntegers(address.typeOfNumber.rawValue, address.numberingPlan.rawValue)
        writeSMPPCString(address.address)
    }

    mutating func writeSMPPTLVs(_ tlvs: [SMPPTLV]) {
        for tlv in tlvs { tlv.write(into: &self) }
    }
}

/// A PDU body with a decoder and an encoder (SMPP 3.4 §4).
public protocol SMPPBody: Hashable, Sendable {
    /// Reads the body; must consume every byte.
    static func decode(from reader: inout SMPPBodyReader) throws(SMPPDecodingError.Reason) -> Self
    /// Writes the body.
    func encode(into buffer: inout ByteBuffer)
}
