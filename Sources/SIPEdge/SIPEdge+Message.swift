import NIOCore
public import SIPRegistrar
import SIPTransactions
import SIPTransport
import SIPRegistrarService
public import SIPWire

/// What became of one MESSAGE (RFC 3428) sent to one registered device.
public struct SIPMessageDelivery: Hashable, Sendable {
    public enum Outcome: Hashable, Sendable {
        /// A 2xx: the device took the message (RFC 3428 §7: 200 or 202).
        case delivered(SIPStatus)
        /// A final non-2xx response.
        case rejected(SIPStatus)
        /// No final response in time (RFC 3261 Timer F, §17.1.2.2).
        case timedOut
        /// The flow to the device failed (RFC 3261 §8.1.3.1), or the request could not be built.
        case transportFailed(String)
    }

    public var binding: SIPBindingID
    /// The device's SIP username and the routing server's device id.
    public var aor: String
    public var deviceID: String
    public var outcome: Outcome

    public init(binding: SIPBindingID, aor: String, deviceID: String, outcome: Outcome) {
        self.binding = binding
        self.aor = aor
        self.deviceID = deviceID
        self.outcome = outcome
    }
}

extension SIPEdge {
    /// Sends an RFC 3428 MESSAGE to every registered device of `account`, each down the flow it registered on, and
    /// reports each device's outcome (the missed-call and voicemail alerts of issue 7). No binding → `[]`.
    public func sendMessage(
        account: String, from: SIPAddress, contentType: String, body: [UInt8]
    ) async -> [SIPMessageDelivery] {
        let bindings = await registrar.availableBindings(account: account)
        var outcomes: [SIPMessageDelivery] = []
        let futures = bindings.map { binding in
            eventLoop.flatSubmit { self.send(message: from, contentType: contentType, body: body, to: binding) }
        }
        for (binding, future) in zip(bindings, futures) {
            let outcome = (try? await future.get()) ?? .transportFailed("shut down")
            outcomes.append(
                SIPMessageDelivery(binding: binding.id, aor: binding.aor, deviceID: binding.deviceID, outcome: outcome))
        }
        return outcomes
    }

    /// RFC 3428 §4: a MESSAGE outside any dialog — Request-URI the registered Contact, To the device's AOR, our From
    /// with a tag, a Call-ID of its own, no Contact (it creates no dialog).
    func send(
        message from: SIPAddress, contentType: String, body: [UInt8], to binding: SIPBinding
    ) -> EventLoopFuture<SIPMessageDelivery.Outcome> {
        guard !stopped else { return eventLoop.makeSucceededFuture(.transportFailed("shut down")) }
        let hop = Self.nextHop(binding)
        let kind = SIPTransportKind(rawValue: hop.transport) ?? .udp
        let local = transport.address(of: kind)
        var viaParameters = SIPParameters()
        viaParameters.set("branch", identifiers.branch())
        viaParameters.set("rport", nil)
        let via = SIPVia(
            transport: kind.viaToken, host: configuration.transport.host, port: local?.port,
            parameters: viaParameters)
        var sender = from
        sender.parameters.set("tag", identifiers.tag())
        let callID = identifiers.callID(host: configuration.transport.host)
        var headers = SIPHeaders()
        headers.add("Via", via.description)
        headers.add("Max-Forwards", "70")
        headers.add("From", sender.description)
        headers.add("To", SIPAddress(uri: SIPURI(user: binding.aor, host: configuration.domain)).description)
        headers.add("Call-ID", callID)
        headers.add("CSeq", SIPCSeq(sequence: 1, method: .message).description)
        headers.add("Content-Type", contentType)
        let request = SIPRequest(method: .message, uri: binding.contact.uri, headers: headers, body: body)
        do {
            let (id, actions) = try transactions.send(request, to: hop)
            guard let id else { return eventLoop.makeSucceededFuture(.transportFailed("no transaction")) }
            let promise = eventLoop.makePromise(of: SIPMessageDelivery.Outcome.self)
            deliveries[id] = promise
            messageCallIDs.insert(callID)
            promise.futureResult.whenComplete { _ in self.messageCallIDs.remove(callID) }
            perform(actions)
            return promise.futureResult
        } catch {
            return eventLoop.makeSucceededFuture(.transportFailed("\(error)"))
        }
    }
}
