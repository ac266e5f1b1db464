import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Logging
import PushNotifier
import SDPWire
import SIPCallService
public import SIPForking
import SIPRegistrar
import SIPRegistrarService
import SIPWire
import TelecomTypes

/// One call that still takes devices registering late (woken by push).
struct WaitingCall {
    var account: String
    /// Set once the call service has the call (registrations arriving before are queued).
    var call: SIPCallID?
    var events: @Sendable (SIPCallEvent) -> Void
    /// Bindings already forked to: a woken device's refresh or a second registration is not forked again.
    var forked: Set<SIPBindingID>
    var queued: [SIPBinding] = []
    var pushesPending: Int
    var pushesAccepted = 0
    var timer: Scheduled<Void>?
}

extension SIPEdge {
    /// Q.850 cause 20 "subscriber absent" (Q.850 Table 1; Q.1912.5 maps it from 480): no device registered and none
    /// woken in time. The network side releases with this cause.
    public static let subscriberAbsent = SIPForkingFailure.rejected(.temporarilyUnavailable, cause: .subscriberAbsent)

    func fork(
        _ call: SIPForkingCall, account: String, offer: SDPSessionDescription?,
        events: @escaping @Sendable (SIPCallEvent) -> Void
    ) async throws -> SIPCallID {
        let bindings = await registrar.availableBindings(account: account)
        var found: [PushTarget] = []
        if pushGateway != nil, let pushTargets {
            do {
                let registered = Set(bindings.map(\.aor))
                found = try await pushTargets.pushTargets(account: account).filter { !registered.contains($0.aor) }
            } catch {
                logger.warning("push targets of \(account) not found: \(error)")
            }
        }
        let sleeping = found
        let wait = !sleeping.isEmpty
        // The waiting entry exists before the call is placed, so a registration racing the INVITEs is not lost.
        let token: UInt64 = try await eventLoop.submit {
            let token = self.nextToken
            self.nextToken += 1
            guard wait else { return token }
            self.waiting[token] = WaitingCall(
                account: account, call: nil, events: events, forked: Set(bindings.map(\.id)),
                pushesPending: sleeping.count)
            self.waiting[token]?.timer = self.eventLoop.scheduleTask(in: self.configuration.pushWait) {
                self.finishWaiting(token)
            }
            return token
        }.get()
        let id = try await calls.placeCall(
            call, offer: offer, contacts: bindings.map(Self.contact), expectingMoreContacts: wait,
            events: { [weak self] event in
                self?.callEvent(event, token: token)
                events(event)
            }
        ).get()
        try await eventLoop.submit {
            guard wait else {
                if bindings.isEmpty { self.failAbsent(id, events: events) }
                return
            }
            guard var entry = self.waiting[token] else { return }
            entry.call = id
            let queued = entry.queued
            entry.queued = []
            self.waiting[token] = entry
            for binding in queued { self.calls.addContact(Self.contact(binding), to: id) }
        }.get()
        if wait { wake(sleeping, call: call, id: id, token: token) }
        return id
    }

    /// No device to ring: the leg holds no branch, so it is ended quietly and the failure is ours to report.
    func failAbsent(_ id: SIPCallID, events: @Sendable (SIPCallEvent) -> Void) {
        calls.abandon(id, cause: .subscriberAbsent)
        events(.failed(Self.subscriberAbsent))
    }

    /// Sends one wake-up push per sleeping device; each result comes back to the event loop.
    func wake(_ targets: [PushTarget], call: SIPForkingCall, id: SIPCallID, token: UInt64) {
        guard let pushGateway else { return }
        let anonymous = call.from.uri.host == "anonymous.invalid"
        let caller = anonymous ? nil : call.from.uri.user
        let called = call.to.uri.user ?? call.to.uri.description
        let expiresAt = Date().addingTimeInterval(Double(configuration.pushWait.nanoseconds) / 1e9)
        for target in targets {
            let request = PushWakeRequest(
                token: target.token, callID: "\(id)", caller: caller, called: called, expiresAt: expiresAt)
            Task {
                let result = await pushGateway.wake(request)
                self.eventLoop.execute { self.pushFinished(token, device: target.deviceID, result: result) }
            }
        }
    }

    func pushFinished(_ token: UInt64, device: String, result: PushWakeResult) {
        guard var entry = waiting[token] else { return }
        entry.pushesPending -= 1
        if result == .accepted { entry.pushesAccepted += 1 } else {
            logger.info("wake-up push for device \(device) failed: \(result)")
        }
        waiting[token] = entry
        // Every push came back and none was taken: nobody will register for this call.
        if entry.pushesPending == 0, entry.pushesAccepted == 0 { finishWaiting(token) }
    }

    /// `pushWait` is over (or no push was taken): no more late forks; with no branch at all, the subscriber is absent.
    func finishWaiting(_ token: UInt64) {
        guard let entry = waiting.removeValue(forKey: token) else { return }
        entry.timer?.cancel()
        guard let id = entry.call else { return }
        if entry.forked.isEmpty { failAbsent(id, events: entry.events) } else { calls.noMoreContacts(id) }
    }

    /// The call answered or ended: a device registering now gets no INVITE (issue 5 item 3).
    func callEvent(_ event: SIPCallEvent, token: UInt64) {
        switch event {
        case .answered, .failed, .released, .answerRejected:
            eventLoop.execute {
                guard let entry = self.waiting.removeValue(forKey: token) else { return }
                entry.timer?.cancel()
            }
        case .alerting, .earlyMedia, .earlyMediaStopped, .offerReceived, .sessionModified, .sessionModificationFailed:
            break
        }
    }

    func stopWaiting(call id: SIPCallID) {
        guard let token = waiting.first(where: { $0.value.call == id })?.key else { return }
        waiting.removeValue(forKey: token)?.timer?.cancel()
    }

    /// A registration change from the registrar: a device of an account whose call waits is forked to (late forking).
    func registrationChanged(_ change: SIPDeviceStateChange) {
        guard !stopped, case .registered(let binding) = change else { return }
        for (token, var entry) in waiting where entry.account == binding.accountID {
            guard !entry.forked.contains(binding.id) else { continue }
            entry.forked.insert(binding.id)
            if let id = entry.call {
                calls.addContact(Self.contact(binding), to: id)
            } else {
                entry.queued.append(binding)
            }
            waiting[token] = entry
        }
    }
}

/// The registrar's device-state recorder seen by the edge first (late forking), then by the real recorder.
final class RegistrationTap: DeviceStateRecorder {
    struct WeakEdge {
        weak var edge: SIPEdge?
    }

    let downstream: any DeviceStateRecorder
    let edge = NIOLockedValueBox(WeakEdge())

    init(downstream: any DeviceStateRecorder) { self.downstream = downstream }

    func record(_ change: SIPDeviceStateChange, at time: Date) async {
        if let edge = edge.withLockedValue({ $0.edge }) {
            edge.eventLoop.execute { [weak edge] in edge?.registrationChanged(change) }
        }
        await downstream.record(change, at: time)
    }
}
