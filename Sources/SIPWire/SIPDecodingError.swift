/// Why bytes are not a valid SIP message, and what to answer (RFC 3261 §8.2, §16.3, §18.3).
///
/// A request that cannot be parsed is answered with `status` when the headers needed to build a response (Via,
/// From, To, Call-ID, CSeq) were readable; a broken response is discarded (RFC 3261 §18.1.2 and §8.1.3.1 leave no
/// one to answer). When `breaksStreamFraming` is true the stream can no longer be split into messages and the
/// connection has to be closed after the answer.
public struct SIPDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        public static let malformedStartLine = Kind(name: "malformed start line")
        public static let unsupportedVersion = Kind(name: "unsupported SIP version")
        public static let malformedHeader = Kind(name: "malformed header")
        public static let missingHeader = Kind(name: "missing header")
        public static let duplicateHeader = Kind(name: "duplicate header")
        public static let cseqMethodMismatch = Kind(name: "CSeq method differs from the request method")
        public static let missingContentLength = Kind(name: "missing Content-Length on a stream")
        public static let bodyShorterThanContentLength = Kind(name: "body shorter than Content-Length")
        public static let messageTooLarge = Kind(name: "message too large")
        public static let missingHeaderTerminator = Kind(name: "no empty line after the headers")
    }

    public var kind: Kind
    /// The header concerned, long form, when there is one.
    public var header: String?
    public var reason: String
    /// True for a request, false for a response, nil when the start line was unreadable.
    public var isRequest: Bool?
    /// The headers read before the failure (all of them when the failure is semantic).
    public var headers: SIPHeaders
    public var breaksStreamFraming: Bool

    public init(
        _ kind: Kind, header: String? = nil, reason: String, isRequest: Bool? = nil,
        headers: SIPHeaders = SIPHeaders(), breaksStreamFraming: Bool = false
    ) {
        self.kind = kind
        self.header = header
        self.reason = reason
        self.isRequest = isRequest
        self.headers = headers
        self.breaksStreamFraming = breaksStreamFraming
    }

    /// The status a request in error gets: 505 for another SIP version (RFC 3261 §8.2.2... "505 (Version Not
    /// Supported)"), 513 for an oversized message (RFC 3261 §21.5.14), otherwise 400 (RFC 3261 §21.4.1 "The request
    /// could not be understood due to malformed syntax").
    public var status: SIPStatus {
        if kind == .unsupportedVersion { return .versionNotSupported }
        if kind == .messageTooLarge { return .messageTooLarge }
        return .badRequest
    }

    public var description: String {
        (header.map { "\($0): " } ?? "") + reason
    }

    /// The answer to send, or nil when there is none to send (a response in error, or a request whose Via is
    /// unreadable or that has no CSeq: a client transaction matches its responses by the top Via branch and the CSeq
    /// method, RFC 3261 §17.1.3, so without them an answer could not reach a transaction). The reason phrase says
    /// what was wrong (RFC 3261 §21.4.1 "The Reason-Phrase SHOULD identify the syntax problem in more detail").
    ///
    /// CSeq, From, To and Call-ID rows are copied as received, even when they are the problem (RFC 3261 §8.2.6.2:
    /// they "MUST equal" the request's), and From, To and Call-ID are left out when missing: RFC 4475 §3.1.2.4 (an
    /// overlarge CSeq), §3.1.2.6 (a broken To), §3.3.1 (no From, To or Call-ID) and §3.3.8 (two of each) all expect
    /// a 400.
    public func errorResponse(toTag: String? = nil) -> SIPResponse? {
        guard isRequest == true else { return nil }
        guard (try? headers.topVia()) != nil, headers.contains("cseq") else { return nil }
        let detail = description.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }
        let phrase = status.reasonPhrase + " (" + String(String.UnicodeScalarView(detail)) + ")"
        return SIPResponse(answering: headers, status: status, reason: phrase, toTag: toTag)
    }
}
