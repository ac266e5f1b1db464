/// A SIP request (RFC 3261 §7.1): `Method SP Request-URI SP SIP-Version CRLF`, headers, body.
public struct SIPRequest: Hashable, Sendable {
    public var method: SIPMethod
    public var uri: SIPURI
    public var headers: SIPHeaders
    public var body: [UInt8]

    public init(method: SIPMethod, uri: SIPURI, headers: SIPHeaders = SIPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
    }
}

/// A SIP response (RFC 3261 §7.2): `SIP-Version SP Status-Code SP Reason-Phrase CRLF`, headers, body.
public struct SIPResponse: Hashable, Sendable {
    public var status: SIPStatus
    public var reason: String
    public var headers: SIPHeaders
    public var body: [UInt8]

    public init(status: SIPStatus, reason: String? = nil, headers: SIPHeaders = SIPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.reason = reason ?? status.reasonPhrase
        self.headers = headers
        self.body = body
    }

    /// A response to `request` carrying the headers RFC 3261 §8.2.6.2 says to copy: "the From field of the response
    /// MUST equal the From header field of the request. The Call-ID ... CSeq ... Via header field values in the
    /// response MUST equal the Via header field values in the request and MUST maintain the same ordering". The To
    /// field is copied and gets `toTag` when it has none (a UAS adds one to every response but 100 Trying).
    public init(answering request: SIPRequest, status: SIPStatus, reason: String? = nil, toTag: String? = nil) {
        self.init(answering: request.headers, status: status, reason: reason, toTag: toTag)
    }

    init(answering requestHeaders: SIPHeaders, status: SIPStatus, reason: String?, toTag: String?) {
        var headers = SIPHeaders()
        for field in requestHeaders {
            switch field.canonicalName {
            case "via", "from", "call-id", "cseq":
                headers.add(field.name, field.value)
            case "to":
                var value = field.value
                if let toTag, var address = try? SIPAddress(parsing: value), address.tag == nil {
                    address.tag = toTag
                    value = address.description
                }
                headers.add(field.name, value)
            default:
                continue
            }
        }
        self.init(status: status, reason: reason, headers: headers)
    }
}

/// One SIP message: a request or a response.
public enum SIPMessage: Hashable, Sendable {
    case request(SIPRequest)
    case response(SIPResponse)

    public var headers: SIPHeaders {
        switch self {
        case .request(let request): request.headers
        case .response(let response): response.headers
        }
    }

    public var body: [UInt8] {
        switch self {
        case .request(let request): request.body
        case .response(let response): response.body
        }
    }
}
