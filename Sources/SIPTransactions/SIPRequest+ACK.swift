public import SIPWire

extension SIPRequest {
    /// The ACK an INVITE client transaction sends for a 300–699 response (RFC 3261 §17.1.1.3).
    ///
    /// "The ACK request constructed by the client transaction MUST contain values for the Call-ID, From, and
    /// Request-URI that are equal to the values of those header fields in the request passed to the transport by the
    /// client transaction ... The To header field in the ACK MUST equal the To header field in the response being
    /// acknowledged ... The ACK MUST contain a single Via header field, and this MUST be equal to the top Via header
    /// field of the original request. The CSeq header field in the ACK MUST contain the same value for the sequence
    /// number as was present in the original request, but the method parameter MUST be equal to "ACK". If the INVITE
    /// request whose response is being acknowledged had Route header fields, those header fields MUST appear in the
    /// ACK." Max-Forwards is copied too (§8.1.1.6 requires it in every request).
    public static func acknowledging(_ invite: SIPRequest, response: SIPResponse) -> SIPRequest {
        var headers = SIPHeaders()
        let viaName = invite.headers.fields.first { $0.canonicalName == "via" }?.name ?? "Via"
        if let topVia = invite.headers.values("via").first { headers.add(viaName, topVia) }
        for field in invite.headers where field.canonicalName == "route" {
            headers.add(field.name, field.value)
        }
        headers.add("Max-Forwards", invite.headers["max-forwards"] ?? "70")
        for field in invite.headers where field.canonicalName == "from" || field.canonicalName == "call-id" {
            headers.add(field.name, field.value)
        }
        if let to = response.headers.fields.first(where: { $0.canonicalName == "to" }) {
            headers.add(to.name, to.value)
        }
        let sequence = (try? invite.headers.cseq())?.sequence ?? 0
        headers.add("CSeq", SIPCSeq(sequence: sequence, method: .ack).description)
        return SIPRequest(method: .ack, uri: invite.uri, headers: headers)
    }

    /// A CANCEL for `request` (RFC 3261 §9.1): "The Request-URI, Call-ID, To, the numeric part of CSeq, and From
    /// header fields in the CANCEL request MUST be identical to those in the request being cancelled, including
    /// tags. A CANCEL constructed by a client MUST have only a single Via header field value matching the top Via
    /// value in the request being cancelled", with the same Route header fields.
    public static func cancelling(_ request: SIPRequest) -> SIPRequest {
        var headers = SIPHeaders()
        if let topVia = request.headers.values("via").first { headers.add("Via", topVia) }
        for field in request.headers where field.canonicalName == "route" {
            headers.add(field.name, field.value)
        }
        headers.add("Max-Forwards", request.headers["max-forwards"] ?? "70")
        for field in request.headers where ["from", "to", "call-id"].contains(field.canonicalName) {
            headers.add(field.name, field.value)
        }
        let sequence = (try? request.headers.cseq())?.sequence ?? 0
        headers.add("CSeq", SIPCSeq(sequence: sequence, method: .cancel).description)
        return SIPRequest(method: .cancel, uri: request.uri, headers: headers)
    }
}
