public import RoutingCore
import RoutingStore
import PostgresNIO

extension RoutingService {
    /// The whole catalog, ordered by country, MCC, MNC.
    public func listCarriers() async throws -> [Carrier] {
        try await database.read { tx in try await tx.carriers() }
    }

    public func carrier(id: String) async throws -> Carrier {
        guard let id = CarrierID(id) else { throw RoutingError.notFound("carrier") }
        guard let carrier = try await database.read({ tx in try await tx.carrier(id) }) else {
            throw RoutingError.notFound("carrier")
        }
        return carrier
    }

    /// Adds a carrier; `.carrierConflict` (409) when its MCC/MNC exists.
    public func createCarrier(_ definition: CarrierDefinition) async throws -> Carrier {
        let carrier = Carrier(id: CarrierID(newUUID()), definition: definition)
        do {
            try await database.transaction { tx in try await tx.insertCarrier(carrier) }
        } catch let error as PSQLError where error.isUniqueViolation {
            throw RoutingError.carrierConflict("a carrier with mcc \(definition.mcc) mnc \(definition.mnc) exists")
        }
        return carrier
    }

    public func updateCarrier(id: String, _ definition: CarrierDefinition) async throws -> Carrier {
        guard let id = CarrierID(id) else { throw RoutingError.notFound("carrier") }
        let carrier = Carrier(id: id, definition: definition)
        let found: Bool
        do {
            found = try await database.transaction { tx in try await tx.updateCarrier(carrier) }
        } catch let error as PSQLError where error.isUniqueViolation {
            throw RoutingError.carrierConflict("a carrier with mcc \(definition.mcc) mnc \(definition.mnc) exists")
        }
        guard found else { throw RoutingError.notFound("carrier") }
        return carrier
    }

    public func deleteCarrier(id: String) async throws {
        guard let id = CarrierID(id) else { throw RoutingError.notFound("carrier") }
        guard try await database.transaction({ tx in try await tx.deleteCarrier(id) }) else {
            throw RoutingError.notFound("carrier")
        }
    }

    /// Imports a CSV catalog (see ``CarrierCSV``) in one transaction: all lines or none. Carriers with an MCC/MNC
    /// already present are updated. `.invalidCarrier("line N: …")` (400) on the first bad line.
    public func importCarriers(csv: String) async throws -> [Carrier] {
        let definitions: [CarrierDefinition]
        do { definitions = try CarrierCSV.parse(csv) } catch { throw RoutingError.invalidCarrier(error.description) }
        let fresh = definitions.map { _ in CarrierID(newUUID()) }
        return try await database.transaction { tx in
            var imported: [Carrier] = []
            for (definition, id) in zip(definitions, fresh) {
                if let existing = try await tx.carrier(mcc: definition.mcc, mnc: definition.mnc) {
                    let carrier = Carrier(id: existing.id, definition: definition)
                    _ = try await tx.updateCarrier(carrier)
                    imported.append(carrier)
                } else {
                    let carrier = Carrier(id: id, definition: definition)
                    try await tx.insertCarrier(carrier)
                    imported.append(carrier)
                }
            }
            return imported
        }
    }
}
