import NIOCore
import SIPTransactions
import SIPWire
import TelecomTypes

/// Session timers (RFC 4028) and the answers to our in-dialog re-INVITEs and UPDATEs.
extension SIPForkingLeg {
    /// The delta-seconds of a `Session-Expires` value (`1800;refresher=uac`).
    static func interval(_ value: String) -> UInt32? {
        value.split(separator: ";").first.flatMap { UInt32(Substring($0).trimmingCharacters) }
    }

    /// The `refresher` parameter of a `Session-Expires` value.
    static func refresher(_ value: String) -> String? {
        for part in value.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map { Substring($0).trimmingCharacters }
            if pair.count == 2, pair[0].lowercased() == "refresher" { return pair[1].lowercased() }
        }
        return nil
    }

    /// Arms the session timer from the 2xx of the INVITE (RFC 4028 §7.2): "If the 2xx response did not contain a
    /// Session-Expires header field, there is no session expiration"; `refresher=uac` makes us (the UAC of the
    /// INVITE) refresh at half the interval (§10: "the refresh SHOULD be sent ... half the session interval"),
    /// `uas` makes us watch for the device's refresh and end the session "the minimum of 32 seconds and one third
    /// of the session interval" before it runs out.
    mutating func startSessionTimer(
        _ session: inout SIPForkSession, from headers: SIPHeaders, weAreUAC: Bool
    ) -> [SIPForkingAction] {
        if weAreUAC, let allow = try? headers.optionTags("allow") {
            session.deviceAllowsUpdate = allow.contains { $0.uppercased() == "UPDATE" }
        }
        return restartSessionTimer(&session, from: headers, weAreUAC: weAreUAC)
    }

    /// Re-arms the timer after a refresh: `weAreUAC` tells whose request the headers answer.
    mutating func restartSessionTimer(
        _ session: inout SIPForkSession, from headers: SIPHeaders, weAreUAC: Bool
    ) -> [SIPForkingAction] {
        var actions: [SIPForkingAction] = session.timer.map { [.cancelTimer($0)] } ?? []
        session.timer = nil
        guard configuration.sessionTimers, let value = headers["session-expires"], let interval = Self.interval(value),
            interval > 0
        else {
            session.refresher = .none
            return actions
        }
        let refresherIsUAC = (Self.refresher(value) ?? "uac") == "uac"
        if refresherIsUAC == weAreUAC {
            session.refresher = .us(interval: interval)
            let timer = nextTimer(.sessionRefresh)
            session.timer = timer
            actions.append(.startTimer(timer, after: .seconds(Int64(interval / 2))))
        } else {
            session.refresher = .device(interval: interval)
            let timer = nextTimer(.sessionExpiry)
            session.timer = timer
            actions.append(.startTimer(timer, after: .seconds(Int64(interval - min(32, interval / 3)))))
        }
        return actions
    }

    mutating func sessionTimerFired(_ timer: SIPForkingTimer) -> [SIPForkingAction] {
        guard case .answered(var session) = phase, session.timer == timer else { return [] }
        session.timer = nil
        switch (timer.kind, session.refresher) {
        case (.sessionRefresh, .us(let interval)):
            phase = .answered(session)
            return refresh(interval: interval)
        case (.sessionExpiry, _):
            // RFC 4028 §10: "If ... no session refresh request ... the UA SHOULD send a BYE".
            phase = .answered(session)
            return release(cause: .recoveryOnTimerExpiry).filter { !$0.isCancel(of: timer) }
                + [.released(cause: .recoveryOnTimerExpiry)]
        default:
            phase = .answered(session)
            return []
        }
    }

    /// A session refresh (RFC 4028 §9): UPDATE without body when the device allows it, else a re-INVITE with our
    /// unchanged SDP.
    private mutating func refresh(interval: UInt32) -> [SIPForkingAction] {
        guard case .answered(var session) = phase, session.pendingReinvite == nil, session.pendingOffer == nil,
            let fork = forks[session.fork]
        else { return [] }
        if session.deviceAllowsUpdate {
            guard var update = makeInDialog(.update, fork: session.fork, dialog: session.dialog) else { return [] }
            update.headers.add("Contact", contactHeader)
            update.headers.add("Supported", "timer")
            update.headers.add("Session-Expires", "\(interval);refresher=uac")
            return [.sendRequest(update, fork: session.fork, to: fork.contact.nextHop)]
        }
        guard let action = reinvite(&session, body: session.localSDP, isRefresh: true) else { return [] }
        phase = .answered(session)
        return [action]
    }

    /// A re-INVITE in the answered dialog (RFC 3261 §14.1).
    mutating func reinvite(_ session: inout SIPForkSession, body: [UInt8], isRefresh: Bool) -> SIPForkingAction? {
        guard var invite = makeInDialog(.invite, fork: session.fork, dialog: session.dialog),
            let fork = forks[session.fork], let cseq = try? invite.headers.cseq()
        else { return nil }
        invite.headers.add("Contact", contactHeader)
        if case .us(let interval) = session.refresher {
            invite.headers.add("Supported", "timer")
            invite.headers.add("Session-Expires", "\(interval);refresher=uac")
        }
        invite.headers.add("Content-Type", "application/sdp")
        invite.body = body
        session.pendingReinvite = (cseq.sequence, isRefresh)
        return .sendRequest(invite, fork: session.fork, to: fork.contact.nextHop)
    }

    /// A response to our re-INVITE or UPDATE in the answered dialog.
    mutating func receiveSessionResponse(
        _ response: SIPResponse, fork id: SIPForkID, method: SIPMethod
    ) -> [SIPForkingAction] {
        guard case .answered(var session) = phase, session.fork == id, response.status.isFinal,
            let cseq = try? response.headers.cseq()
        else { return [] }
        var actions: [SIPForkingAction] = []
        var isRefresh = true
        if method == .invite {
            guard let pending = session.pendingReinvite, pending.sequence == cseq.sequence else {
                // A retransmitted 2xx of an earlier re-INVITE: ACK it again (RFC 3261 §13.2.2.4).
                if response.status.isSuccess, let fork = forks[id],
                    let ack = makeACK(fork, dialog: session.dialog, response: response)
                {
                    return [.sendACK(ack, fork: id, to: fork.contact.nextHop)]
                }
                return []
            }
            isRefresh = pending.isRefresh
            session.pendingReinvite = nil
        }
        if response.status.isSuccess {
            if var fork = forks[id], var dialog = fork.dialogs[session.dialog] {
                dialog.receiveResponse(response, to: method)
                fork.dialogs[session.dialog] = dialog
                forks[id] = fork
                if method == .invite, let ack = makeACK(fork, dialog: session.dialog, response: response) {
                    actions.append(.sendACK(ack, fork: id, to: fork.contact.nextHop))
                }
            }
            if method == .invite, !isRefresh { actions.append(.sessionModified(id, sdp: response.body)) }
            actions += restartSessionTimer(&session, from: response.headers, weAreUAC: true)
            phase = .answered(session)
            return actions
        }
        phase = .answered(session)
        // RFC 3261 §14.1: "If a UAC receives a 481 or 408 response to a re-INVITE, it MUST terminate the dialog";
        // RFC 4028 §10 likewise ends a session whose refresh failed so.
        if response.status == .callOrTransactionDoesNotExist || response.status == .requestTimeout {
            let cause = SIPCauseMapping.cause(for: response)
            return release(cause: cause) + [.released(cause: cause)]
        }
        if method == .invite, !isRefresh { return [.sessionModificationFailed(id, response.status)] }
        return []
    }
}

extension SIPForkingAction {
    func isCancel(of timer: SIPForkingTimer) -> Bool {
        if case .cancelTimer(let cancelled) = self { return cancelled == timer }
        return false
    }
}
