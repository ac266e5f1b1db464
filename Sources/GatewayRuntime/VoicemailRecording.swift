public import AudioFileWire
public import Foundation
import MediaCodecs
public import RoutingService

/// Where the gateway's voicemail deposits go (issue 7 item 2): the routing server's missed calls and voicemail
/// store — in process (``RoutingServiceVoicemail``) or, later, over its HTTP API.
public protocol VoicemailRecorder: Sendable {
    /// Starts a message for `call`; the returned upload takes the caller's audio as it comes.
    func begin(_ call: UnansweredCall) throws -> any VoicemailUpload
    /// A call nobody answered and that left no message (the caller hung up before the beep, or said nothing).
    func unanswered(_ call: UnansweredCall) async throws
}

/// One message being recorded: A-law at 8 kHz straight from the timeslot.
public protocol VoicemailUpload: Sendable {
    func append(_ aLaw: [UInt8]) throws
    /// `keep`: store the first `keptLength` of the message (the silence that ended it is cut) and alert; else drop
    /// the audio and store a missed call only.
    func finish(keep: Bool, keptLength: Duration) async throws
}

/// ``VoicemailRecorder`` on the in-process routing server: the crash-safe voicemail spool, then one transaction
/// with the missed call, the voicemail and its alerts (docs/voicemail.md).
public struct RoutingServiceVoicemail: VoicemailRecorder {
    public let service: RoutingService

    public init(service: RoutingService) { self.service = service }

    public func begin(_ call: UnansweredCall) throws -> any VoicemailUpload {
        Upload(service: service, capture: try service.beginVoicemail(for: call, encoding: .aLaw, sampleRate: 8000))
    }

    public func unanswered(_ call: UnansweredCall) async throws {
        _ = try await service.reportUnansweredCall(call)
    }

    /// The bytes of `length` of A-law at 8 kHz (one byte per sample).
    static func aLawBytes(_ length: Duration) -> Int {
        Int(length.components.seconds * 8000 + length.components.attoseconds / 125_000_000_000_000)
    }

    struct Upload: VoicemailUpload {
        let service: RoutingService
        let capture: VoicemailCapture

        func append(_ aLaw: [UInt8]) throws { try capture.append(aLaw) }

        func finish(keep: Bool, keptLength: Duration) async throws {
            if keep {
                try capture.keepOnly(bytes: RoutingServiceVoicemail.aLawBytes(keptLength))
                _ = try await service.finishVoicemail(capture)
            } else {
                _ = try await service.discardVoicemail(capture)
            }
        }
    }
}

/// The prompts of a deposit: the greeting and the record tone, 8 kHz linear (from `greeting.wav` and `beep.wav`
/// of a prompts directory, G.711 or 16-bit WAVE at 8 kHz, as `scripts/make-prompts.sh` makes them).
public struct VoicemailPrompts: Sendable {
    public var greeting: [Int16]
    public var beep: [Int16]

    public init(greeting: [Int16], beep: [Int16]) {
        self.greeting = greeting
        self.beep = beep
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads `greeting.wav` and `beep.wav` from `directory`.
    public static func load(directory: String) throws -> VoicemailPrompts {
        VoicemailPrompts(
            greeting: try read(directory: directory, name: "greeting.wav"),
            beep: try read(directory: directory, name: "beep.wav"))
    }

    /// One prompt file of `directory`: mono 8 kHz WAVE (A-law, µ-law or 16-bit), as linear samples.
    static func read(directory: String, name: String) throws -> [Int16] {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LoadError(description: "\(path): cannot read the prompt")
            }
            do {
                return try samples(wav: [UInt8](data))
            } catch {
                throw LoadError(description: "\(path): \(error.description)")
            }
    }

    /// A prompt (a default one, or an account's greeting from the routing server) as linear samples: a mono
    /// 8 kHz WAVE file, A-law, µ-law or 16-bit.
    public static func samples(wav bytes: [UInt8]) throws(LoadError) -> [Int16] {
        let wav: WAVAudio
        do {
            wav = try WAVAudio(decoding: bytes)
        } catch {
            throw LoadError(description: "not a WAVE file (\(error))")
        }
        guard wav.sampleRate == 8000, wav.channels == 1 else {
            throw LoadError(description: "prompts must be mono 8 kHz, not \(wav.channels) × \(wav.sampleRate) Hz")
        }
        switch wav.encoding {
        case .aLaw: return G711Codec.decode(wav.data, law: .aLaw)
        case .muLaw: return G711Codec.decode(wav.data, law: .muLaw)
        case .pcm16: return wav.pcm16Samples ?? []
        }
    }
}
