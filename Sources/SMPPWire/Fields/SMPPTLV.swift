public import NIOCore
import WireSupport

/// One optional parameter (SMPP 3.4 §3.2.2 / §5.3.1): tag, length and value, kept byte for byte whatever the tag.
///
/// Typed readers for the tags Reroute uses live on `[SMPPTLV]`; everything else round-trips untouched.
public struct SMPPTLV: Hashable, Sendable {
    public var tag: SMPPTLVTag
    public var value: ByteBuffer

    public init(tag: SMPPTLVTag, value: ByteBuffer) {
        self.tag = tag
        self.value = value
    }

    public init(tag: SMPPTLVTag, bytes: [UInt8]) {
        self.init(tag: tag, value: ByteBuffer(bytes: bytes))
    }

    /// A one-octet integer value.
    public static func uint8(_ tag: SMPPTLVTag, _ value: UInt8) -> SMPPTLV { SMPPTLV(tag: tag, bytes: [value]) }

    /// A C-Octet String value (the terminating NUL included, as §5.3.2.12 counts it).
    public static func cString(_ tag: SMPPTLVTag, _ value: String) -> SMPPTLV {
        var buffer = ByteBuffer()
        buffer.writeSMPPCString(value)
        return SMPPTLV(tag: tag, value: buffer)
    }

    /// Reads the TLVs that fill the rest of `body`; throws `nil`-free failures as the status to answer with.
    static func readAll(from body: inout ByteBuffer) throws(SMPPDecodingError.Reason) -> [SMPPTLV] {
        var result: [SMPPTLV] = []
        while body.readableBytes > 0 {
            // "Error in the optional part of the PDU Body" (ESME_RINVOPTPARSTREAM): a fragment of a TLV header, or a
            // length running past the PDU.
            guard let (tag, length) = body.readMultipleIntegers(as: (UInt16, UInt16).self),
                let value = body.readExactSlice(length: Int(length))
            else { throw .badOptionalParameterStream }
            result.append(SMPPTLV(tag: SMPPTLVTag(tag), value: value))
        }
        return result
    }

    func write(into buffer: inout ByteBuffer) {
        buffer.writeMultipleIntegers(tag.rawValue, UInt16(truncatingIfNeeded: value.readableBytes))
        buffer.writeImmutableBuffer(value)
    }
}

extension Array where Element == SMPPTLV {
    /// The value of the first TLV with `tag`.
    public func first(_ tag: SMPPTLVTag) -> ByteBuffer? { first { $0.tag == tag }?.value }

    /// A one-octet integer TLV; `nil` when absent or of another length.
    public func uint8(_ tag: SMPPTLVTag) -> UInt8? {
        guard let value = first(tag), value.readableBytes == 1 else { return nil }
        return value.getInteger(at: value.readerIndex)
    }

    /// A C-Octet String TLV (the NUL optional, for peers that omit it); `nil` when absent.
    public func cString(_ tag: SMPPTLVTag) -> String? {
        guard var value = first(tag) else { return nil }
        let bytes = value.readBytes(length: value.readableBytes) ?? []
        return SMPPLatin1.string(bytes.prefix { $0 != 0 })
    }

    /// message_payload (§5.3.2.32), the body of a message too long for short_message.
    public var messagePayload: ByteBuffer? { first(.messagePayload) }
    /// receipted_message_id (§5.3.2.12), the SMSC's id of the message a receipt is about.
    public var receiptedMessageID: String? { cString(.receiptedMessageID) }
    /// message_state (§5.3.2.35) of a delivery receipt.
    public var messageState: SMPPMessageState? { uint8(.messageState).map(SMPPMessageState.init) }
    /// sc_interface_version (§5.3.2.25) of a bind response.
    public var scInterfaceVersion: UInt8? { uint8(.scInterfaceVersion) }
}
