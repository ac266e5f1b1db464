import Foundation
import RoutingCore
import RoutingService
import RoutingStore
import Testing

/// Call-forwarding activation both ways, and the carrier catalog, against PostgreSQL.
@Suite struct ForwardingAndCarrierTests {
    static func definition(
        mnc: String = "15", technology: String = "gsm", provisioning: ProvisioningIntegration = .none
    ) throws -> CarrierDefinition {
        try CarrierDefinition(
            country: "GB", mcc: "234", mnc: mnc, name: "Carrier \(mnc)", technology: technology,
            cNumber: "+447700900500", prefixes: ["+4477009"], provisioning: provisioning)
    }

    @Test func clientCodePathThenVerifiedByAForwardedCall() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            _ = try await h.service.createCarrier(try Self.definition())
            let (_, login) = try await h.validatedAccount("+447700900001")
            let status = try await h.service.forwardingStatus(token: login.token, number: "+447700900001")
            #expect(status.state == .clientInstructed && status.method == .clientCode)
            #expect(status.code == "**004*+447700900500#" && status.cNumber?.description == "+447700900500")
            let active = try await h.service.reportForwardingResult(
                token: login.token, number: "+447700900001", succeeded: true, detail: "MMI accepted")
            #expect(active.state == .active)
            await #expect(throws: RoutingError.forwardingConflict("forwarding is active: no client report expected")) {
                _ = try await h.service.reportForwardingResult(
                    token: login.token, number: "+447700900001", succeeded: true, detail: "")
            }
            let again = try await h.service.requestForwardingActivation(token: login.token, number: "+447700900001")
            #expect(again.history.last?.detail == "already active")
            let verified = try #require(await h.service.forwardedCallSeen(originalCalledNumber: "+447700900001"))
            #expect(verified.state == .verified)
            #expect(verified.history.map(\.to) == [.clientInstructed, .active, .active, .verified])
            #expect(try await h.service.forwardedCallSeen(originalCalledNumber: "+447700900077") == nil)
        }
    }

    @Test func integratedPlatformPath() async throws {
        try await withDatabase { database in
            let platform = FakeProvisioningPlatform(outcomes: [.failed(detail: "HTTP 503 after 3 tries")])
            let h = Harness(database: database, provisioning: platform)
            _ = try await h.service.createCarrier(
                try Self.definition(provisioning: .http(url: "http://127.0.0.1:9/prov", token: "secret")))
            let (_, login) = try await h.validatedAccount("+447700900001")
            let failed = try await h.service.forwardingStatus(token: login.token, number: "+447700900001")
            #expect(failed.state == .failed && failed.method == .provisioningPlatform && failed.code == nil)
            let retried = try await h.service.requestForwardingActivation(token: login.token, number: "+447700900001")
            #expect(retried.state == .active)
            let commands = await platform.commands
            #expect(commands.count == 2 && commands.allSatisfy { $0.activate && $0.token == "secret" })
            #expect(Set(commands.map(\.idempotencyKey)).count == 2)
        }
    }

    @Test func noCarrierMeansFailedWithAReason() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            let (_, login) = try await h.validatedAccount("+447700900001")
            let status = try await h.service.forwardingStatus(token: login.token, number: "+447700900001")
            #expect(status.state == .failed && status.history.last?.detail == "no carrier of the catalog serves +447700900001")
        }
    }

    @Test func carrierCatalogCRUDAndImport() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            let created = try await h.service.createCarrier(try Self.definition())
            await #expect(throws: RoutingError.carrierConflict("a carrier with mcc 234 mnc 15 exists")) {
                _ = try await h.service.createCarrier(try Self.definition())
            }
            let updated = try await h.service.updateCarrier(id: created.id.description, try Self.definition(technology: "cdma"))
            #expect(try await h.service.carrier(id: created.id.description) == updated)
            let header = "country,mcc,mnc,name,technology,c_number,prefixes\n"
            // All or nothing: line 3 is bad, so line 2 is not stored either.
            await #expect(throws: RoutingError.invalidCarrier("line 3: mnc: '1' is not a mobile network code (two or three digits)")) {
                _ = try await h.service.importCarriers(csv: header + "FR,208,01,Orange,gsm,+33600000001,+336\nFR,208,1,X,gsm,+33600000002,+337\n")
            }
            #expect(try await h.service.listCarriers().count == 1)
            let imported = try await h.service.importCarriers(
                csv: header + "FR,208,01,Orange,gsm,+33600000001,+336\nGB,234,15,Renamed,gsm,+447700900501,+4477009\n")
            #expect(imported.count == 2 && imported[1].id == created.id)
            let list = try await h.service.listCarriers()
            #expect(list.map(\.definition.name) == ["Orange", "Renamed"])
            try await h.service.deleteCarrier(id: created.id.description)
            await #expect(throws: RoutingError.notFound("carrier")) { try await h.service.deleteCarrier(id: created.id.description) }
        }
    }
}
