/// The schema of the routing server, as ordered migrations. A migration is never edited once released: changes
/// come as a new version appended here.
public struct RoutingMigration: Sendable {
    public let version: Int
    public let name: String
    /// Statements run in one transaction, in order.
    public let statements: [String]
}

public enum RoutingMigrations {
    public static let all: [RoutingMigration] = [initial, callRecords, voicemails, callSettings, outboundCalls]

    static let initial = RoutingMigration(
        version: 1, name: "accounts, numbers, validations, devices, sessions, carriers, forwarding",
        statements: [
            """
            CREATE TABLE accounts (
                id uuid PRIMARY KEY,
                password_hash text NOT NULL,
                created_at timestamptz NOT NULL
            )
            """,
            // One row per number ever seen: locking it serialises every change of the number's ownership.
            """
            CREATE TABLE numbers (
                e164 text PRIMARY KEY CHECK (e164 ~ '^[1-9][0-9]{6,14}$')
            )
            """,
            """
            CREATE TABLE account_numbers (
                account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                e164 text NOT NULL REFERENCES numbers (e164),
                role text NOT NULL CHECK (role IN ('primary', 'secondary')),
                linked_at timestamptz NOT NULL,
                validated_at timestamptz,
                PRIMARY KEY (account_id, e164),
                CHECK (role = 'secondary' OR validated_at IS NOT NULL)
            )
            """,
            // A number is validated on at most one account; an account has at most one primary.
            "CREATE UNIQUE INDEX account_numbers_owner ON account_numbers (e164) WHERE validated_at IS NOT NULL",
            "CREATE UNIQUE INDEX account_numbers_primary ON account_numbers (account_id) WHERE role = 'primary'",
            "CREATE INDEX account_numbers_e164 ON account_numbers (e164)",
            """
            CREATE TABLE validations (
                id uuid PRIMARY KEY,
                account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                e164 text NOT NULL REFERENCES numbers (e164),
                method text NOT NULL
                    CHECK (method IN ('sms_code', 'call_code', 'sms_received', 'sms_from_phone', 'missed_call')),
                code text NOT NULL CHECK (code ~ '^[0-9]{6}$'),
                created_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL,
                owner_at_start uuid,
                max_wrong_tries integer NOT NULL,
                status text NOT NULL CHECK (status IN ('pending', 'validated', 'locked')),
                wrong_tries integer NOT NULL DEFAULT 0,
                finished_at timestamptz
            )
            """,
            "CREATE INDEX validations_pending ON validations (e164, method, created_at) WHERE status = 'pending'",
            """
            CREATE TABLE rate_events (
                key text NOT NULL,
                at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX rate_events_key_at ON rate_events (key, at)",
            """
            CREATE TABLE devices (
                account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                device_id text NOT NULL,
                name text NOT NULL,
                vendor text NOT NULL,
                os text NOT NULL,
                app_version text,
                push_provider text,
                push_param text,
                push_prid text,
                login_state text NOT NULL CHECK (login_state IN ('logged_in', 'logged_out')),
                connection_state text NOT NULL CHECK (connection_state IN ('connected', 'disconnected')),
                last_seen timestamptz,
                contact_uri text,
                contact_transport text,
                contact_codecs text[],
                contact_bandwidth_kbps integer,
                sip_username text UNIQUE,
                sip_ha1_md5 text,
                sip_ha1_sha256 text,
                PRIMARY KEY (account_id, device_id)
            )
            """,
            """
            CREATE INDEX devices_available ON devices (account_id)
                WHERE login_state = 'logged_in' AND connection_state = 'connected'
            """,
            """
            CREATE TABLE device_events (
                id bigserial PRIMARY KEY,
                account_id uuid NOT NULL,
                device_id text NOT NULL,
                kind text NOT NULL CHECK (kind IN ('login', 'registration', 'deregistration', 'connection_loss')),
                at timestamptz NOT NULL,
                detail text NOT NULL,
                FOREIGN KEY (account_id, device_id) REFERENCES devices (account_id, device_id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX device_events_device ON device_events (account_id, device_id, at)",
            """
            CREATE TABLE sessions (
                token_hash text PRIMARY KEY,
                account_id uuid NOT NULL,
                device_id text NOT NULL,
                created_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL,
                revoked_at timestamptz,
                FOREIGN KEY (account_id, device_id) REFERENCES devices (account_id, device_id) ON DELETE CASCADE
            )
            """,
            "CREATE INDEX sessions_device ON sessions (account_id, device_id) WHERE revoked_at IS NULL",
            """
            CREATE TABLE carriers (
                id uuid PRIMARY KEY,
                country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
                mcc text NOT NULL CHECK (mcc ~ '^[0-9]{3}$'),
                mnc text NOT NULL CHECK (mnc ~ '^[0-9]{2,3}$'),
                name text NOT NULL,
                technology text NOT NULL CHECK (technology IN ('gsm', 'cdma')),
                c_number text NOT NULL,
                prefixes text[] NOT NULL,
                provisioning_type text NOT NULL CHECK (provisioning_type IN ('none', 'http')),
                provisioning_url text,
                provisioning_token text,
                UNIQUE (mcc, mnc)
            )
            """,
            """
            CREATE TABLE forwarding (
                e164 text PRIMARY KEY REFERENCES numbers (e164),
                state text NOT NULL,
                method text,
                code text,
                c_number text,
                carrier_id uuid,
                deactivating boolean NOT NULL DEFAULT false
            )
            """,
            """
            CREATE TABLE forwarding_events (
                id bigserial PRIMARY KEY,
                e164 text NOT NULL REFERENCES forwarding (e164) ON DELETE CASCADE,
                from_state text NOT NULL,
                to_state text NOT NULL,
                at timestamptz NOT NULL,
                detail text NOT NULL
            )
            """,
            "CREATE INDEX forwarding_events_e164 ON forwarding_events (e164, id)",
        ])

    /// One row per forwarded call the gateway reported: who called which subscriber through which C number, why
    /// it was forwarded (Q.763 §3.45 redirection reason) and what became of it. `call_ref` is the gateway's id
    /// of the call, so a repeated report (a retry) adds no second row.
    static let callRecords = RoutingMigration(
        version: 2, name: "call detail records of forwarded calls",
        statements: [
            """
            CREATE TABLE call_records (
                call_ref text PRIMARY KEY,
                at timestamptz NOT NULL,
                calling text,
                called text,
                original_called text NOT NULL,
                reason text NOT NULL,
                outcome text NOT NULL
            )
            """,
            "CREATE INDEX call_records_original_called ON call_records (original_called, at)",
        ])

    /// Missed calls, voicemails and the durable alert outbox (issue 7 item 2, `docs/voicemail.md`). A missed call
    /// is keyed by the gateway's `call_ref`, the key of `call_records` too (which says what the gateway did with
    /// the call; this table adds whose it was, how the caller was presented and how long it lasted).
    static let voicemails = RoutingMigration(
        version: 3, name: "missed calls, voicemails, alert outbox",
        statements: [
            """
            CREATE TABLE missed_calls (
                id uuid PRIMARY KEY,
                call_ref text NOT NULL UNIQUE,
                account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                called text NOT NULL,
                caller text,
                presentation text NOT NULL CHECK (presentation IN ('allowed', 'restricted', 'unavailable')),
                at timestamptz NOT NULL,
                reason text NOT NULL,
                duration_ms integer NOT NULL CHECK (duration_ms >= 0),
                voicemail_expected boolean NOT NULL DEFAULT false
            )
            """,
            "CREATE INDEX missed_calls_account ON missed_calls (account_id, at DESC, id DESC)",
            """
            CREATE TABLE voicemails (
                id uuid PRIMARY KEY,
                missed_call_id uuid NOT NULL UNIQUE REFERENCES missed_calls (id) ON DELETE CASCADE,
                account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                file_name text NOT NULL UNIQUE,
                format text NOT NULL CHECK (format IN ('wav', 'ogg')),
                bytes bigint NOT NULL CHECK (bytes >= 0),
                duration_ms integer NOT NULL CHECK (duration_ms >= 0),
                created_at timestamptz NOT NULL,
                heard_at timestamptz
            )
            """,
            "CREATE INDEX voicemails_account ON voicemails (account_id, created_at DESC, id DESC)",
            """
            CREATE TABLE alert_outbox (
                id uuid PRIMARY KEY,
                account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
                channel text NOT NULL CHECK (channel IN ('sms', 'sip-message')),
                destination text NOT NULL,
                body text NOT NULL,
                collation_key text,
                available_again boolean NOT NULL DEFAULT false,
                attempts integer NOT NULL DEFAULT 0,
                next_attempt_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL,
                state text NOT NULL CHECK (state IN ('pending', 'delivered', 'expired')),
                created_at timestamptz NOT NULL,
                delivered_at timestamptz,
                last_error text
            )
            """,
            // At most one open (collating) alert per key: concurrent missed calls join it or one of them makes it.
            "CREATE UNIQUE INDEX alert_outbox_open ON alert_outbox (collation_key) WHERE collation_key IS NOT NULL",
            "CREATE INDEX alert_outbox_due ON alert_outbox (next_attempt_at) WHERE state = 'pending'",
            // Which missed calls an alert tells of (several when collated); its body is rendered from them.
            """
            CREATE TABLE alert_outbox_calls (
                alert_id uuid NOT NULL REFERENCES alert_outbox (id) ON DELETE CASCADE,
                missed_call_id uuid NOT NULL REFERENCES missed_calls (id) ON DELETE CASCADE,
                PRIMARY KEY (alert_id, missed_call_id)
            )
            """,
            "CREATE INDEX alert_outbox_calls_call ON alert_outbox_calls (missed_call_id)",
        ])

    /// Per-account call settings (issue 7 item 2: "on ring timeout (default 25 s, per account) ... play the
    /// account's greeting (a default in conf/prompts/)"): the ring timeout (NULL: the gateway's) and the recorded
    /// greeting (a WAVE file, mono 8 kHz, at most 60 s; none: the default prompt).
    static let callSettings = RoutingMigration(
        version: 4, name: "per-account ring timeout and voicemail greeting",
        statements: [
            "ALTER TABLE accounts ADD COLUMN ring_timeout_seconds integer CHECK (ring_timeout_seconds BETWEEN 5 AND 120)",
            """
            CREATE TABLE voicemail_greetings (
                account_id uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
                audio bytea NOT NULL,
                updated_at timestamptz NOT NULL
            )
            """,
        ])

    /// The outbound validation calls (OBD, issue 7 item 3) a gateway in another process places: a pending
    /// `call_code` validation is the request; a gateway claims it for a lease (so two gateways never both call), and
    /// reports it placed, or not placed (claimable again after a pause, at most three attempts).
    static let outboundCalls = RoutingMigration(
        version: 5, name: "outbound validation calls claimed by gateways",
        statements: [
            "ALTER TABLE validations ADD COLUMN call_claimed_until timestamptz",
            "ALTER TABLE validations ADD COLUMN call_attempts integer NOT NULL DEFAULT 0",
            "ALTER TABLE validations ADD COLUMN call_placed_at timestamptz",
            """
            CREATE INDEX validations_calls_due ON validations (created_at)
            WHERE method = 'call_code' AND status = 'pending' AND call_placed_at IS NULL
            """,
        ])
}
