public import PostgresNIO
public import RoutingCore
public import Foundation

extension RoutingTransaction {
    static let carrierColumns = """
        id, country, mcc, mnc, name, technology, c_number, prefixes, provisioning_type, provisioning_url, \
        provisioning_token
        """

    /// The catalog ordered by country, MCC and MNC.
    public func carriers() async throws -> [Carrier] {
        try await carriers(PostgresQuery(unsafeSQL: "SELECT \(Self.carrierColumns) FROM carriers ORDER BY country, mcc, mnc"))
    }

    public func carrier(_ id: CarrierID, lock: Bool = false) async throws -> Carrier? {
        var binds = PostgresBindings()
        binds.append(id.uuid)
        let sql = "SELECT \(Self.carrierColumns) FROM carriers WHERE id = $1" + (lock ? " FOR UPDATE" : "")
        return try await carriers(PostgresQuery(unsafeSQL: sql, binds: binds)).first
    }

    public func carrier(mcc: String, mnc: String) async throws -> Carrier? {
        var binds = PostgresBindings()
        binds.append(mcc)
        binds.append(mnc)
        let sql = "SELECT \(Self.carrierColumns) FROM carriers WHERE mcc = $1 AND mnc = $2"
        return try await carriers(PostgresQuery(unsafeSQL: sql, binds: binds)).first
    }

    /// The carriers with a prefix that starts `number` (the caller picks the longest match).
    public func carriers(serving number: E164Number) async throws -> [Carrier] {
        var binds = PostgresBindings()
        binds.append("+" + number.digits)
        let sql = """
            SELECT \(Self.carrierColumns) FROM carriers
            WHERE EXISTS (SELECT 1 FROM unnest(prefixes) p WHERE starts_with($1, p))
            """
        return try await carriers(PostgresQuery(unsafeSQL: sql, binds: binds))
    }

    private func carriers(_ query: PostgresQuery) async throws -> [Carrier] {
        var result: [Carrier] = []
        for try await row in try await run(query) {
            let (id, country, mcc, mnc, name, technology, cNumber, prefixes, type, url, token) = try row.decode(
                (UUID, String, String, String, String, String, String, [String], String, String?, String?).self)
            let provisioning: ProvisioningIntegration =
                type == "http" ? .http(url: url ?? "", token: token ?? "") : .none
            do {
                let definition = try CarrierDefinition(
                    country: country, mcc: mcc, mnc: mnc, name: name, technology: technology, cNumber: cNumber,
                    prefixes: prefixes, provisioning: provisioning)
                result.append(Carrier(id: CarrierID(id), definition: definition))
            } catch {
                throw StoreError.corrupt("carrier \(id): \(error)")
            }
        }
        return result
    }

    /// Inserts a carrier; a unique violation (same MCC/MNC) surfaces as `PSQLError.isUniqueViolation`.
    public func insertCarrier(_ carrier: Carrier) async throws {
        let d = carrier.definition
        let (type, url, token) = Self.provisioningColumns(d.provisioning)
        try await run(
            """
            INSERT INTO carriers (\(unescaped: Self.carrierColumns))
            VALUES (\(carrier.id.uuid), \(d.country), \(d.mcc), \(d.mnc), \(d.name), \(d.technology.rawValue),
                    \(d.cNumber.description), \(d.prefixes), \(type), \(url), \(token))
            """)
    }

    /// Updates a carrier; returns whether it existed.
    public func updateCarrier(_ carrier: Carrier) async throws -> Bool {
        let d = carrier.definition
        let (type, url, token) = Self.provisioningColumns(d.provisioning)
        return try await count(
            """
            UPDATE carriers SET country = \(d.country), mcc = \(d.mcc), mnc = \(d.mnc), name = \(d.name),
                technology = \(d.technology.rawValue), c_number = \(d.cNumber.description), prefixes = \(d.prefixes),
                provisioning_type = \(type), provisioning_url = \(url), provisioning_token = \(token)
            WHERE id = \(carrier.id.uuid) RETURNING id
            """) > 0
    }

    /// Deletes a carrier; returns whether it existed.
    public func deleteCarrier(_ id: CarrierID) async throws -> Bool {
        try await count("DELETE FROM carriers WHERE id = \(id.uuid) RETURNING id") > 0
    }

    static func provisioningColumns(_ provisioning: ProvisioningIntegration) -> (String, String?, String?) {
        switch provisioning {
        case .none: ("none", nil, nil)
        case .http(let url, let token): ("http", url, token)
        }
    }

    // MARK: Forwarding

    /// The forwarding state of a number with its history; `lock` holds it until the end of the transaction.
    public func forwarding(_ number: E164Number, lock: Bool = false) async throws -> ForwardingActivation? {
        var binds = PostgresBindings()
        binds.append(number.digits)
        let sql = "SELECT state, method, code, c_number, carrier_id, deactivating FROM forwarding WHERE e164 = $1"
            + (lock ? " FOR UPDATE" : "")
        var header: (String, String?, String?, String?, UUID?, Bool)?
        for try await row in try await run(PostgresQuery(unsafeSQL: sql, binds: binds)).decode(
            (String, String?, String?, String?, UUID?, Bool).self)
        {
            header = row
        }
        guard let (state, method, code, cNumber, carrierID, deactivating) = header else { return nil }
        var history: [ForwardingTransition] = []
        let rows = try await run(
            "SELECT from_state, to_state, at, detail FROM forwarding_events WHERE e164 = \(number.digits) ORDER BY id")
        for try await (from, to, at, detail) in rows.decode((String, String, Date, String).self) {
            guard let from = ForwardingActivation.Phase(rawValue: from), let to = ForwardingActivation.Phase(rawValue: to)
            else { throw StoreError.corrupt("forwarding event of \(number)") }
            history.append(ForwardingTransition(from: from, to: to, at: at, detail: detail))
        }
        guard let phase = ForwardingActivation.Phase(rawValue: state) else {
            throw StoreError.corrupt("forwarding state of \(number)")
        }
        return ForwardingActivation(
            number: number, phase: phase, method: method.flatMap(ForwardingActivation.Method.init(rawValue:)),
            code: code, cNumber: try cNumber.map { try E164Number.stored(String($0.dropFirst())) },
            carrierID: carrierID.map(CarrierID.init), deactivating: deactivating, history: history)
    }

    /// Stores the state and the history entries after the first `storedHistory` ones.
    public func saveForwarding(_ activation: ForwardingActivation, storedHistory: Int) async throws {
        try await lockNumber(activation.number)
        try await run(
            """
            INSERT INTO forwarding (e164, state, method, code, c_number, carrier_id, deactivating)
            VALUES (\(activation.number.digits), \(activation.phase.rawValue), \(activation.method?.rawValue),
                    \(activation.code), \(activation.cNumber?.description), \(activation.carrierID?.uuid),
                    \(activation.deactivating))
            ON CONFLICT (e164) DO UPDATE SET state = excluded.state, method = excluded.method, code = excluded.code,
                c_number = excluded.c_number, carrier_id = excluded.carrier_id, deactivating = excluded.deactivating
            """)
        for transition in activation.history.dropFirst(storedHistory) {
            try await run(
                """
                INSERT INTO forwarding_events (e164, from_state, to_state, at, detail)
                VALUES (\(activation.number.digits), \(transition.from.rawValue), \(transition.to.rawValue),
                        \(transition.at), \(transition.detail))
                """)
        }
    }
}
