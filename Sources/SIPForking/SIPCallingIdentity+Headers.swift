public import SIPWire

extension SIPCallingIdentity {
    /// The identity headers beside From and To.
    ///
    /// - `P-Asserted-Identity` with the real calling number whenever there is one (RFC 3325 §9.1: inside the trust
    ///   domain the asserted identity travels even when withheld), and `Privacy: id` when presentation is
    ///   restricted (RFC 3325 §9.3: "the id privacy type ... requests that the Network Asserted Identity ... not
    ///   be forwarded" outside the trust domain; RFC 3323 §4.2).
    /// - `History-Info` (RFC 7044 §4): the original called number at index 1 carrying the reason it was left
    ///   (`?Reason=SIP;cause=N` escaped in the URI, §10), any later redirecting number, then our target with the
    ///   RFC 4458 `cause` URI parameter and `mp` (the target changed user: a diversion, RFC 7044 §4.3.4).
    /// - `Diversion` (RFC 5806 §4), most recent first, with `reason` and `counter`.
    public func headers(domain: String) -> [SIPHeaders.Field] {
        var fields: [SIPHeaders.Field] = []
        if let callingNumber {
            let asserted = SIPAddress(uri: Self.uri(callingNumber, domain: domain))
            fields.append(SIPHeaders.Field(name: "P-Asserted-Identity", value: asserted.description))
            if presentation == .restricted { fields.append(SIPHeaders.Field(name: "Privacy", value: "id")) }
        }
        guard originalCalledNumber != nil || redirectingNumber != nil else { return fields }
        fields.append(SIPHeaders.Field(name: "History-Info", value: historyInfo(domain: domain)))
        fields.append(SIPHeaders.Field(name: "Diversion", value: diversion(domain: domain)))
        return fields
    }

    /// The History-Info entries, comma-separated (RFC 7044 §5.1 `History-Info = "History-Info" HCOLON hi-entry
    /// *(COMMA hi-entry)`).
    func historyInfo(domain: String) -> String {
        let cause = redirectionReason.historyInfoCause
        var numbers = [unreachableNumber]
        if let redirectingNumber, redirectingNumber != unreachableNumber { numbers.append(redirectingNumber) }
        var entries: [String] = []
        var index = "1"
        var parentIndex: String?
        for number in numbers {
            var uri = Self.uri(number, domain: domain)
            // RFC 7044 §10: the Reason the request left this target, as an escaped URI header.
            uri.headers = [SIPURI.Header(name: "Reason", value: "SIP;cause=\(cause)")]
            entries.append(entry(uri, index: index, mappedFrom: parentIndex))
            parentIndex = index
            index += ".1"
        }
        var target = Self.uri(calledNumber, domain: domain)
        // RFC 4458 §3.1: the cause travels as a URI parameter of the new target.
        target.parameters.set("cause", String(cause))
        entries.append(entry(target, index: index, mappedFrom: parentIndex))
        return entries.joined(separator: ", ")
    }

    private func entry(_ uri: SIPURI, index: String, mappedFrom parent: String?) -> String {
        var parameters = SIPParameters()
        parameters.set("index", index)
        if let parent { parameters.set("mp", parent) }
        return SIPAddress(uri: uri, parameters: parameters).description
    }

    /// RFC 5806 §4: `Diversion: name-addr ;reason= ;counter=`, the latest diversion first.
    func diversion(domain: String) -> String {
        var entries: [String] = []
        var parameters = SIPParameters()
        parameters.set("reason", redirectionReason.diversionReason)
        parameters.set("counter", String(max(1, redirectionCounter)))
        let latest = redirectingNumber ?? unreachableNumber
        entries.append(SIPAddress(uri: Self.uri(latest, domain: domain), parameters: parameters).description)
        if let originalCalledNumber, originalCalledNumber != latest {
            var first = SIPParameters()
            first.set("reason", "unknown")
            first.set("counter", "1")
            entries.append(
                SIPAddress(uri: Self.uri(originalCalledNumber, domain: domain), parameters: first).description)
        }
        return entries.joined(separator: ", ")
    }

    /// The forking leg's input for this identity and offer.
    public func call(domain: String, offer: [UInt8]) -> SIPForkingCall {
        SIPForkingCall(
            from: from(domain: domain), to: to(domain: domain), headers: headers(domain: domain), offer: offer)
    }
}
