import Foundation
import RoutingCore
import RoutingService
import RoutingStore
import Testing

/// The gateway's reports, deactivation when a number leaves its account, and rate-limit housekeeping, against
/// PostgreSQL.
@Suite struct GatewayReportsAndHousekeepingTests {
    static func carrier(technology: String, provisioning: ProvisioningIntegration = .none) throws -> CarrierDefinition {
        try CarrierDefinition(
            country: "GB", mcc: "234", mnc: "15", name: "Carrier", technology: technology,
            cNumber: "+447700900500", prefixes: ["+4477009"], provisioning: provisioning)
    }

    /// An account whose first number has forwarding on and whose primary has moved to a second number, so the
    /// first can be delinked (the primary cannot).
    static func accountWithSecondPrimary(_ h: Harness) async throws -> LoginResult {
        let (_, login) = try await h.validatedAccount("+447700900001")
        _ = try await h.service.linkNumber(token: login.token, number: "+447700900002")
        let started = try await h.service.startValidation(
            number: "+447700900002", method: .smsCode, source: "10.0.0.1", token: login.token)
        _ = try await h.service.confirmValidation(
            id: started.id.description, code: try await h.lastCode(sentTo: "+447700900002"), source: "10.0.0.1")
        _ = try await h.service.setPrimary(token: login.token, number: "+447700900002")
        return login
    }

    @Test("Delinking a gsm number with forwarding active shows the deactivation code ##004# (3GPP TS 22.030)",
        arguments: [("gsm", "##004#"), ("cdma", "*73")])
    func delinkStartsClientDeactivation(technology: String, code: String) async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            _ = try await h.service.createCarrier(try Self.carrier(technology: technology))
            let login = try await Self.accountWithSecondPrimary(h)
            let active = try await h.service.reportForwardingResult(
                token: login.token, number: "+447700900001", succeeded: true, detail: "MMI accepted")
            #expect(active.state == .active)
            try await h.service.delinkNumber(token: login.token, number: "+447700900001")
            let number = try E164Number(parsing: "+447700900001")
            let state = try #require(try await database.read { tx in try await tx.forwarding(number) })
            #expect(state.phase == .clientInstructed)
            #expect(state.deactivating)
            #expect(state.code == code)
        }
    }

    @Test("Delinking a number of an integrated carrier sends the deactivation to its platform")
    func delinkAsksThePlatform() async throws {
        try await withDatabase { database in
            let platform = FakeProvisioningPlatform()
            let h = Harness(database: database, provisioning: platform)
            _ = try await h.service.createCarrier(
                try Self.carrier(technology: "gsm", provisioning: .http(url: "http://127.0.0.1:9/p", token: "t")))
            let login = try await Self.accountWithSecondPrimary(h)
            try await h.service.delinkNumber(token: login.token, number: "+447700900001")
            let commands = await platform.commands
            #expect(commands.map(\.activate) == [true, true, false])
            #expect(commands.last?.number.description == "+447700900001")
            let number = try E164Number(parsing: "+447700900001")
            let state = try #require(try await database.read { tx in try await tx.forwarding(number) })
            #expect(state.phase == .inactive)
        }
    }

    @Test("A forwarded-call report verifies forwarding once and keeps one call record per call_ref")
    func forwardedCallReportIsIdempotent() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            _ = try await h.validatedAccount("+447700900001")
            let report = ForwardedCallReport(
                callRef: "2-5-abc", at: nil, originalCalled: "+447700900001", calling: "+442079460000",
                called: "+447700900500", reason: "no_reply", outcome: "no_device_available")
            let first = try await h.service.reportForwardedCall(report)
            let again = try await h.service.reportForwardedCall(report)
            #expect(first.subscriber && first.forwardingState == .verified)
            #expect(again.forwardingState == .verified)
            let records = try await h.service.callRecords(originalCalled: "+447700900001")
            #expect(records.count == 1)
            #expect(records.first?.reason == "no_reply" && records.first?.calling == "+442079460000")
            let unknown = try await h.service.reportForwardedCall(ForwardedCallReport(
                callRef: "2-6-def", at: nil, originalCalled: "+447700900077", calling: nil, called: nil,
                reason: "unknown", outcome: "unknown_number"))
            #expect(!unknown.subscriber && unknown.forwardingState == nil)
        }
    }

    @Test("Rate-limit events older than their window are pruned on insert and by the periodic sweep")
    func rateEventsArePruned() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            let key = RateLimitKey.accountCreation(source: "10.0.0.9")
            let other = RateLimitKey.validationStart(source: "10.0.0.9")
            _ = try await h.service.createAccount(number: "+447700900011", password: "password-1", source: "10.0.0.9")
            _ = try await h.service.startValidation(number: "+447700900011", method: .smsCode, source: "10.0.0.9")
            func count(_ key: RateLimitKey) async throws -> Int {
                try await database.read { tx in try await tx.rateEvents(key, since: .distantPast).count }
            }
            #expect(try await count(key) == 1)
            // The account-creation window is an hour: after two, the next creation prunes the old event.
            h.clock.advance(7200)
            _ = try await h.service.createAccount(number: "+447700900012", password: "password-1", source: "10.0.0.9")
            #expect(try await count(key) == 1)
            #expect(try await count(other) == 1)
            // The sweep removes what no insert touches once it is older than the longest window.
            try await h.service.pruneRateEvents()
            #expect(try await count(other) == 0)
            #expect(try await count(key) == 1)
        }
    }
}
