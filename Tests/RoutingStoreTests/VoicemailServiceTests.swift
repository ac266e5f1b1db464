import AudioFileWire
import Foundation
import RoutingCore
import RoutingService
import RoutingStore
import Synchronization
import Testing
import VoicemailStore

/// Missed calls, voicemails and the alert outbox through the service, on PostgreSQL (issue 7 item 2).
@Suite struct VoicemailServiceTests {
    static let subscriber = "+447700900001"
    static let contact = DeviceContact(uri: "sip:u@192.0.2.7:5060", transport: "udp", codecs: ["PCMA"], bandwidthKbps: 64)

    func call(_ ref: String, _ h: Harness, caller: String? = "+447700900123", presentation: CallerPresentation = .allowed)
        -> UnansweredCall
    {
        UnansweredCall(
            callRef: ref, at: h.clock.now(), caller: caller, presentation: presentation, called: Self.subscriber,
            reason: "no_device_available", durationMilliseconds: 1500)
    }

    func withStore<T>(_ body: (VoicemailDirectory) async throws -> T) async throws -> T {
        let root = NSTemporaryDirectory() + "vms-\(getpid())-\(UUID().uuidString.lowercased())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        return try await body(try VoicemailDirectory(root: root))
    }

    @Test func issue7Item2CallsMissedWhileOfflineAreCollatedIntoOneSMSReleasedAsAvailableAgainOnRegistration()
        async throws
    {
        try await withDatabase { database in
            let h = Harness(database: database)
            let (account, login) = try await h.validatedAccount(Self.subscriber)
            let sent = await h.sms.messages.count
            let sip = RecordingSIPMessageSender()
            let worker = AlertOutboxWorker(service: h.service, sms: h.sms, sipMessages: sip)
            // 2023-11-14 22:13:20 UTC and two minutes later; the device is logged in but not registered: offline.
            _ = try await h.service.reportUnansweredCall(call("pc-1-a", h))
            h.clock.advance(120)
            _ = try await h.service.reportUnansweredCall(call("pc-1-b", h, caller: "+447700900124", presentation: .restricted))
            let alerts = try await h.service.alerts(account: account.accountID)
            #expect(Set(alerts.map(\.channel)) == [.sms, .sipMessage] && alerts.count == 2)
            #expect(alerts.allSatisfy { $0.collationKey != nil && $0.state == "pending" })
            #expect(alerts.first { $0.channel == .sms }?.body == "2 missed calls: +447700900123 at 22:13; a withheld number at 22:15")
            // Nothing is due while the user is offline and the window is open.
            #expect(try await worker.deliverDue() == .init(delivered: 0, failed: 0))
            try await h.service.deviceRegistered(sipUsername: login.sip.username, contact: Self.contact)
            #expect(try await worker.deliverDue() == .init(delivered: 2, failed: 0))
            let text = "You are reachable again. While you were offline: 2 missed calls: +447700900123 at 22:13; a withheld number at 22:15"
            #expect(await h.sms.messages.dropFirst(sent).map(\.text) == [text])
            #expect(await h.sms.messages.last?.to.description == Self.subscriber)
            #expect(await sip.messages.map(\.body) == [text])
            #expect(await sip.messages.first?.account == account.accountID)
            // A registration refresh while reachable releases nothing more, and a new call is alerted on its own.
            try await h.service.deviceRegistered(sipUsername: login.sip.username, contact: Self.contact)
            _ = try await h.service.reportUnansweredCall(call("pc-1-c", h))
            #expect(try await worker.deliverDue() == .init(delivered: 2, failed: 0))
            #expect(await h.sms.messages.last?.text == "Missed call from +447700900123 at 22:15")
        }
    }

    @Test func issue7Item2CollationWindowSendsTheSMSWhenTheUserStaysOfflineAndSIPRetriesUntilExpiry() async throws {
        try await withDatabase { database in
            var configuration = RoutingConfiguration()
            configuration.alertPolicy = AlertPolicy(
                collationWindow: 900, lifetime: 3600, initialRetryDelay: 30, maximumRetryDelay: 1200)
            let h = Harness(database: database, configuration: configuration)
            let (account, _) = try await h.validatedAccount(Self.subscriber)
            let sip = RecordingSIPMessageSender(devices: 0)
            let worker = AlertOutboxWorker(service: h.service, sms: h.sms, sipMessages: sip)
            _ = try await h.service.reportUnansweredCall(call("pc-2-a", h))
            h.clock.advance(899)
            #expect(try await worker.deliverDue() == .init(delivered: 0, failed: 0))
            h.clock.advance(1)
            // The SMS goes when the window closes; the MESSAGE finds no registered device and is retried.
            #expect(try await worker.deliverDue() == .init(delivered: 1, failed: 1))
            #expect(await h.sms.messages.last?.text == "Missed call from +447700900123 at 22:13")
            var retries = 0
            while try await h.service.alerts(account: account.accountID).contains(where: { $0.state == "pending" }) {
                h.clock.advance(1200)
                retries += try await worker.deliverDue().failed
                #expect(retries < 10)
                if retries >= 10 { break }
            }
            let sipAlert = try #require(try await h.service.alerts(account: account.accountID).first { $0.channel == .sipMessage })
            #expect(sipAlert.state == "expired")
            #expect(sipAlert.lastError == "no registered device accepted the MESSAGE")
            // Every attempt of the one alert carried the same idempotency key.
            #expect(Set(await sip.messages.map(\.idempotencyKey)) == [sipAlert.id])
        }
    }

    @Test func issue7Item2AMessageThatFoundNoDeviceIsSentAtOnceWhenADeviceRegisters() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            let (account, login) = try await h.validatedAccount(Self.subscriber)
            let sip = RecordingSIPMessageSender(devices: 0)
            let worker = AlertOutboxWorker(service: h.service, sms: h.sms, sipMessages: sip)
            _ = try await h.service.reportUnansweredCall(call("pc-11-a", h))
            h.clock.advance(900)
            #expect(try await worker.deliverDue() == .init(delivered: 1, failed: 1))
            // The retry would be in 30 s; the device registers after 10 s and the MESSAGE goes at once.
            h.clock.advance(10)
            await sip.setDevices(1)
            try await h.service.deviceRegistered(sipUsername: login.sip.username, contact: Self.contact)
            #expect(try await worker.deliverDue() == .init(delivered: 1, failed: 0))
            #expect(try await h.service.alerts(account: account.accountID).allSatisfy { $0.state == "delivered" })
        }
    }

    @Test func issue7Item2ReachableUserIsAlertedAtOnceAndARepeatedReportStoresAndAlertsOnce() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            let (account, login) = try await h.validatedAccount(Self.subscriber)
            try await h.service.deviceRegistered(sipUsername: login.sip.username, contact: Self.contact)
            let first = try await h.service.reportUnansweredCall(call("pc-3-a", h))
            let again = try await h.service.reportUnansweredCall(call("pc-3-a", h))
            #expect(first.new && !again.new && first.missedCallID == again.missedCallID)
            let alerts = try await h.service.alerts(account: account.accountID)
            #expect(alerts.count == 2)
            #expect(alerts.allSatisfy { $0.collationKey == nil && $0.nextAttemptAt == h.clock.now() })
            await #expect(throws: RoutingError.notFound("subscriber number +447700900077")) {
                var other = call("pc-3-b", h)
                other.called = "+447700900077"
                _ = try await h.service.reportUnansweredCall(other)
            }
        }
    }

    @Test func issue7Item2SMSFailureIsRetriedWithBackoffAndDeliveredOnce() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            let (account, login) = try await h.validatedAccount(Self.subscriber)
            try await h.service.deviceRegistered(sipUsername: login.sip.username, contact: Self.contact)
            let smsc = FlakySMSSender(failures: 2)
            let worker = AlertOutboxWorker(service: h.service, sms: smsc, sipMessages: RecordingSIPMessageSender())
            _ = try await h.service.reportUnansweredCall(call("pc-4-a", h))
            #expect(try await worker.deliverDue() == .init(delivered: 1, failed: 1))
            var sms = try #require(try await h.service.alerts(account: account.accountID).first { $0.channel == .sms })
            #expect(sms.attempts == 1 && sms.nextAttemptAt == h.clock.now().addingTimeInterval(30))
            h.clock.advance(29)
            #expect(try await worker.deliverDue() == .init(delivered: 0, failed: 0))
            h.clock.advance(1)
            #expect(try await worker.deliverDue() == .init(delivered: 0, failed: 1))
            sms = try #require(try await h.service.alerts(account: account.accountID).first { $0.channel == .sms })
            #expect(sms.attempts == 2 && sms.nextAttemptAt == h.clock.now().addingTimeInterval(60))
            h.clock.advance(60)
            #expect(try await worker.deliverDue() == .init(delivered: 1, failed: 0))
            #expect(smsc.delivered == ["Missed call from +447700900123 at 22:13"])
        }
    }

    @Test func issue7Item2AClaimedAlertWhoseWorkerDiedIsSentAgainAfterTheLease() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            let (_, login) = try await h.validatedAccount(Self.subscriber)
            try await h.service.deviceRegistered(sipUsername: login.sip.username, contact: Self.contact)
            _ = try await h.service.reportUnansweredCall(call("pc-5-a", h))
            // A worker claims both alerts and dies before recording any outcome.
            #expect(try await h.service.claimDueAlerts().count == 2)
            #expect(try await h.service.claimDueAlerts().isEmpty)
            h.clock.advance(120)
            let again = try await h.service.claimDueAlerts()
            #expect(again.count == 2 && again.allSatisfy { $0.attempts == 2 })
        }
    }

    @Test func issue7Item2ConcurrentWorkersClaimDisjointAlertsForUpdateSkipLocked() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            let (_, login) = try await h.validatedAccount(Self.subscriber)
            try await h.service.deviceRegistered(sipUsername: login.sip.username, contact: Self.contact)
            for i in 0..<10 { _ = try await h.service.reportUnansweredCall(call("pc-6-\(i)", h)) }
            let service = h.service
            let claims = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for _ in 0..<4 { group.addTask { try await service.claimDueAlerts(limit: 8).map(\.id) } }
                var all: [[UUID]] = []
                for try await ids in group { all.append(ids) }
                return all
            }
            let flat = claims.flatMap { $0 }
            #expect(flat.count == 20)
            #expect(Set(flat).count == 20)
        }
    }

    @Test func issue7Item2VoicemailCaptureStoresCallVoicemailAndAlertWithItsLength() async throws {
        try await withStore { store in
            try await withDatabase { database in
                let h = Harness(database: database, voicemails: store)
                let (_, login) = try await h.validatedAccount(Self.subscriber)
                try await h.service.deviceRegistered(sipUsername: login.sip.username, contact: Self.contact)
                let capture = try h.service.beginVoicemail(for: call("pc-7-a", h), encoding: .aLaw, sampleRate: 8000)
                let audio = (0..<(8000 * 23)).map { UInt8(truncatingIfNeeded: $0 % 251) }
                for chunk in stride(from: 0, to: audio.count, by: 160) {
                    try capture.append(Array(audio[chunk..<min(chunk + 160, audio.count)]))
                }
                let recorded = try await h.service.finishVoicemail(capture)
                #expect(recorded.voicemailID == capture.voicemailID && recorded.new)
                #expect(store.pendingEntries().isEmpty)
                let sip = RecordingSIPMessageSender()
                _ = try await AlertOutboxWorker(service: h.service, sms: h.sms, sipMessages: sip).deliverDue()
                #expect(await sip.messages.map(\.body) == ["Missed call from +447700900123 at 22:13, voicemail 0:23"])

                let page = try await h.service.voicemails(token: login.token)
                let view = try #require(page.items.first)
                #expect(page.items.count == 1 && page.next == nil)
                #expect(view.durationMilliseconds == 23_000 && view.format == "wav" && view.heardAt == nil)
                let file = try await h.service.voicemailAudio(token: login.token, id: view.id)
                #expect(file.mediaType == "audio/wav")
                #expect(try WAVAudio(decoding: file.bytes).data == audio)
                try await h.service.markVoicemailHeard(token: login.token, id: view.id)
                #expect(try await h.service.voicemails(token: login.token).items.first?.heardAt == h.clock.now())
                try await h.service.deleteVoicemail(token: login.token, id: view.id)
                await #expect(throws: RoutingError.notFound("voicemail")) {
                    try await h.service.deleteVoicemail(token: login.token, id: view.id)
                }
                #expect(throws: VoicemailStoreError.self) { _ = try store.read(fileName: "\(view.id.uuidString.lowercased()).wav") }
                // The missed call stays, now without voicemail.
                let calls = try await h.service.missedCalls(token: login.token)
                #expect(calls.items.map(\.id) == [recorded.missedCallID] && calls.items.first?.voicemail == nil)
            }
        }
    }

    @Test func issue7Item2VoicemailOfAProcessThatDiedAfterTheCallerHungUpIsStoredAtNextStart() async throws {
        try await withStore { store in
            try await withDatabase { database in
                let first = Harness(database: database, voicemails: store)
                let (account, login) = try await first.validatedAccount(Self.subscriber)
                do {
                    // The caller hangs up; the process dies before finishVoicemail.
                    let capture = try first.service.beginVoicemail(for: call("pc-8-a", first), encoding: .aLaw, sampleRate: 8000)
                    try capture.append([UInt8](repeating: 0xD5, count: 8000 * 4))
                }
                #expect(try await first.service.missedCalls(token: login.token).items.isEmpty)
                let restarted = Harness(database: database, seed: 99, voicemails: store)
                let recovery = await restarted.service.recoverVoicemails()
                #expect(recovery.failed == [])
                #expect(recovery.registered.count == 1)
                let calls = try await restarted.service.missedCalls(token: login.token)
                #expect(calls.items.count == 1)
                #expect(calls.items.first?.voicemail?.durationMilliseconds == 4000)
                #expect(try await restarted.service.alerts(account: account.accountID).count == 2)
                // Nothing left to recover; nothing stored twice.
                #expect(await restarted.service.recoverVoicemails() == VoicemailRecovery())
                #expect(try await restarted.service.missedCalls(token: login.token).items.count == 1)
            }
        }
    }

    @Test func issue7Item2UploadedVoicemailRendersHeldAlertsAgainAndMakesThemDue() async throws {
        try await withStore { store in
            try await withDatabase { database in
                let h = Harness(database: database, voicemails: store)
                let (account, login) = try await h.validatedAccount(Self.subscriber)
                try await h.service.deviceRegistered(sipUsername: login.sip.username, contact: Self.contact)
                _ = try await h.service.reportUnansweredCall(call("pc-9-a", h), voicemailFollows: true)
                // Held for the voicemail's upload.
                #expect(try await h.service.claimDueAlerts().isEmpty)
                let wav = WAVAudio(encoding: .aLaw, sampleRate: 8000, data: [UInt8](repeating: 0xD5, count: 8000 * 7))
                let stored = try await h.service.storeVoicemail(callRef: "pc-9-a", audio: wav.encoded())
                #expect(stored.voicemailID != nil)
                let alerts = try await h.service.alerts(account: account.accountID)
                #expect(alerts.map(\.body) == Array(repeating: "Missed call from +447700900123 at 22:13, voicemail 0:07", count: 2))
                #expect(try await h.service.claimDueAlerts().count == 2)
                // A second upload keeps the first; a call never reported is 404.
                #expect(try await h.service.storeVoicemail(callRef: "pc-9-a", audio: wav.encoded()).new == false)
                await #expect(throws: RoutingError.notFound("unanswered call")) {
                    _ = try await h.service.storeVoicemail(callRef: "pc-9-zz", audio: wav.encoded())
                }
                _ = try await h.service.reportUnansweredCall(call("pc-9-b", h), voicemailFollows: true)
                await #expect(throws: RoutingError.self) {
                    _ = try await h.service.storeVoicemail(callRef: "pc-9-b", audio: [1, 2, 3])
                }
            }
        }
    }

    @Test func missedCallsArePagedNewestFirstAndOnlyTheOwnersAreShown() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            let (_, login) = try await h.validatedAccount(Self.subscriber)
            var ids: [UUID] = []
            for i in 0..<5 {
                ids.append(try await h.service.reportUnansweredCall(call("pc-10-\(i)", h)).missedCallID)
                h.clock.advance(i == 2 ? 0 : 10)
            }
            var seen: [UUID] = []
            var cursor: String?
            repeat {
                let page = try await h.service.missedCalls(token: login.token, limit: 2, cursor: cursor)
                seen += page.items.map(\.id)
                cursor = page.next
            } while cursor != nil && seen.count < 10
            #expect(seen.count == 5 && Set(seen) == Set(ids))
            let times = try await h.service.missedCalls(token: login.token).items.map(\.at)
            #expect(times == times.sorted(by: >))
            // Another account sees none of them, and cannot delete them.
            let (_, other) = try await h.validatedAccount("+447700900002", device: "phone-2")
            #expect(try await h.service.missedCalls(token: other.token).items.isEmpty)
            await #expect(throws: RoutingError.notFound("missed call")) {
                try await h.service.deleteMissedCall(token: other.token, id: ids[0])
            }
            try await h.service.deleteMissedCall(token: login.token, id: ids[0])
            #expect(try await h.service.missedCalls(token: login.token).items.count == 4)
            await #expect(throws: RoutingError.self) {
                _ = try await h.service.missedCalls(token: login.token, cursor: "nonsense")
            }
        }
    }
}

/// An SMSC stand-in that refuses the first `failures` submits.
final class FlakySMSSender: SMSSender {
    private let state: Mutex<(failures: Int, delivered: [String])>
    init(failures: Int) { state = Mutex((failures, [])) }
    var delivered: [String] { state.withLock { $0.delivered } }
    func send(to destination: E164Number, from source: String, text: String) async throws {
        try state.withLock { state in
            if state.failures > 0 {
                state.failures -= 1
                throw HarnessError("ESME_RSYSERR")
            }
            state.delivered.append(text)
        }
    }
}
