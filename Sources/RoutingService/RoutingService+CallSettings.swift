import AudioFileWire
public import Foundation
public import RoutingCore
import RoutingStore

/// A subscriber's own call settings (issue 7 item 2: the ring timeout "default 25 s, per account"; "the account's
/// greeting (a default in conf/prompts/)").
public struct AccountCallSettings: Hashable, Sendable {
    /// Seconds the devices ring before voicemail; nil: the gateway's `[sip] ring-timeout`.
    public var ringTimeoutSeconds: Int?
    /// The recorded greeting (a mono 8 kHz WAVE file); nil: the default prompt.
    public var greeting: [UInt8]?

    public init(ringTimeoutSeconds: Int? = nil, greeting: [UInt8]? = nil) {
        self.ringTimeoutSeconds = ringTimeoutSeconds
        self.greeting = greeting
    }
}

extension RoutingService {
    /// The range a subscriber may set: long enough for a phone in a pocket, short of the MSC's own no-answer
    /// timers (ISUP T9 is 90–180 s, Q.764 Annex A).
    public static let ringTimeoutRange = 5...120
    /// The longest greeting kept (60 s of 8 kHz 16-bit audio is 960,000 bytes).
    public static let greetingMaximumSeconds = 60.0
    public static let greetingMaximumBytes = 1 << 20

    /// The session account's settings (`GET /v1/me/voicemail-settings`).
    public func callSettings(token: String) async throws -> AccountCallSettings {
        try await database.transaction { tx in
            let session = try await self.session(tx, token: token)
            return AccountCallSettings(
                ringTimeoutSeconds: try await tx.ringTimeout(account: session.accountID),
                greeting: try await tx.greeting(account: session.accountID))
        }
    }

    /// Sets the ring timeout (`PUT /v1/me/voicemail-settings`); nil returns to the gateway's.
    public func setRingTimeout(token: String, seconds: Int?) async throws -> AccountCallSettings {
        if let seconds, !Self.ringTimeoutRange.contains(seconds) {
            throw RoutingError.invalidRequest(
                "ring_timeout_seconds must be from \(Self.ringTimeoutRange.lowerBound) to \(Self.ringTimeoutRange.upperBound)")
        }
        return try await database.transaction { tx in
            let session = try await self.session(tx, token: token)
            try await tx.setRingTimeout(account: session.accountID, seconds: seconds)
            return AccountCallSettings(
                ringTimeoutSeconds: seconds, greeting: try await tx.greeting(account: session.accountID))
        }
    }

    /// Stores the session account's greeting (`PUT /v1/me/voicemail-greeting`): a WAVE file (RIFF), mono 8 kHz,
    /// A-law, µ-law or 16-bit linear, 0.5 to 60 s — what the gateway plays on the timeslot as it is.
    public func setGreeting(token: String, audio: [UInt8]) async throws {
        guard audio.count <= Self.greetingMaximumBytes else {
            throw RoutingError.invalidRequest("the greeting is larger than \(Self.greetingMaximumBytes) bytes")
        }
        let wav: WAVAudio
        do {
            wav = try WAVAudio(decoding: audio)
        } catch {
            throw RoutingError.invalidRequest("the greeting is not a WAVE file: \(error)")
        }
        guard wav.sampleRate == 8000, wav.channels == 1 else {
            throw RoutingError.invalidRequest(
                "the greeting must be mono 8 kHz, not \(wav.channels) channel(s) at \(wav.sampleRate) Hz")
        }
        guard (0.5...Self.greetingMaximumSeconds).contains(wav.duration) else {
            throw RoutingError.invalidRequest("the greeting must last 0.5 to 60 seconds, not \(wav.duration) s")
        }
        let time = now()
        try await database.transaction { tx in
            let session = try await self.session(tx, token: token)
            try await tx.setGreeting(account: session.accountID, audio: audio, at: time)
        }
    }

    /// Removes the session account's greeting (`DELETE /v1/me/voicemail-greeting`): callers hear the default.
    public func deleteGreeting(token: String) async throws {
        try await database.transaction { tx in
            let session = try await self.session(tx, token: token)
            guard try await tx.deleteGreeting(account: session.accountID) else {
                throw RoutingError.notFound("greeting")
            }
        }
    }

    /// What the gateway needs for a call to `number` (`GET /v1/gateway/numbers/{e164}/call-settings`): the
    /// settings of the account that validated it; `.notFound` when none did.
    public func callSettings(number text: String) async throws -> AccountCallSettings {
        let number = try parse(text)
        return try await database.read { tx in
            guard let account = try await tx.owner(of: number) else { throw RoutingError.notFound("number \(number)") }
            return AccountCallSettings(
                ringTimeoutSeconds: try await tx.ringTimeout(account: account),
                greeting: try await tx.greeting(account: account))
        }
    }
}
