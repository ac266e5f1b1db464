public import PostgresNIO
public import RoutingCore
public import Foundation

/// A stored device with the digest credentials of its current login.
public struct StoredDevice: Hashable, Sendable {
    public var device: Device
    public var sipUsername: String?
    public var ha1MD5: String?
    public var ha1SHA256: String?

    public init(device: Device, sipUsername: String? = nil, ha1MD5: String? = nil, ha1SHA256: String? = nil) {
        self.device = device
        self.sipUsername = sipUsername
        self.ha1MD5 = ha1MD5
        self.ha1SHA256 = ha1SHA256
    }
}

extension RoutingTransaction {
    static let deviceColumns = """
        account_id, device_id, name, vendor, os, app_version, push_provider, push_param, push_prid, login_state, \
        connection_state, last_seen, contact_uri, contact_transport, contact_codecs, contact_bandwidth_kbps, \
        sip_username, sip_ha1_md5, sip_ha1_sha256
        """

    public func device(account: AccountID, id: DeviceID, lock: Bool = false) async throws -> StoredDevice? {
        var binds = PostgresBindings()
        binds.append(account.uuid)
        binds.append(id.value)
        let sql = "SELECT \(Self.deviceColumns) FROM devices WHERE account_id = $1 AND device_id = $2"
            + (lock ? " FOR UPDATE" : "")
        return try await devices(PostgresQuery(unsafeSQL: sql, binds: binds)).first
    }

    public func device(sipUsername: String, lock: Bool = false) async throws -> StoredDevice? {
        var binds = PostgresBindings()
        binds.append(sipUsername)
        let sql = "SELECT \(Self.deviceColumns) FROM devices WHERE sip_username = $1" + (lock ? " FOR UPDATE" : "")
        return try await devices(PostgresQuery(unsafeSQL: sql, binds: binds)).first
    }

    public func devices(of account: AccountID) async throws -> [StoredDevice] {
        var binds = PostgresBindings()
        binds.append(account.uuid)
        let sql = "SELECT \(Self.deviceColumns) FROM devices WHERE account_id = $1 ORDER BY device_id"
        return try await devices(PostgresQuery(unsafeSQL: sql, binds: binds))
    }

    private func devices(_ query: PostgresQuery) async throws -> [StoredDevice] {
        var result: [StoredDevice] = []
        for try await row in try await run(query) {
            let (account, deviceID, name, vendor, os, appVersion, provider, param, prid, login, connection, lastSeen,
                uri, transport, codecs, bandwidth, sipUsername, md5, sha256) = try row.decode(
                    (UUID, String, String, String, String, String?, String?, String?, String?, String, String, Date?,
                        String?, String?, [String]?, Int?, String?, String?, String?).self)
            guard let id = DeviceID(deviceID), let loginState = Device.LoginState(rawValue: login),
                let connectionState = Device.ConnectionState(rawValue: connection)
            else { throw StoreError.corrupt("device \(deviceID)") }
            let push = provider.flatMap { provider in prid.map { PushToken(provider: provider, param: param, prid: $0) } }
            let contact = uri.map {
                DeviceContact(uri: $0, transport: transport ?? "udp", codecs: codecs ?? [], bandwidthKbps: bandwidth)
            }
            let device = Device(
                accountID: AccountID(account), id: id,
                info: DeviceInfo(name: name, vendor: vendor, os: os, appVersion: appVersion, pushToken: push),
                loginState: loginState, connectionState: connectionState, lastSeen: lastSeen, contact: contact)
            result.append(StoredDevice(device: device, sipUsername: sipUsername, ha1MD5: md5, ha1SHA256: sha256))
        }
        return result
    }

    /// Inserts or replaces a device row.
    public func saveDevice(_ stored: StoredDevice) async throws {
        let device = stored.device
        let info = device.info
        try await run(
            """
            INSERT INTO devices (\(unescaped: Self.deviceColumns))
            VALUES (\(device.accountID.uuid), \(device.id.value), \(info.name), \(info.vendor), \(info.os),
                    \(info.appVersion), \(info.pushToken?.provider), \(info.pushToken?.param), \(info.pushToken?.prid),
                    \(device.loginState.rawValue), \(device.connectionState.rawValue), \(device.lastSeen),
                    \(device.contact?.uri), \(device.contact?.transport), \(device.contact?.codecs),
                    \(device.contact?.bandwidthKbps), \(stored.sipUsername), \(stored.ha1MD5), \(stored.ha1SHA256))
            ON CONFLICT (account_id, device_id) DO UPDATE SET
                name = excluded.name, vendor = excluded.vendor, os = excluded.os, app_version = excluded.app_version,
                push_provider = excluded.push_provider, push_param = excluded.push_param,
                push_prid = excluded.push_prid, login_state = excluded.login_state,
                connection_state = excluded.connection_state, last_seen = excluded.last_seen,
                contact_uri = excluded.contact_uri, contact_transport = excluded.contact_transport,
                contact_codecs = excluded.contact_codecs, contact_bandwidth_kbps = excluded.contact_bandwidth_kbps,
                sip_username = excluded.sip_username, sip_ha1_md5 = excluded.sip_ha1_md5,
                sip_ha1_sha256 = excluded.sip_ha1_sha256
            """)
    }

    public func appendDeviceEvent(_ event: DeviceEvent, account: AccountID, device: DeviceID) async throws {
        try await run(
            """
            INSERT INTO device_events (account_id, device_id, kind, at, detail)
            VALUES (\(account.uuid), \(device.value), \(event.kind.rawValue), \(event.at), \(event.detail))
            """)
    }

    /// A device's history, oldest first.
    public func deviceEvents(account: AccountID, device: DeviceID) async throws -> [DeviceEvent] {
        let rows = try await run(
            """
            SELECT kind, at, detail FROM device_events
            WHERE account_id = \(account.uuid) AND device_id = \(device.value) ORDER BY id
            """)
        var events: [DeviceEvent] = []
        for try await (kind, at, detail) in rows.decode((String, Date, String).self) {
            guard let kind = DeviceEvent.Kind(rawValue: kind) else { throw StoreError.corrupt("device event \(kind)") }
            events.append(DeviceEvent(kind: kind, at: at, detail: detail))
        }
        return events
    }

    // MARK: Sessions

    public func insertSession(tokenHash: String, account: AccountID, device: DeviceID, createdAt: Date, expiresAt: Date)
        async throws
    {
        try await run(
            """
            INSERT INTO sessions (token_hash, account_id, device_id, created_at, expires_at)
            VALUES (\(tokenHash), \(account.uuid), \(device.value), \(createdAt), \(expiresAt))
            """)
    }

    /// A session that is neither revoked nor expired at `time`.
    public func liveSession(tokenHash: String, at time: Date) async throws -> (AccountID, DeviceID, Date)? {
        let rows = try await run(
            """
            SELECT account_id, device_id, expires_at FROM sessions
            WHERE token_hash = \(tokenHash) AND revoked_at IS NULL AND expires_at > \(time)
            """)
        for try await (account, device, expires) in rows.decode((UUID, String, Date).self) {
            guard let device = DeviceID(device) else { throw StoreError.corrupt("session device") }
            return (AccountID(account), device, expires)
        }
        return nil
    }

    /// Revokes every live session of a device (a device has one login at a time).
    public func revokeSessions(account: AccountID, device: DeviceID, at time: Date) async throws {
        try await run(
            """
            UPDATE sessions SET revoked_at = \(time)
            WHERE account_id = \(account.uuid) AND device_id = \(device.value) AND revoked_at IS NULL
            """)
    }

    // MARK: Routes

    /// The owner of a validated number and its available devices' contacts, in one indexed query
    /// (`account_numbers_owner`, then `devices_available`).
    public func route(_ number: E164Number) async throws -> (AccountID, [(DeviceID, DeviceContact)])? {
        let rows = try await run(
            """
            SELECT n.account_id, d.device_id, d.contact_uri, d.contact_transport, d.contact_codecs,
                   d.contact_bandwidth_kbps
            FROM account_numbers n
            LEFT JOIN devices d ON d.account_id = n.account_id
                AND d.login_state = 'logged_in' AND d.connection_state = 'connected' AND d.contact_uri IS NOT NULL
            WHERE n.e164 = \(number.digits) AND n.validated_at IS NOT NULL
            ORDER BY d.device_id
            """)
        var owner: AccountID?
        var contacts: [(DeviceID, DeviceContact)] = []
        for try await (account, deviceID, uri, transport, codecs, bandwidth) in rows.decode(
            (UUID, String?, String?, String?, [String]?, Int?).self)
        {
            owner = AccountID(account)
            if let deviceID, let id = DeviceID(deviceID), let uri {
                contacts.append((id, DeviceContact(
                    uri: uri, transport: transport ?? "udp", codecs: codecs ?? [], bandwidthKbps: bandwidth)))
            }
        }
        return owner.map { ($0, contacts) }
    }
}
