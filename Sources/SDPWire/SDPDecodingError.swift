/// Why a session description was refused, with what the SIP side needs to answer it.
///
/// RFC 3261 §21.4.1 400 Bad Request ("could not be understood due to malformed syntax") for a body that is not
/// SDP at all; RFC 3261 §21.4.26 488 Not Acceptable Here for a description whose content cannot be accepted.
public struct SDPDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The family of fault.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        public var name: String
        public var description: String { name }

        public static let notText = Kind(name: "not UTF-8 text")
        public static let tooLarge = Kind(name: "description too large")
        public static let malformedLine = Kind(name: "malformed line")
        public static let missingField = Kind(name: "missing mandatory field")
        public static let outOfOrder = Kind(name: "field out of order")
        public static let malformedValue = Kind(name: "malformed field value")
        public static let unsupportedVersion = Kind(name: "unsupported version")
    }

    public var kind: Kind
    /// The 1-based line number, 0 when the fault is not tied to a line.
    public var line: Int
    /// The offending line as received (truncated to 200 characters).
    public var text: String
    public var reason: String

    public init(_ kind: Kind, line: Int = 0, text: String = "", reason: String) {
        self.kind = kind
        self.line = line
        self.text = String(text.prefix(200))
        self.reason = reason
    }

    /// The SIP status a UAS answers an offer with when its body fails here (RFC 3261 §21.4.1, §21.4.26).
    public var sipStatusCode: Int {
        switch kind {
        case .notText, .malformedLine, .tooLarge: 400
        default: 488
        }
    }

    public var description: String {
        line == 0 ? "SDP \(kind): \(reason)" : "SDP \(kind) at line \(line): \(reason) (\(text))"
    }
}
