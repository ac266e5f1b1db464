public import Foundation
public import RoutingCore

/// Sends an RFC 3428 MESSAGE to every registered device of an account (the SIP side implements it).
///
/// `idempotencyKey` is the alert's id: the same on every retry of one alert, so a sender may put it in the
/// request (e.g. as the Call-ID) and a device may drop a duplicate. Returns how many devices answered 2xx;
/// 0 (no device registered, or none accepted) counts as a failed attempt and the alert is retried.
public protocol SIPMessageSender: Sendable {
    func sendMessage(to account: AccountID, body: String, idempotencyKey: UUID) async throws -> Int
}

/// One MESSAGE kept by ``RecordingSIPMessageSender``.
public struct SentSIPMessage: Hashable, Sendable {
    public let account: AccountID
    public let body: String
    public let idempotencyKey: UUID
}

/// Keeps every MESSAGE and answers with a scripted device count (tests).
public actor RecordingSIPMessageSender: SIPMessageSender {
    public private(set) var messages: [SentSIPMessage] = []
    /// Devices that accept each MESSAGE (0: nobody registered).
    public var devices: Int

    public init(devices: Int = 1) { self.devices = devices }

    public func setDevices(_ count: Int) { devices = count }

    public func sendMessage(to account: AccountID, body: String, idempotencyKey: UUID) async throws -> Int {
        messages.append(SentSIPMessage(account: account, body: body, idempotencyKey: idempotencyKey))
        return devices
    }
}
