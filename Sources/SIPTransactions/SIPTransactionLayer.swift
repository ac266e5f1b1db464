public import SIPWire

/// Every transaction of one SIP element, with the matching rules of RFC 3261 §17.1.3 and §17.2.3 and the
/// transport-layer Via rules of §18.
///
/// ```
///   receive(message, from:) ──▶ response: §17.1.3 key ──▶ client transaction ──▶ deliverResponse / ACK sent
///                             │                        └─ no match ──▶ deliverStrayResponse (§18.1.2)
///                             └▶ request: stamp Via (§18.2.1) ─ §17.2.3 key ─▶ server transaction (retransmission,
///                                ACK) │ no match: ACK ─▶ deliverStrayACK; other ─▶ new server transaction,
///                                deliverRequest
///   send(request, to:) ──▶ new client transaction (ACK: sent as is, no transaction)
///   send(response, in:) ─▶ its server transaction ─▶ bytes to the §18.2.2 / RFC 3581 destination
///   timerFired(_:), transportError(_:) ──▶ the transaction concerned
/// ```
///
/// Pure: branch ids come from the injected ``SIPIdentifierGenerator``, time only through timer actions.
public struct SIPTransactionLayer: Sendable {
    private enum Machine: Sendable {
        case clientInvite(SIPClientInviteTransaction)
        case clientNonInvite(SIPClientNonInviteTransaction)
        case serverInvite(SIPServerInviteTransaction)
        case serverNonInvite(SIPServerNonInviteTransaction)
    }

    private struct Entry: Sendable {
        var machine: Machine
        var key: SIPTransactionKey
        /// Where this transaction's messages go (the next hop, or the §18.2.2 response destination).
        var peer: SIPTransportAddress
        /// Where its request came from (server) or went to (client).
        var source: SIPTransportAddress
        /// RFC 2543 matching (§17.2.3): the To tag of the request, and of the last response sent.
        var requestToTag: String?
        var responseToTag: String?
    }

    public var configuration: SIPTimerConfiguration
    public private(set) var identifiers: SIPIdentifierGenerator
    private var entries: [SIPTransactionID: Entry] = [:]
    private var index: [SIPTransactionKey: SIPTransactionID] = [:]
    private var lastID: UInt64 = 0

    public init(configuration: SIPTimerConfiguration = SIPTimerConfiguration(), identifiers: SIPIdentifierGenerator) {
        self.configuration = configuration
        self.identifiers = identifiers
    }

    /// How many transactions are alive.
    public var count: Int { entries.count }

    /// The live transactions, oldest first.
    public var transactions: [SIPTransactionID] { entries.keys.sorted() }

    /// The state of a live transaction, nil once it terminated.
    public func state(of id: SIPTransactionID) -> SIPTransactionState? {
        guard let entry = entries[id] else { return nil }
        switch entry.machine {
        case .clientInvite(let machine): return machine.state
        case .clientNonInvite(let machine): return machine.state
        case .serverInvite(let machine): return machine.state
        case .serverNonInvite(let machine): return machine.state
        }
    }

    /// The live transaction with this key.
    public func transaction(for key: SIPTransactionKey) -> SIPTransactionID? { index[key] }

    /// The INVITE server transaction a received CANCEL cancels (RFC 3261 §9.2: "the transaction to be cancelled
    /// ... matched ... using the same matching procedures as §17.2.3", with the method taken as INVITE).
    public func inviteTransaction(cancelledBy cancel: SIPRequest) -> SIPTransactionID? {
        guard cancel.method == .cancel, let key = SIPTransactionKey.server(matching: cancel, as: .invite),
            let id = index[key], let entry = entries[id]
        else { return nil }
        if case .legacy = key, (try? cancel.headers.to())?.tag != entry.requestToTag { return nil }
        return id
    }

    // MARK: - Inputs

    /// A message read from the transport.
    public mutating func receive(
        _ message: SIPMessage, from source: SIPTransportAddress
    ) -> [SIPTransactionLayerAction] {
        switch message {
        case .response(let response): receiveResponse(response, from: source)
        case .request(let request): receiveRequest(request, from: source)
        }
    }

    /// A request from the TU, sent to `destination` (the next hop the TU chose, RFC 3261 §8.1.2). A top Via without
    /// a branch gets a new one. An ACK is sent as is outside any transaction (the ACK for a 2xx, §13.2.2.4) and
    /// yields no id. A CANCEL also bounds the INVITE client transaction it cancels (§9.1).
    public mutating func send(
        _ request: SIPRequest, to destination: SIPTransportAddress
    ) throws(SIPTransactionError) -> (transaction: SIPTransactionID?, actions: [SIPTransactionLayerAction]) {
        var request = request
        guard var via = try? request.headers.topVia() else { throw .malformedRequest("no readable top Via") }
        guard (try? request.headers.cseq())?.method == request.method else {
            throw .malformedRequest("CSeq missing or naming another method")
        }
        if request.method == .ack {
            let outbound = SIPOutboundMessage(message: .request(request), destination: destination, transaction: nil)
            return (nil, [.send(outbound)])
        }
        if via.branch == nil {
            via.parameters.set("branch", identifiers.branch())
            let name = request.headers.fields.first { $0.canonicalName == "via" }?.name ?? "Via"
            request.headers.removeFirstValue("via")
            request.headers.prepend(name, via.description)
        }
        let key = SIPTransactionKey.client(branch: via.branch ?? "", method: request.method)
        guard index[key] == nil else { throw .duplicateTransaction(key) }
        let id = nextID()
        let machine: Machine
        let actions: [SIPTransactionAction]
        if request.method == .invite {
            let (started, first) = SIPClientInviteTransaction.start(
                request: request, reliable: destination.isReliable, configuration: configuration)
            (machine, actions) = (.clientInvite(started), first)
        } else {
            let (started, first) = SIPClientNonInviteTransaction.start(
                request: request, reliable: destination.isReliable, configuration: configuration)
            (machine, actions) = (.clientNonInvite(started), first)
        }
        entries[id] = Entry(machine: machine, key: key, peer: destination, source: destination)
        index[key] = id
        var out = translate(actions, of: id)
        if request.method == .cancel, let inviteID = index[.client(branch: via.branch ?? "", method: .invite)] {
            out += run(inviteID) { machine in
                guard case .clientInvite(var invite) = machine else { return [] }
                defer { machine = .clientInvite(invite) }
                return invite.cancelSent()
            }
        }
        return (id, out)
    }

    /// A response from the TU for the request of server transaction `id`.
    public mutating func send(
        _ response: SIPResponse, in id: SIPTransactionID
    ) throws(SIPTransactionError) -> [SIPTransactionLayerAction] {
        guard let entry = entries[id] else { throw .unknownTransaction(id) }
        switch entry.machine {
        case .clientInvite, .clientNonInvite: throw .notAServerTransaction(id)
        case .serverInvite, .serverNonInvite: break
        }
        let actions = run(id) { machine in
            switch machine {
            case .serverInvite(var server):
                defer { machine = .serverInvite(server) }
                return server.send(response)
            case .serverNonInvite(var server):
                defer { machine = .serverNonInvite(server) }
                return server.send(response)
            case .clientInvite, .clientNonInvite:
                return []
            }
        }
        // Only a response the transaction took counts for RFC 2543 ACK matching (the To tag it sent).
        if !actions.isEmpty { entries[id]?.responseToTag = (try? response.headers.to())?.tag }
        return actions
    }

    /// A timer the layer armed has expired; a firing for a cancelled timer or a finished transaction is ignored.
    public mutating func timerFired(_ timer: SIPTransactionTimer) -> [SIPTransactionLayerAction] {
        run(timer.transaction) { machine in
            switch machine {
            case .clientInvite(var client):
                defer { machine = .clientInvite(client) }
                return client.timerFired(timer.timer)
            case .clientNonInvite(var client):
                defer { machine = .clientNonInvite(client) }
                return client.timerFired(timer.timer)
            case .serverInvite(var server):
                defer { machine = .serverInvite(server) }
                return server.timerFired(timer.timer)
            case .serverNonInvite(var server):
                defer { machine = .serverNonInvite(server) }
                return server.timerFired(timer.timer)
            }
        }
    }

    /// The shell could not send a message of transaction `id` (RFC 3261 §17.1.4, §17.2.4, §18.4).
    public mutating func transportError(_ id: SIPTransactionID) -> [SIPTransactionLayerAction] {
        run(id) { machine in
            switch machine {
            case .clientInvite(var client):
                defer { machine = .clientInvite(client) }
                return client.transportError()
            case .clientNonInvite(var client):
                defer { machine = .clientNonInvite(client) }
                return client.transportError()
            case .serverInvite(var server):
                defer { machine = .serverInvite(server) }
                return server.transportError()
            case .serverNonInvite(var server):
                defer { machine = .serverNonInvite(server) }
                return server.transportError()
            }
        }
    }

    // MARK: - Receiving

    private mutating func receiveResponse(
        _ response: SIPResponse, from source: SIPTransportAddress
    ) -> [SIPTransactionLayerAction] {
        guard let key = SIPTransactionKey.client(matching: response) else {
            return [.discarded(.response(response), reason: "no top Via branch or CSeq")]
        }
        guard let id = index[key] else {
            // §18.1.2: "If there is a match, the response MUST be passed to that transaction. Otherwise, the response
            // MUST be passed to the core".
            return [.deliverStrayResponse(response, from: source)]
        }
        return run(id) { machine in
            switch machine {
            case .clientInvite(var client):
                defer { machine = .clientInvite(client) }
                return client.receive(response)
            case .clientNonInvite(var client):
                defer { machine = .clientNonInvite(client) }
                return client.receive(response)
            case .serverInvite, .serverNonInvite:
                return []
            }
        }
    }

    private mutating func receiveRequest(
        _ request: SIPRequest, from source: SIPTransportAddress
    ) -> [SIPTransactionLayerAction] {
        let stamped = SIPViaProcessing.stamp(request, from: source)
        guard let key = SIPTransactionKey.server(matching: stamped), let via = try? stamped.headers.topVia() else {
            return [.discarded(.request(request), reason: "no readable top Via, Call-ID, CSeq or From")]
        }
        let toTag = (try? stamped.headers.to())?.tag
        if let id = index[key], let entry = entries[id], legacyToTagMatches(key, entry, request: stamped, toTag) {
            return run(id) { machine in
                switch machine {
                case .serverInvite(var server):
                    defer { machine = .serverInvite(server) }
                    return server.receive(stamped)
                case .serverNonInvite(var server):
                    defer { machine = .serverNonInvite(server) }
                    return server.receive(stamped)
                case .clientInvite, .clientNonInvite:
                    return []
                }
            }
        }
        if stamped.method == .ack { return [.deliverStrayACK(stamped, from: source)] }
        let id = nextID()
        let peer = SIPViaProcessing.responseDestination(via: via, source: source)
        let machine: Machine
        let actions: [SIPTransactionAction]
        if stamped.method == .invite {
            let (started, first) = SIPServerInviteTransaction.start(
                request: stamped, reliable: source.isReliable, configuration: configuration)
            (machine, actions) = (.serverInvite(started), first)
        } else {
            let (started, first) = SIPServerNonInviteTransaction.start(
                request: stamped, reliable: source.isReliable, configuration: configuration)
            (machine, actions) = (.serverNonInvite(started), first)
        }
        entries[id] = Entry(machine: machine, key: key, peer: peer, source: source, requestToTag: toTag)
        // A legacy request whose key is taken by a transaction with another To tag stays reachable by id only.
        if index[key] == nil { index[key] = id }
        return translate(actions, of: id)
    }

    /// §17.2.3 for RFC 2543 requests: the To tag must equal the request's, or for an ACK "the To tag of the
    /// response sent by the server transaction".
    private func legacyToTagMatches(
        _ key: SIPTransactionKey, _ entry: Entry, request: SIPRequest, _ toTag: String?
    ) -> Bool {
        guard case .legacy = key else { return true }
        if request.method == .ack { return toTag == (entry.responseToTag ?? entry.requestToTag) }
        return toTag == entry.requestToTag
    }

    // MARK: - Running machines

    private mutating func nextID() -> SIPTransactionID {
        lastID += 1
        return SIPTransactionID(rawValue: lastID)
    }

    /// Runs `body` on the machine of `id` (if alive), stores it back and translates its actions.
    private mutating func run(
        _ id: SIPTransactionID, _ body: (inout Machine) -> [SIPTransactionAction]
    ) -> [SIPTransactionLayerAction] {
        guard var entry = entries[id] else { return [] }
        let actions = body(&entry.machine)
        entries[id] = entry
        return translate(actions, of: id)
    }

    private mutating func translate(
        _ actions: [SIPTransactionAction], of id: SIPTransactionID
    ) -> [SIPTransactionLayerAction] {
        guard let entry = entries[id] else { return [] }
        return actions.map { action in
            switch action {
            case .send(let message):
                return .send(SIPOutboundMessage(message: message, destination: entry.peer, transaction: id))
            case .deliver(.request(let request)):
                return .deliverRequest(request, transaction: id, from: entry.source)
            case .deliver(.response(let response)):
                return .deliverResponse(response, transaction: id)
            case .startTimer(let timer, let after):
                return .startTimer(SIPTransactionTimer(transaction: id, timer: timer), after: after)
            case .cancelTimer(let timer):
                return .cancelTimer(SIPTransactionTimer(transaction: id, timer: timer))
            case .timeout(let kind):
                return .timeout(id, kind)
            case .transportError:
                return .transportError(id)
            case .terminated:
                entries[id] = nil
                if index[entry.key] == id { index[entry.key] = nil }
                return .terminated(id)
            }
        }
    }
}
