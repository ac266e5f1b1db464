public import RoutingCore
public import RoutingService
public import SMPPClient

/// The routing server's SMS leg to a real SMSC: each message is one SMPP 3.4 `submit_sm` (§4.4) through the bound
/// ESME session of `client`.
public struct SMPPSMSSender: SMSSender {
    public let client: SMPPClient

    public init(client: SMPPClient) {
        self.client = client
    }

    public func send(to destination: E164Number, from source: String, text: String) async throws {
        _ = try await client.send(to: destination.description, from: source, text: text)
    }
}
