public import RoutingCore
import RoutingStore

extension RoutingService {
    /// The whole catalog, ordered by country, MCC, MNC.
    public func listCarriers() async throws -> [Carrier] { [] }

    public func carrier(id: String) async throws -> Carrier {
        throw RoutingError.notFound("carrier")
    }

    /// Adds a carrier; `.carrierConflict` (409) when its MCC/MNC exists.
    public func createCarrier(_ definition: CarrierDefinition) async throws -> Carrier {
        throw RoutingError.notFound("createCarrier: not implemented yet")
    }

    public func updateCarrier(id: String, _ definition: CarrierDefinition) async throws -> Carrier {
        throw RoutingError.notFound("carrier")
    }

    public func deleteCarrier(id: String) async throws {
        throw RoutingError.notFound("carrier")
    }

    /// Imports a CSV catalog (see ``CarrierCSV``) in one transaction: all lines or none. Carriers with an MCC/MNC
    /// already present are updated. `.invalidCarrier("line N: …")` (400) on the first bad line.
    public func importCarriers(csv: String) async throws -> [Carrier] { [] }
}
