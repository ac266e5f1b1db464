import NIOCore
import SIPTransactions
import SIPWire

/// RFC 3261 §10.3 steps 5–8 and RFC 5626 §6 for one authenticated REGISTER: the new bindings are worked out on a
/// copy and applied only when every Contact passed (§10.3: "Binding updates MUST be committed ... only if all
/// binding updates and additions succeed").
enum SIPRegistrarUpdate {
    private struct Change {
        var binding: SIPBinding
        var existed: Bool
        var remove: Bool
        var newFlow: Bool
    }

    static func apply(
        _ request: SIPRequest, flow: SIPRegistrarFlow, credentials: SIPDigestCredentials, now: NIODeadline,
        registrar: inout SIPRegistrar
    ) -> [SIPRegistrarAction] {
        let configuration = registrar.configuration
        let headers = request.headers
        guard let callID = try? headers.callID(), let cseq = try? headers.cseq(), let contacts = try? headers.contacts()
        else { return [.respond(registrar.answer(request, .badRequest))] }
        let headerExpires = try? headers.expires()
        let supported = ((try? headers.optionTags("supported")) ?? []).map { $0.lowercased() }
        let current = registrar.bindings(aor: credentials.username)
        var changes: [Change] = []

        switch contacts {
        case .wildcard:
            // RFC 3261 §10.3 step 6: "If the request ... contains a Contact header field value consisting of an
            // asterisk and the Expires header field is not present with a value of zero, the request is invalid";
            // "the registrar MUST NOT remove ... if the Call-ID ... same ... and CSeq ... less or equal".
            guard headerExpires == 0 else {
                let reason = "Bad Request (Contact: * needs Expires: 0)"
                return [.respond(registrar.answer(request, .badRequest, reason: reason))]
            }
            for binding in current {
                if binding.callID == callID, cseq.sequence <= binding.cseq {
                    return [.respond(outOfOrder(request, registrar))]
                }
                changes.append(Change(binding: binding, existed: true, remove: true, newFlow: false))
            }
        case .addresses(let addresses):
            // RFC 5626 §6: "If the registrar receives a REGISTER ... with more than one Contact header field value
            // with a reg-id parameter ... the registrar MUST reject the request with a 400".
            let withRegID = addresses.filter { $0.parameters.contains("reg-id") }
            if withRegID.count > 1, supported.contains("outbound") {
                return [.respond(registrar.answer(request, .badRequest, reason: "Bad Request (several reg-id)"))]
            }
            let via = try? headers.topVia()
            let viaCount = (try? headers.vias().count) ?? 1
            var working = current
            for address in addresses {
                let requested = address.parameters.value("expires").flatMap { UInt32($0) } ?? headerExpires
                    ?? configuration.defaultExpires
                // RFC 3261 §10.3 step 7: "If ... the duration ... is less than the minimum ... the registrar MUST
                // reject the request with a 423 (Interval Too Brief) ... and include a Min-Expires header field".
                if requested != 0, requested < configuration.minimumExpires {
                    var response = registrar.answer(request, .intervalTooBrief)
                    response.headers.add("Min-Expires", String(configuration.minimumExpires))
                    return [.respond(response)]
                }
                let granted = min(requested, configuration.maximumExpires)
                let instance = address.parameters.value("+sip.instance")
                let regIDText = address.parameters.value("reg-id")
                // RFC 5626 §6: outbound applies to a Contact with +sip.instance and reg-id when the UA listed
                // "outbound" in Supported; otherwise reg-id is ignored.
                let outbound = instance != nil && regIDText != nil && supported.contains("outbound")
                if outbound, viaCount > 1, !headers.contains("path") {
                    // RFC 5626 §6: "the registrar MUST reject the request with a 439 (First Hop Lacks Outbound
                    // Support) response" when the first hop did not do outbound (no Path with "ob").
                    let reason = "First Hop Lacks Outbound Support"
                    return [.respond(registrar.answer(request, SIPStatus(439), reason: reason))]
                }
                let regID = outbound ? regIDText.flatMap { Int($0) } : nil
                let match = working.firstIndex { existing in
                    if let instance {
                        // RFC 5626 §6 / RFC 5627: the binding is identified by AOR, instance-id and reg-id.
                        return existing.instanceID == instance && existing.regID == regID
                    }
                    return existing.instanceID == nil && existing.contact.uri.sameContact(as: address.uri)
                }
                var contact = address
                contact.parameters.remove("expires")
                let reachable =
                    via.map { SIPViaProcessing.responseDestination(via: $0, source: flow.source) } ?? flow.source
                if let index = match {
                    let existing = working[index]
                    // RFC 3261 §10.3 step 7: "If they are the same, the registrar compares the CSeq value. If the
                    // value is higher than that of the existing binding, it MUST update or remove the binding as
                    // above. If not, the update MUST be aborted and the request fails."
                    if existing.callID == callID, cseq.sequence <= existing.cseq {
                        return [.respond(outOfOrder(request, registrar))]
                    }
                    var updated = existing
                    updated.contact = contact
                    updated.callID = callID
                    updated.cseq = cseq.sequence
                    updated.expires = granted
                    updated.expiresAt = now + .seconds(Int64(granted))
                    updated.flow = flow
                    updated.reachableAddress = reachable
                    updated.outbound = outbound
                    let newFlow = existing.flow != flow || existing.contact != contact
                    changes.append(Change(binding: updated, existed: true, remove: granted == 0, newFlow: newFlow))
                    working.remove(at: index)
                } else if granted > 0 {
                    let binding = SIPBinding(
                        id: SIPBindingID(rawValue: 0), aor: credentials.username, accountID: credentials.accountID,
                        deviceID: credentials.deviceID, contact: contact, instanceID: instance, regID: regID,
                        callID: callID, cseq: cseq.sequence, expires: granted,
                        expiresAt: now + .seconds(Int64(granted)), flow: flow, reachableAddress: reachable,
                        outbound: outbound)
                    changes.append(Change(binding: binding, existed: false, remove: false, newFlow: true))
                }
            }
            let kept = current.count - changes.filter { $0.existed && $0.remove }.count
            let added = changes.filter { !$0.existed }.count
            if kept + added > configuration.maximumBindingsPerAOR {
                return [.respond(registrar.answer(request, .forbidden, reason: "Forbidden (too many bindings)"))]
            }
        }

        var actions: [SIPRegistrarAction] = []
        var anyOutbound = false
        for change in changes {
            if change.remove {
                actions += registrar.remove(change.binding)
                actions.append(.deviceState(.deregistered(change.binding, reason: .unregistered)))
                continue
            }
            var binding = change.binding
            if !change.existed { binding.id = registrar.nextBindingID() }
            anyOutbound = anyOutbound || binding.outbound
            actions += registrar.store(binding, watch: change.newFlow, speaksCRLF: binding.outbound, now: now)
            actions.append(.deviceState(change.existed && !change.newFlow ? .refreshed(binding) : .registered(binding)))
        }
        // Any REGISTER on a watched flow is a sign of life too.
        actions += registrar.activity(on: flow, now: now)

        // RFC 3261 §10.3 step 8: "The registrar returns a 200 (OK) response. The response MUST contain Contact
        // header field values enumerating all current bindings."
        var response = SIPResponse(answering: request, status: .ok, toTag: registrar.toTag(request))
        for binding in registrar.bindings(aor: credentials.username) {
            response.headers.add("Contact", binding.contactValue(now: now))
        }
        if anyOutbound {
            // RFC 5626 §6: the registrar "MUST include the 'outbound' option-tag in a Require header field value in
            // its response"; §4.4.1 and §10: Flow-Timer tells the UA how often to send keepalives.
            response.headers.add("Require", "outbound")
            response.headers.add("Flow-Timer", String(configuration.flowTimer))
        }
        response.headers.add("Supported", "outbound")
        response.headers.add("Content-Length", "0")
        return [.respond(response)] + actions
    }

    private static func outOfOrder(_ request: SIPRequest, _ registrar: SIPRegistrar) -> SIPResponse {
        registrar.answer(request, .serverInternalError, reason: "Server Internal Error (CSeq out of order)")
    }
}
