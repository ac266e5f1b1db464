import NIOCore
public import SIPTransactions
public import SIPTransport
public import SIPWire

/// The taker of calls a soft switch sends the gateway (issue 7 item 1). Everything is called on the edge's event
/// loop.
public protocol SIPEdgeIngress: AnyObject, Sendable {
    /// A request from a configured trunk, or one in a dialog of a call the ingress holds: INVITE, CANCEL, BYE, …
    /// with the server transaction to answer in (``SIPEdge/respond(_:in:)``), or the ACK for a 2xx (no transaction).
    func edgeRequest(_ request: SIPRequest, transaction: SIPTransactionID?, from source: SIPTransportAddress)
}

extension SIPEdge {
    /// Hands the configured trunks' requests to `ingress` (``SIPEdgeConfiguration/trunks``).
    public func setIngress(_ ingress: any SIPEdgeIngress) async throws {
        try await eventLoop.submit { self.ingress = ingress }.get()
    }

    /// A response in the server transaction `id` (on the event loop).
    public func respond(_ response: SIPResponse, in id: SIPTransactionID) {
        eventLoop.preconditionInEventLoop()
        guard !stopped, let actions = try? transactions.send(response, in: id) else { return }
        perform(actions)
    }

    /// A request in a new client transaction (the ACK for a 2xx goes without one), to `destination`.
    public func sendRequest(_ request: SIPRequest, to destination: SIPTransportAddress) {
        eventLoop.preconditionInEventLoop()
        guard !stopped, let (_, actions) = try? transactions.send(request, to: destination) else { return }
        perform(actions)
    }

    /// The INVITE server transaction a CANCEL names (RFC 3261 §9.2), if it is still alive.
    public func inviteTransaction(cancelledBy cancel: SIPRequest) -> SIPTransactionID? {
        eventLoop.preconditionInEventLoop()
        return transactions.inviteTransaction(cancelledBy: cancel)
    }

    /// Routes the requests and responses of this Call-ID to the ingress while it holds the call.
    public func holdIngressCall(_ callID: String) {
        eventLoop.preconditionInEventLoop()
        ingressCallIDs.insert(callID)
    }

    public func releaseIngressCall(_ callID: String) {
        eventLoop.preconditionInEventLoop()
        ingressCallIDs.remove(callID)
    }

    /// Whether `message` from `flow` belongs to the ingress: any request but REGISTER from a configured trunk, and
    /// anything of a Call-ID the ingress holds.
    func isIngress(_ message: SIPMessage, from flow: SIPFlow) -> Bool {
        guard ingress != nil else { return false }
        if let callID = message.headers["call-id"], ingressCallIDs.contains(callID) { return true }
        guard case .request(let request) = message, request.method != .register else { return false }
        return isTrunk(host: flow.remote.ipAddress ?? "", port: flow.remote.port ?? 0)
    }

    func isIngress(_ request: SIPRequest, _ source: SIPTransportAddress) -> Bool {
        if let callID = request.headers["call-id"], ingressCallIDs.contains(callID) { return true }
        return request.method != .register && isTrunk(host: source.host, port: source.port)
    }

    /// `host` or `host:port` of ``SIPEdgeConfiguration/trunks`` (IPv6 as `[addr]:port`).
    func isTrunk(host: String, port: Int) -> Bool {
        configuration.trunks.contains { trunk in
            if trunk == host { return true }
            guard let colon = trunk.lastIndex(of: ":"), let trunkPort = Int(trunk[trunk.index(after: colon)...]) else {
                return false
            }
            let trunkHost = trunk[..<colon].filter { $0 != "[" && $0 != "]" }
            return trunkPort == port && trunkHost == host
        }
    }
}
