import NIOCore
public import SIPTransactions
import SIPWire
public import TelecomTypes

/// The forking client-side leg of the B2BUA: one incoming network call, INVITEd to every registered contact at
/// once (issue 5 item 4). Pure: messages, network-side commands and timer expiries in; actions out.
///
/// ```
///            start / addContact (late forking)
///   idle ──────────────► ringing ── first 2xx ──► answered ── BYE (either side), session expiry ──► ended
///                           │  ACK it; CANCEL the others (Reason: SIP;cause=200); later 2xx → ACK + BYE
///                           ├── all branches failed ──► ended  (.failed(.rejected(best §16.7, RFC 3398 cause)))
///                           ├── ring timeout ─────────► ended  (CANCEL all, .failed(.noAnswer))
///                           └── abandon (caller) ─────► ended  (CANCEL all, Reason: Q.850)
/// ```
/// Each branch has its own Call-ID, From tag and dialog; responses and in-dialog requests are matched to their
/// branch by Call-ID. RFC 3261 §9.1: a branch with no provisional response yet is cancelled once one arrives.
public struct SIPForkingLeg: Sendable {
    enum Phase: Hashable, Sendable {
        case idle
        case ringing(expectingMore: Bool)
        case answered(SIPForkSession)
        case ended
    }

    public let configuration: SIPForkingConfiguration
    public let call: SIPForkingCall
    var identifiers: SIPIdentifierGenerator
    var phase: Phase = .idle
    var forks: [SIPForkID: SIPFork] = [:]
    var forkByCallID: [String: SIPForkID] = [:]
    var earlyMediaFork: SIPForkID?
    var ringTimer = SIPForkingTimer(.ringTimeout, generation: 0)
    var timerGeneration: UInt64 = 0
    /// Why the pending branches are being cancelled, for late forks in the same state.
    var cancelReason = SIPCauseMapping.completedElsewhere

    public init(call: SIPForkingCall, configuration: SIPForkingConfiguration, identifiers: SIPIdentifierGenerator) {
        self.call = call
        self.configuration = configuration
        self.identifiers = identifiers
    }

    /// The winning branch, once answered.
    public var winner: SIPForkID? {
        if case .answered(let session) = phase { return session.fork }
        return nil
    }

    /// Whether the leg is over (answered calls end with BYE, others with their outcome).
    public var isEnded: Bool { phase == .ended }

    // MARK: - Network side

    /// Forks the call to `contacts` and starts the ring timer. With `expectingMoreContacts` (devices being woken
    /// by push), the call does not fail when every current branch has failed: it waits for ``addContact(_:)`` or
    /// ``noMoreContacts()`` until the ring timeout.
    public mutating func start(
        contacts: [SIPForkingContact], expectingMoreContacts: Bool = false
    ) -> [SIPForkingAction] {
        guard phase == .idle else { return [] }
        phase = .ringing(expectingMore: expectingMoreContacts)
        ringTimer = nextTimer(.ringTimeout)
        var actions: [SIPForkingAction] = [.startTimer(ringTimer, after: configuration.ringTimeout)]
        for contact in contacts { actions += fork(to: contact) }
        return actions + failIfAllFailed()
    }

    /// Late forking (issue 5 item 3): a device registered while the call rings gets its INVITE; after an answer
    /// or the end of the call it gets none.
    public mutating func addContact(_ contact: SIPForkingContact) -> [SIPForkingAction] {
        guard case .ringing = phase else { return [] }
        return fork(to: contact)
    }

    /// No more devices will be woken: fail now if every branch has failed already.
    public mutating func noMoreContacts() -> [SIPForkingAction] {
        guard case .ringing = phase else { return [] }
        phase = .ringing(expectingMore: false)
        return failIfAllFailed()
    }

    /// The caller hung up before an answer (ISUP REL), or the network side gave up: CANCEL every branch with the
    /// release cause (RFC 3326 `Reason: Q.850`, RFC 3398 §7.2.2). After an answer this is ``release(cause:)``.
    public mutating func abandon(cause: Q850Cause = .normalCallClearing) -> [SIPForkingAction] {
        switch phase {
        case .idle:
            phase = .ended
            return []
        case .ringing:
            phase = .ended
            return [.cancelTimer(ringTimer)] + cancelPending(reason: SIPCauseMapping.reasonHeader(for: cause))
        case .answered:
            return release(cause: cause)
        case .ended:
            return []
        }
    }

    // MARK: - Timers

    /// A timer this leg started has fired; stale firings are ignored.
    public mutating func timerFired(_ timer: SIPForkingTimer) -> [SIPForkingAction] {
        switch timer.kind {
        case .ringTimeout:
            guard timer == ringTimer, case .ringing = phase else { return [] }
            phase = .ended
            return cancelPending(reason: SIPCauseMapping.reasonHeader(for: .noAnswerFromUser))
                + [.failed(.noAnswer)]
        case .sessionRefresh, .sessionExpiry:
            return sessionTimerFired(timer)
        }
    }

    mutating func nextTimer(_ kind: SIPForkingTimer.Kind) -> SIPForkingTimer {
        timerGeneration += 1
        return SIPForkingTimer(kind, generation: timerGeneration)
    }

    // MARK: - Forking

    private mutating func fork(to contact: SIPForkingContact) -> [SIPForkingAction] {
        let id = SIPForkID(forks.count)
        let invite = makeInvite(to: contact)
        var fork = SIPFork(id: id, contact: contact, invite: invite)
        fork.state = .calling
        forks[id] = fork
        forkByCallID[fork.callID] = id
        return [.sendRequest(invite, fork: id, to: contact.nextHop)]
    }

    /// When no branch is pending and none answered: the §16.7 best response, mapped to its cause.
    mutating func failIfAllFailed() -> [SIPForkingAction] {
        guard case .ringing(let expectingMore) = phase, !expectingMore, !forks.isEmpty,
            forks.values.allSatisfy({ $0.state == .terminated })
        else { return [] }
        phase = .ended
        let failures = forks.keys.sorted().compactMap { forks[$0]?.failure }
        let best = SIPFinalResponseSelection.best(failures)
        return [.cancelTimer(ringTimer), .failed(.rejected(best.status, cause: SIPCauseMapping.cause(for: best)))]
    }

    /// CANCEL every branch still waiting (RFC 3261 §9.1), or mark it for CANCEL once a provisional arrives.
    mutating func cancelPending(reason: String) -> [SIPForkingAction] {
        cancelReason = reason
        var actions: [SIPForkingAction] = []
        for id in forks.keys.sorted() {
            guard var fork = forks[id] else { continue }
            switch fork.state {
            case .proceeding:
                fork.state = .cancelling(sent: true)
                actions.append(.sendRequest(makeCancel(fork, reason: reason), fork: id, to: fork.contact.nextHop))
            case .calling:
                // RFC 3261 §9.1: "If no provisional response has been received, the CANCEL request MUST NOT be
                // sent; rather, the client MUST wait for the arrival of a provisional response".
                fork.state = .cancelling(sent: false)
            case .cancelling, .confirmed, .terminated:
                break
            }
            forks[id] = fork
        }
        if let early = earlyMediaFork {
            earlyMediaFork = nil
            actions.append(.earlyMediaStopped(early))
        }
        return actions
    }
}
