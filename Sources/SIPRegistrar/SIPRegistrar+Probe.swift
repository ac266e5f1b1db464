public import SIPWire
import SIPTransactions

extension SIPRegistrar {
    /// The OPTIONS that probes a UDP (or non-RFC 5626 stream) binding: RFC 3261 §11.1 "OPTIONS ... can be sent to
    /// ... a UA" and "Any response ... indicates that the UA is reachable"; sent to the binding's Contact, over its
    /// flow. `via` is this registrar's sent-by for the flow's transport; the transaction layer adds the branch.
    public mutating func optionsProbe(for binding: SIPBinding, via: SIPVia) -> SIPRequest {
        var headers = SIPHeaders()
        headers.add("Via", via.description)
        headers.add("Max-Forwards", "70")
        let from = SIPAddress(
            uri: SIPURI(user: "registrar", host: configuration.realm),
            parameters: SIPParameters([.init(name: "tag", value: probeIdentifiers.tag())]))
        headers.add("From", from.description)
        headers.add("To", SIPAddress(uri: binding.contact.uri).description)
        headers.add("Call-ID", probeIdentifiers.callID())
        headers.add("CSeq", SIPCSeq(sequence: 1, method: .options).description)
        headers.add("Content-Length", "0")
        return SIPRequest(method: .options, uri: binding.contact.uri, headers: headers)
    }
}
