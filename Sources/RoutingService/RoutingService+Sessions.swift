public import RoutingCore
import RoutingStore
import Foundation

extension RoutingService {
    /// A hash verified when the number is unknown, so that both failures take the same time.
    private static let decoy = PasswordHash(password: "decoy", salt: Array(repeating: 0x5A, count: 16))

    /// Logs a device in (`POST /v1/sessions`); `.badCredentials` (401) for an unknown number or a wrong password
    /// alike; failures are rate limited per number and per source.
    public func login(number: String, password: String, device: DeviceRegistration, source: String)
        async throws -> LoginResult
    {
        let number = try parse(number)
        guard let deviceID = DeviceID(device.id) else {
            throw RoutingError.invalidRequest("device.id must be 1 to 128 printable characters without spaces")
        }
        let failureKeys: [RateLimitKey] = [.loginFailure(number: number), .loginFailure(source: source)]
        try await rateLimit(
            [
                (failureKeys[0], configuration.loginFailuresPerNumber),
                (failureKeys[1], configuration.loginFailuresPerSource),
            ], record: false)
        // The owner first, then accounts that linked the number without validating it yet.
        let candidates: [Account] = try await database.transaction { tx in
            let owner = try await tx.owner(of: number)
            var accounts: [Account] = []
            let linking = try await tx.accountsLinking(number)
            for id in linking.filter({ $0 == owner }) + linking.filter({ $0 != owner }) {
                if let account = try await tx.account(id) { accounts.append(account) }
            }
            return accounts
        }
        guard let account = candidates.first(where: { $0.passwordHash.verify(password) }) else {
            if candidates.isEmpty { _ = Self.decoy.verify(password) }
            try await recordRateEvents(failureKeys)
            throw RoutingError.badCredentials
        }
        let token = SessionToken(randomBytes: random.bytes(32))
        let sip = SIPCredentials.generate(
            randomBytes: random.bytes(26), domain: configuration.sipDomain, registrar: configuration.sipRegistrar)
        let time = now()
        let expires = time.addingTimeInterval(configuration.sessionLifetime)
        try await database.transaction { tx in
            var stored = try await tx.device(account: account.id, id: deviceID, lock: true)
                ?? StoredDevice(device: Device(accountID: account.id, id: deviceID, info: device.info))
            try await tx.revokeSessions(account: account.id, device: deviceID, at: time)
            let event = stored.device.logIn(device.info, at: time)
            stored.sipUsername = sip.username
            stored.ha1MD5 = sip.ha1MD5
            stored.ha1SHA256 = sip.ha1SHA256
            try await tx.saveDevice(stored)
            try await tx.appendDeviceEvent(event, account: account.id, device: deviceID)
            try await tx.insertSession(
                tokenHash: token.storedHash, account: account.id, device: deviceID, createdAt: time, expiresAt: expires)
        }
        return LoginResult(token: token.value, expiresAt: expires, accountID: account.id, deviceID: deviceID, sip: sip)
    }

    /// Logs out (`DELETE /v1/sessions/current`): the token is revoked and the device deregistered.
    public func logout(token: String) async throws {
        let time = now()
        try await database.transaction { tx in
            let session = try await self.session(tx, token: token)
            try await tx.revokeSessions(account: session.accountID, device: session.deviceID, at: time)
            guard var stored = try await tx.device(account: session.accountID, id: session.deviceID, lock: true) else {
                return
            }
            let event = stored.device.logOut(at: time)
            stored.sipUsername = nil
            stored.ha1MD5 = nil
            stored.ha1SHA256 = nil
            try await tx.saveDevice(stored)
            try await tx.appendDeviceEvent(event, account: session.accountID, device: session.deviceID)
        }
    }

    /// Resolves a bearer token (expiry, revocation).
    public func authenticate(token: String) async throws -> Session {
        try await database.transaction { tx in try await session(tx, token: token) }
    }

    /// The SIP registrar accepted a REGISTER from the device holding these SIP credentials. When no device of the
    /// account was available before, the alerts gathered while the user was offline are released as the
    /// "available again" alert (issue 7 item 2, docs/voicemail.md).
    public func deviceRegistered(sipUsername: String, contact: DeviceContact) async throws {
        try await deviceEvent(sipUsername: sipUsername, releasesAlerts: true) { device, time in
            device.registered(contact: contact, at: time)
        }
    }

    /// The device's registration was removed or expired.
    public func deviceDeregistered(sipUsername: String) async throws {
        try await deviceEvent(sipUsername: sipUsername) { device, time in device.deregistered(at: time) }
    }

    /// The device stopped answering keepalives.
    public func deviceConnectionLost(sipUsername: String) async throws {
        try await deviceEvent(sipUsername: sipUsername) { device, time in device.connectionLost(at: time) }
    }

    private func deviceEvent(
        sipUsername: String, releasesAlerts: Bool = false, _ change: (inout Device, Date) -> DeviceEvent
    ) async throws {
        let time = now()
        try await database.transaction { tx in
            guard var stored = try await tx.device(sipUsername: sipUsername, lock: true),
                stored.device.loginState == .loggedIn
            else { throw RoutingError.notFound("device") }
            let account = stored.device.accountID
            var wasReachable = true
            if releasesAlerts {
                wasReachable = try await tx.devices(of: account).contains {
                    $0.device.isAvailable && $0.device.contact != nil
                }
            }
            let event = change(&stored.device, time)
            try await tx.saveDevice(stored)
            try await tx.appendDeviceEvent(event, account: account, device: stored.device.id)
            if !wasReachable { try await releaseCollatedAlerts(tx, account: account, at: time) }
        }
    }

    /// The digest credentials of a device, for the SIP registrar; `nil` when unknown or logged out.
    public func sipAccount(username: String) async throws -> SIPAccountRecord? {
        try await database.transaction { tx in
            guard let stored = try await tx.device(sipUsername: username), stored.device.loginState == .loggedIn,
                let md5 = stored.ha1MD5, let sha256 = stored.ha1SHA256
            else { return nil }
            return SIPAccountRecord(
                username: username, accountID: stored.device.accountID, deviceID: stored.device.id,
                domain: configuration.sipDomain, ha1MD5: md5, ha1SHA256: sha256)
        }
    }

    /// A device's history (registration, deregistration, connection loss, login), oldest first, for its owner.
    public func deviceHistory(token: String, deviceID: String) async throws -> [DeviceEvent] {
        guard let id = DeviceID(deviceID) else { throw RoutingError.notFound("device") }
        return try await database.transaction { tx in
            let session = try await self.session(tx, token: token)
            guard try await tx.device(account: session.accountID, id: id) != nil else {
                throw RoutingError.notFound("device")
            }
            return try await tx.deviceEvents(account: session.accountID, device: id)
        }
    }
}
