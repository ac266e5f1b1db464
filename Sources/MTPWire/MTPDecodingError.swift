/// Why MTP2, MTP3 or M2PA bytes are malformed.
public struct MTPDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Fewer bytes than the fixed part needs (`what` names it, e.g. "routing label").
        case truncated(what: String, needed: Int, available: Int)
        /// Q.703 §2.3.3: the length indicator does not match the octets between it and the (optional) FCS.
        case lengthIndicatorMismatch(lengthIndicator: Int, contentLength: Int)
        /// RFC 4165 §2.1.1: only version 1 is defined.
        case unsupportedVersion(UInt8)
        /// RFC 4165 §2.1.5: the message length is below the 16-octet header or differs from the bytes given.
        case messageLengthInvalid(field: UInt32, available: Int)
        /// RFC 4165 §2.3.2: a Link Status message needs its 4-octet state.
        case linkStatusTooShort(available: Int)
    }

    public var kind: Kind
    public var file: String
    public var line: UInt

    public init(_ kind: Kind, file: String = #fileID, line: UInt = #line) {
        self.kind = kind
        self.file = file
        self.line = line
    }

    public var description: String { "MTP decoding error: \(kind) (\(file):\(line))" }
}
