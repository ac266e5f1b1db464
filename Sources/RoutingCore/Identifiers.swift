public import Foundation

/// An identifier that is a UUID, written in lower case (how the store and the API show it).
public protocol UUIDIdentifier: Hashable, Sendable, CustomStringConvertible {
    var uuid: UUID { get }
    init(_ uuid: UUID)
}

extension UUIDIdentifier {
    /// Parses the textual form; nil when it is not a UUID.
    public init?(_ text: String) {
        guard let uuid = UUID(uuidString: text) else { return nil }
        self.init(uuid)
    }

    public var description: String { uuid.uuidString.lowercased() }
}

/// Identifies an account. Values are made by the caller from injected randomness (never `UUID()` in this layer).
public struct AccountID: UUIDIdentifier {
    public let uuid: UUID
    public init(_ uuid: UUID) { self.uuid = uuid }
}

/// Identifies one validation attempt.
public struct ValidationID: UUIDIdentifier {
    public let uuid: UUID
    public init(_ uuid: UUID) { self.uuid = uuid }
}

/// Identifies a carrier in the catalog.
public struct CarrierID: UUIDIdentifier {
    public let uuid: UUID
    public init(_ uuid: UUID) { self.uuid = uuid }
}

/// Identifies a device of an account: chosen by the client app (stable per installation), unique within the account.
public struct DeviceID: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// Accepts 1–128 printable ASCII characters without spaces.
    public init?(_ value: String) {
        guard (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return nil }
        self.value = value
    }
    public var description: String { value }
}

/// Builds a version 4 UUID (RFC 9562 §5.4) from 16 injected random bytes.
public func makeUUID(randomBytes bytes: [UInt8]) -> UUID {
    precondition(bytes.count == 16, "a UUID takes 16 random bytes")
    var b = bytes
    b[6] = (b[6] & 0x0F) | 0x40  // version 4
    b[8] = (b[8] & 0x3F) | 0x80  // variant 10
    return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
}
