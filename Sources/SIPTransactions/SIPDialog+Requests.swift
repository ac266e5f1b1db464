public import SIPWire

/// What the core does with a request received in a dialog (RFC 3261 §12.2.2).
public enum SIPDialogVerdict: Hashable, Sendable {
    /// In order: process it.
    case accept
    /// Answer with this status: 500 for an out-of-order CSeq, 481 when the request is not of this dialog.
    case reject(SIPStatus)
}

/// Requests within a dialog: building ours (RFC 3261 §12.2.1), checking the peer's (§12.2.2), target refresh.
extension SIPDialog {
    /// Methods whose request refreshes the remote target: re-INVITE (RFC 3261 §12.2), UPDATE (RFC 3311 §5),
    /// SUBSCRIBE and NOTIFY (RFC 6665 §4.1.2.2, §4.2.1).
    public static let targetRefreshMethods: Set<SIPMethod> = [.invite, .update, .subscribe, .notify]

    /// A new request in the dialog (RFC 3261 §12.2.1.1), with the next local CSeq. Not for ACK (it takes the
    /// INVITE's CSeq: ``makeACK(for:via:)``) nor CANCEL (``SIPRequest/cancelling(_:)``).
    ///
    /// "The URI in the To field of the request MUST be set to the remote URI from the dialog state. The tag in the To
    /// header field of the request MUST be set to the remote tag of the dialog ID. The From URI ... local URI ...
    /// local tag ... The Call-ID ... Requests within a dialog MUST contain strictly monotonically increasing and
    /// contiguous CSeq sequence numbers (increasing-by-one) in each direction"; an empty local sequence number is
    /// started from `identifiers` (§8.1.1.5). `via` normally has no branch: the transaction layer adds it.
    public mutating func makeRequest(
        _ method: SIPMethod, via: SIPVia, contact: SIPAddress? = nil, identifiers: inout SIPIdentifierGenerator
    ) -> SIPRequest {
        let sequence = localSequence.map { ($0 &+ 1) & 0x7FFF_FFFF } ?? identifiers.initialSequence()
        localSequence = sequence
        var request = makeRequest(method, sequence: sequence, via: via)
        if let contact { request.headers.add("Contact", contact.description) }
        return request
    }

    /// The ACK for a 2xx to an INVITE of this dialog (RFC 3261 §13.2.2.4: "The header fields of the ACK are
    /// constructed in the same way as for any request sent within a dialog ... with the exception of the CSeq ...
    /// The sequence number of the CSeq header field MUST be the same as the INVITE being acknowledged").
    public func makeACK(for response: SIPResponse, via: SIPVia) -> SIPRequest {
        let sequence = (try? response.headers.cseq())?.sequence ?? localSequence ?? 0
        return makeRequest(.ack, sequence: sequence, via: via)
    }

    private func makeRequest(_ method: SIPMethod, sequence: UInt32, via: SIPVia) -> SIPRequest {
        var to = remoteAddress
        if !id.remoteTag.isEmpty { to.tag = id.remoteTag }
        var from = localAddress
        if !id.localTag.isEmpty { from.tag = id.localTag }
        let (requestURI, routes) = requestURIAndRoutes()
        var headers = SIPHeaders()
        headers.add("Via", via.description)
        for route in routes { headers.add("Route", route.description) }
        headers.add("Max-Forwards", "70")
        headers.add("From", from.description)
        headers.add("To", to.description)
        headers.add("Call-ID", id.callID)
        headers.add("CSeq", SIPCSeq(sequence: sequence, method: method).description)
        return SIPRequest(method: method, uri: requestURI, headers: headers)
    }

    /// The Request-URI and Route values for the route set (RFC 3261 §12.2.1.1).
    ///
    /// Loose routing: "If the route set is not empty, and the first URI in the route set contains the lr parameter,
    /// the UAC MUST place the remote target URI into the Request-URI and MUST include a Route header field containing
    /// the route set values in order". Strict routing: "If the route set is not empty, and its first URI does not
    /// contain the lr parameter, the UAC MUST place the first URI from the route set into the Request-URI, stripping
    /// any parameters that are not allowed in a Request-URI. The UAC MUST add a Route header field containing the
    /// remainder of the route set values in order, including all parameters. The UAC MUST then place the remote
    /// target URI into the Route header field as the last value."
    public func requestURIAndRoutes() -> (requestURI: SIPURI, routes: [SIPAddress]) {
        guard let first = routeSet.first else { return (remoteTarget, []) }
        if first.uri.parameters.contains("lr") { return (remoteTarget, routeSet) }
        var requestURI = first.uri
        // RFC 3261 §19.1.1 Table 1: the method parameter and URI headers are not allowed in a Request-URI.
        requestURI.parameters.remove("method")
        requestURI.headers = []
        return (requestURI, Array(routeSet.dropFirst()) + [SIPAddress(uri: remoteTarget)])
    }

    /// Checks a request the peer sent in this dialog and updates the remote sequence number and, for a target
    /// refresh, the remote target (RFC 3261 §12.2.2).
    ///
    /// "If the remote sequence number is empty, it MUST be set to the value of the sequence number in the CSeq header
    /// field value in the request. If the remote sequence number was not empty, but the sequence number of the
    /// request is lower than the remote sequence number, the request is out of order and MUST be rejected with a 500
    /// (Server Internal Error) response." ACK and CANCEL reuse the INVITE's number and are not checked (§13.2.2.4,
    /// §9.1). "When a UAS receives a target refresh request, it MUST replace the dialog's remote target URI with the
    /// URI from the Contact header field in that request, if present."
    public mutating func receiveRequest(_ request: SIPRequest) -> SIPDialogVerdict {
        guard let callID = try? request.headers.callID(), let cseq = try? request.headers.cseq(),
            let from = try? request.headers.from(), let to = try? request.headers.to()
        else { return .reject(.badRequest) }
        guard callID == id.callID, (from.tag ?? "") == id.remoteTag, (to.tag ?? "") == id.localTag else {
            return .reject(.callOrTransactionDoesNotExist)
        }
        if request.method == .ack || request.method == .cancel { return .accept }
        if let remoteSequence, cseq.sequence < remoteSequence {
            return .reject(.serverInternalError)
        }
        remoteSequence = cseq.sequence
        if Self.targetRefreshMethods.contains(request.method), let contact = try? Self.contact(of: request.headers) {
            remoteTarget = contact
        }
        return .accept
    }

    /// A response to a request we sent in the dialog (RFC 3261 §12.2.1.2): "When a UAC receives a 2xx response to a
    /// target refresh request, it MUST replace the dialog's remote target URI with the URI from the Contact header
    /// field in that response, if present." In an early dialog a 1xx or 2xx to the INVITE also refreshes it.
    public mutating func receiveResponse(_ response: SIPResponse, to method: SIPMethod) {
        guard Self.targetRefreshMethods.contains(method) else { return }
        let refreshes = response.status.isSuccess || (state == .early && response.status.rawValue > 100
            && response.status.isProvisional)
        guard refreshes, let contact = try? Self.contact(of: response.headers) else { return }
        remoteTarget = contact
    }
}
