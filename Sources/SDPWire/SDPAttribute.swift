/// An attribute line (RFC 8866 §5.13): `a=<attribute-name>` (property) or `a=<attribute-name>:<value>`.
///
/// Every attribute is kept in order, understood or not, and re-emitted as received (style rule 3); the typed views
/// (``SDPRTPMap``, ``SDPCandidate``, ``SDPCrypto``...) decode the value on demand and were checked once at parse time.
public struct SDPAttribute: Hashable, Sendable {
    public var name: String
    public var value: String?

    public init(_ name: String, _ value: String? = nil) {
        self.name = name
        self.value = value
    }

    init(parsing text: String) throws(SDPFieldError) {
        if let colon = text.firstIndex(of: ":") {
            self.init(String(text[..<colon]), String(text[text.index(after: colon)...]))
        } else {
            self.init(text)
        }
        guard !name.isEmpty, name.utf8.allSatisfy(SDPToken.isTokenByte) else {
            throw SDPFieldError("attribute name is not a token")
        }
        try validate()
    }

    public var wireText: String { value.map { "\(name):\($0)" } ?? name }

    /// Decodes the value of the attributes this module types, so a malformed one is refused at parse time.
    private func validate() throws(SDPFieldError) {
        switch name {
        case "rtpmap": _ = try SDPRTPMap(parsing: value ?? "")
        case "fmtp": _ = try SDPFormatParameters(parsing: value ?? "")
        case "ptime", "maxptime":
            let _: UInt32 = try SDPFieldError.integer(value ?? "", name)
        case "rtcp": _ = try SDPRTCPAddress(parsing: value ?? "")
        case "candidate": _ = try SDPCandidate(parsing: value ?? "")
        case "crypto": _ = try SDPCrypto(parsing: value ?? "")
        case "ice-ufrag", "ice-pwd":
            guard let value, !value.isEmpty, !value.contains(" ") else { throw SDPFieldError("\(name) is empty") }
        default: return
        }
    }
}

/// The media direction attributes (RFC 8866 §6.7; RFC 3264 §5.1, §6.1).
public enum SDPDirection: String, Hashable, Sendable, CaseIterable {
    case sendrecv, sendonly, recvonly, inactive

    /// The direction an answerer mirrors (RFC 3264 §6.1: "If a stream is offered as sendonly, the corresponding
    /// stream MUST be marked as recvonly or inactive in the answer ...").
    public var reversed: SDPDirection {
        switch self {
        case .sendrecv: .sendrecv
        case .sendonly: .recvonly
        case .recvonly: .sendonly
        case .inactive: .inactive
        }
    }

    /// Whether `answer` is an allowed answer to this offered direction (RFC 3264 §6.1).
    public func allowsAnswer(_ answer: SDPDirection) -> Bool {
        switch self {
        case .sendrecv: true
        case .sendonly: answer == .recvonly || answer == .inactive
        case .recvonly: answer == .sendonly || answer == .inactive
        case .inactive: answer == .inactive
        }
    }
}

/// `a=rtcp:<port> [<nettype> <addrtype> <connection-address>]` (RFC 3605 §2.1).
public struct SDPRTCPAddress: Hashable, Sendable {
    public var port: UInt16
    public var connection: SDPConnection?

    public init(port: UInt16, connection: SDPConnection? = nil) {
        self.port = port
        self.connection = connection
    }

    init(parsing value: String) throws(SDPFieldError) {
        let words = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        port = try SDPFieldError.integer(words[0], "rtcp port")
        connection = words.count > 1 ? try SDPConnection(parsing: String(words[1])) : nil
    }

    public var wireText: String { connection.map { "\(port) \($0.wireText)" } ?? "\(port)" }
}
