import Foundation
import RoutingCore
import RoutingService
import RoutingStore
import Testing

/// Accounts, numbers, sessions, devices and routes through the service, against PostgreSQL.
@Suite struct AccountServiceTests {
    @Test func migrationsAreRecordedAndAppliedOnce() async throws {
        try await withDatabase { database in
            let applied = try await database.appliedMigrations()
            #expect(applied == RoutingMigrations.all.map(\.version))
            let again = try await database.migrate()
            #expect(again == [])
        }
    }

    @Test func numberValidatedOnAnotherAccountRefusesANewAccount() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            let (account, _) = try await h.validatedAccount("+447700900001")
            await #expect(throws: RoutingError.numberOwnedByAnotherAccount(try E164Number(parsing: "+447700900001"))) {
                _ = try await h.service.createAccount(number: "+447700900001", password: "password-2", source: "10.0.0.3")
            }
            #expect(account.numbers.map(\.validated) == [false])
            await #expect(throws: RoutingError.invalidNumber("+44 77x", .invalidCharacter("x", offset: 6))) {
                _ = try await h.service.createAccount(number: "+44 77x", password: "password-2", source: "10.0.0.3")
            }
        }
    }

    @Test func primaryRulesThroughTheService() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            let (_, login) = try await h.validatedAccount("+447700900001")
            let me = try await h.service.me(token: login.token)
            #expect(me.primary?.description == "+447700900001" && me.numbers.first?.role == .primary)
            let linked = try await h.service.linkNumber(token: login.token, number: "07700 900002")
            #expect(linked.role == .secondary && !linked.validated)
            await #expect(throws: RoutingError.notValidated(try E164Number(parsing: "+447700900002"))) {
                _ = try await h.service.setPrimary(token: login.token, number: "+447700900002")
            }
            await #expect(throws: RoutingError.isPrimary(try E164Number(parsing: "+447700900001"))) {
                try await h.service.delinkNumber(token: login.token, number: "+447700900001")
            }
            let started = try await h.service.startValidation(
                number: "+447700900002", method: .smsCode, source: "10.0.0.1", token: login.token)
            _ = try await h.service.confirmValidation(
                id: started.id.description, code: try await h.lastCode(sentTo: "+447700900002"), source: "10.0.0.1")
            let swapped = try await h.service.setPrimary(token: login.token, number: "+447700900002")
            #expect(swapped.primary?.description == "+447700900002")
            try await h.service.delinkNumber(token: login.token, number: "+447700900001")
            #expect(try await h.service.me(token: login.token).numbers.map(\.number.description) == ["+447700900002"])
        }
    }

    @Test func aNumberMovesOnlyAfterTheNewOwnerValidatesIt() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            let (a, aLogin) = try await h.validatedAccount("+447700900001")
            let b = try await h.service.createAccount(number: "+447700900009", password: "password-b", source: "10.0.0.4")
            let bLogin = try await h.service.login(
                number: "+447700900009", password: "password-b",
                device: DeviceRegistration(id: "b-phone", name: "iPhone", vendor: "Apple", os: "iOS 18"), source: "10.0.0.4")
            _ = try await h.service.linkNumber(token: bLogin.token, number: "+447700900001")
            // Still A's.
            #expect(try await h.service.me(token: aLogin.token).numbers.first?.validated == true)
            let started = try await h.service.startValidation(
                number: "+447700900001", method: .smsCode, source: "10.0.0.4", token: bLogin.token)
            _ = try await h.service.confirmValidation(
                id: started.id.description, code: try await h.lastCode(sentTo: "+447700900001"), source: "10.0.0.4")
            let bView = try await h.service.me(token: bLogin.token)
            #expect(bView.accountID == b.accountID && bView.primary?.description == "+447700900001")
            let aView = try await h.service.me(token: aLogin.token)
            #expect(aView.accountID == a.accountID && aView.numbers.isEmpty && aView.primary == nil)
        }
    }

    @Test func noAccessToAnotherAccountsData() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            _ = try await h.validatedAccount("+447700900001")
            let (_, other) = try await h.validatedAccount("+447700900002", device: "other")
            await #expect(throws: RoutingError.numberNotLinked(try E164Number(parsing: "+447700900001"))) {
                try await h.service.delinkNumber(token: other.token, number: "+447700900001")
            }
            await #expect(throws: RoutingError.numberNotLinked(try E164Number(parsing: "+447700900001"))) {
                _ = try await h.service.forwardingStatus(token: other.token, number: "+447700900001")
            }
            await #expect(throws: RoutingError.numberNotLinked(try E164Number(parsing: "+447700900001"))) {
                _ = try await h.service.startValidation(
                    number: "+447700900001", method: .smsCode, source: "10.0.0.1", token: other.token)
            }
            await #expect(throws: RoutingError.unauthorized) { _ = try await h.service.me(token: "forged") }
        }
    }

    @Test func loginLogoutTokensAndPasswordBruteForce() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            let (account, login) = try await h.validatedAccount("+447700900001")
            #expect(login.accountID == account.accountID && login.sip.username.hasPrefix("u"))
            #expect(try await h.service.sipAccount(username: login.sip.username)?.ha1MD5 == login.sip.ha1MD5)
            // Same answer for an unknown number and a wrong password.
            let device = DeviceRegistration(id: "x", name: "x", vendor: "x", os: "x")
            await #expect(throws: RoutingError.badCredentials) {
                _ = try await h.service.login(number: "+447700900099", password: "password-1", device: device, source: "10.1.0.1")
            }
            await #expect(throws: RoutingError.badCredentials) {
                _ = try await h.service.login(number: "+447700900001", password: "wrong-pass", device: device, source: "10.1.0.1")
            }
            try await h.service.logout(token: login.token)
            await #expect(throws: RoutingError.unauthorized) { _ = try await h.service.me(token: login.token) }
            #expect(try await h.service.sipAccount(username: login.sip.username) == nil)
            // Expiry.
            let again = try await h.service.login(number: "+447700900001", password: "password-1", device: device, source: "10.1.0.2")
            h.clock.advance(30 * 24 * 3600)
            await #expect(throws: RoutingError.unauthorized) { _ = try await h.service.me(token: again.token) }
            // Ten failures for the number: the right password is refused too until the window passes.
            for index in 0..<10 {
                _ = try? await h.service.login(
                    number: "+447700900001", password: "guess-\(index)", device: device, source: "10.2.0.\(index)")
            }
            await #expect(throws: RoutingError.rateLimited(retryAfter: 900)) {
                _ = try await h.service.login(number: "+447700900001", password: "password-1", device: device, source: "10.3.0.1")
            }
            h.clock.advance(901)
            _ = try await h.service.login(number: "+447700900001", password: "password-1", device: device, source: "10.3.0.1")
        }
    }

    /// Availability = logged in AND connected; route lookup answers from one query.
    @Test func routeLookupFollowsRegistrationAndConnectionLoss() async throws {
        try await withDatabase { database in
            let h = Harness(database: database)
            #expect(try await h.service.routeLookup(number: "+447700900001") == .unavailable(reason: .unknownNumber))
            let (account, login) = try await h.validatedAccount("+447700900001")
            #expect(try await h.service.routeLookup(number: "+447700900001") == .unavailable(reason: .noDeviceAvailable))
            let contact = DeviceContact(
                uri: "sip:u@192.0.2.7:5060;transport=tcp", transport: "tcp", codecs: ["opus", "PCMA"], bandwidthKbps: 64)
            try await h.service.deviceRegistered(sipUsername: login.sip.username, contact: contact)
            let route = try await h.service.routeLookup(number: "+447700900001")
            #expect(route == .available(accountID: account.accountID, contacts: [
                RouteContact(deviceID: login.deviceID, uri: contact.uri, transport: "tcp", codecs: ["opus", "PCMA"],
                    bandwidthKbps: 64)
            ]))
            #expect(try await h.service.me(token: login.token).devices.first?.available == true)
            try await h.service.deviceConnectionLost(sipUsername: login.sip.username)
            #expect(try await h.service.routeLookup(number: "+447700900001") == .unavailable(reason: .noDeviceAvailable))
            try await h.service.deviceRegistered(sipUsername: login.sip.username, contact: contact)
            try await h.service.deviceDeregistered(sipUsername: login.sip.username)
            let history = try await h.service.deviceHistory(token: login.token, deviceID: "phone-1")
            #expect(history.map(\.kind) == [.login, .registration, .connectionLoss, .registration, .deregistration])
            // Logout makes the device unavailable even while registered.
            try await h.service.deviceRegistered(sipUsername: login.sip.username, contact: contact)
            try await h.service.logout(token: login.token)
            #expect(try await h.service.routeLookup(number: "+447700900001") == .unavailable(reason: .noDeviceAvailable))
        }
    }
}
