public import SIPWire

/// What a message is matched on to find its transaction (RFC 3261 §17.1.3, §17.2.3).
public enum SIPTransactionKey: Hashable, Sendable, CustomStringConvertible {
    /// A client transaction: the branch of the top Via of the request it sent, and the request's method (so a CANCEL
    /// with the INVITE's branch is its own transaction). §17.1.3: "the response matches a client transaction ... If
    /// the response has the same value of the branch parameter in the top Via header field as the branch parameter
    /// in the top Via header field of the request that created the transaction [and] the method parameter in the
    /// CSeq header field matches the method of the request that created the transaction."
    case client(branch: String, method: SIPMethod)
    /// A server transaction whose request had an RFC 3261 branch: branch, sent-by of the top Via, and method, with
    /// ACK counted as INVITE (§17.2.3).
    case server(branch: String, sentBy: String, method: SIPMethod)
    /// A server transaction whose request came from an RFC 2543 element (no magic cookie): Request-URI, From tag,
    /// Call-ID, CSeq and top Via (§17.2.3). The To tag is checked apart because an ACK carries the tag of the
    /// response while the INVITE had none.
    case legacy(requestURI: String, fromTag: String, callID: String, sequence: UInt32, method: SIPMethod, via: String)

    public var description: String {
        switch self {
        case .client(let branch, let method): "client \(method) \(branch)"
        case .server(let branch, let sentBy, let method): "server \(method) \(branch) \(sentBy)"
        case .legacy(let uri, let fromTag, let callID, let sequence, let method, _):
            "rfc2543 \(method) \(uri) \(callID) \(sequence) from-tag \(fromTag)"
        }
    }

    /// The client key of a response, or nil when its top Via or CSeq cannot be read.
    public static func client(matching response: SIPResponse) -> SIPTransactionKey? {
        guard let via = try? response.headers.topVia(), let branch = via.branch,
            let cseq = try? response.headers.cseq()
        else { return nil }
        return .client(branch: branch, method: cseq.method)
    }

    /// The server key of a request, or nil when the headers needed cannot be read. `method` lets a CANCEL look up
    /// the INVITE it cancels (§9.2: "the CANCEL ... matched ... using the same procedures as §17.2.3").
    public static func server(matching request: SIPRequest, as method: SIPMethod? = nil) -> SIPTransactionKey? {
        guard let via = try? request.headers.topVia() else { return nil }
        var method = method ?? request.method
        // §17.2.3: "the method of the request matches the one that created the transaction, except for ACK, where
        // the method of the request that created the transaction is INVITE."
        if method == .ack { method = .invite }
        if via.hasRFC3261Branch, let branch = via.branch {
            return .server(branch: branch, sentBy: sentBy(of: via), method: method)
        }
        guard let callID = try? request.headers.callID(), let cseq = try? request.headers.cseq(),
            let from = try? request.headers.from()
        else { return nil }
        return .legacy(
            requestURI: request.uri.description, fromTag: from.tag ?? "", callID: callID, sequence: cseq.sequence,
            method: method, via: legacyVia(via).description)
    }

    /// `sent-by` as compared in §17.2.3: host case-insensitive, port as written (absent is not 5060).
    static func sentBy(of via: SIPVia) -> String {
        via.host.lowercased() + (via.port.map { ":\($0)" } ?? "")
    }

    /// The top Via without what this server's transport added on arrival (§18.2.1 `received`, RFC 3581 `rport`
    /// values), so a retransmission from another source port still matches.
    static func legacyVia(_ via: SIPVia) -> SIPVia {
        var via = via
        via.parameters.remove("received")
        if via.parameters.contains("rport") { via.parameters.set("rport", nil) }
        return via
    }
}
