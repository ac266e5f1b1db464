public import SIPWire

/// The server transport's handling of the top Via: `received` and `rport` on arrival (RFC 3261 §18.2.1, RFC 3581
/// §4), and where responses go (RFC 3261 §18.2.2, RFC 3581 §4).
public enum SIPViaProcessing {
    /// The request with its top Via stamped for the packet's source.
    ///
    /// RFC 3261 §18.2.1: "If the host portion of the "sent-by" parameter contains a domain name, or if it contains
    /// an IP address that differs from the packet source address, the server MUST add a "received" parameter to that
    /// Via header field value." RFC 3581 §4: when the Via has `rport` without a value, the server "MUST set the value
    /// of the "rport" parameter to the source port of the request" and "MUST insert a "received" parameter containing
    /// the source IP address ... even if it is identical to the value of the "sent-by" component."
    public static func stamp(_ request: SIPRequest, from source: SIPTransportAddress) -> SIPRequest {
        guard var via = try? request.headers.topVia() else { return request }
        let original = via
        let sentByHost = via.host.hasPrefix("[") ? String(via.host.dropFirst().dropLast()) : via.host
        let wantsRport = via.rport == .some(nil)
        if wantsRport {
            via.parameters.set("rport", String(source.port))
        }
        if wantsRport || sentByHost.lowercased() != source.host.lowercased() {
            via.parameters.set("received", source.host)
        }
        guard via != original else { return request }
        var request = request
        let name = request.headers.fields.first { $0.canonicalName == "via" }?.name ?? "Via"
        request.headers.removeFirstValue("via")
        request.headers.prepend(name, via.description)
        return request
    }

    /// Where a response to a request that arrived from `source` with this (stamped) top Via is sent.
    ///
    /// RFC 3261 §18.2.2: over a reliable transport "the response MUST be sent using the existing connection to the
    /// source of the original request"; "Otherwise, if the Via header field value contains a "maddr" parameter, the
    /// response MUST be forwarded to the address listed there, using the port indicated in "sent-by", or port 5060
    /// if none is present"; "Otherwise (for unreliable unicast transports), if the top Via has a "received"
    /// parameter, the response MUST be sent to the address in the "received" parameter, using the port indicated in
    /// the "sent-by" value, or using port 5060 if none is specified explicitly"; otherwise to sent-by. RFC 3581 §4:
    /// with an `rport` value "the response MUST be sent to the IP address listed in the "received" parameter, and
    /// the port in the "rport" parameter".
    public static func responseDestination(via: SIPVia, source: SIPTransportAddress) -> SIPTransportAddress {
        if source.isReliable { return source }
        let defaultPort = SIPTransportAddress.defaultPort(forTransport: via.transport)
        if let maddr = via.parameters.value("maddr") {
            return SIPTransportAddress(transport: source.transport, host: maddr, port: via.port ?? defaultPort)
        }
        if case .some(.some(let rport)) = via.rport {
            return SIPTransportAddress(transport: source.transport, host: via.received ?? source.host, port: rport)
        }
        if let received = via.received {
            return SIPTransportAddress(transport: source.transport, host: received, port: via.port ?? defaultPort)
        }
        let host = via.host.hasPrefix("[") ? String(via.host.dropFirst().dropLast()) : via.host
        return SIPTransportAddress(transport: source.transport, host: host, port: via.port ?? defaultPort)
    }
}
