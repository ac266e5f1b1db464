import Foundation
import GatewayRuntime
import MediaBridgeService
import MediaCodecs
import RoutingService
import TelecomTypes
import NIOConcurrencyHelpers

/// The demo's media: the CE's test tone, the check of the answered call's voice, the voicemail prompts.
enum DemoMedia {
    /// The 1 kHz tone the CE sends, 1 s (a whole number of cycles, so it loops without a click), about −12 dBm0.
    static let tone: [Int16] = (0..<8000).map { Int16(8000 * sin(2 * Double.pi * 1000 * Double($0) / 8000)) }

    /// The answered call's voice, both ways: the tone must come back on the call's timeslot between answer and
    /// release — only the device's RTP echo can put it there (before the answer the timeslot carries ringback).
    static func voiceCheck(
        ce: PseudowireToneCE?, timeslots: [Int], cic: CircuitIdentificationCode, answeredAt: Int, releasedAt: Int
    ) -> (ok: Bool, summary: String) {
        guard let ce, timeslots.contains(Int(cic.value)) else { return (false, "no media bridge for CIC \(cic)") }
        let heard = ce.heard(timeslot: Int(cic.value))
        guard releasedAt <= heard.count, answeredAt < releasedAt else { return (false, "no audio on the timeslot") }
        // The first half second after the answer is the loop's delay (ANM → RTP out → echo → playout → E1).
        let talk = Array(heard[answeredAt..<releasedAt].joined().dropFirst(4000))
        // 100 ms windows: the share carrying the tone cleanly (SNR > 20 dB), and the best.
        let windows = ToneMeasurement.windows(talk, frequency: 1000)
        let clean = windows.filter { $0 > 20 }.count
        let best = windows.max() ?? -.infinity
        let summary = "\(releasedAt - answeredAt) pseudowire packets while answered; "
            + "the tone came back through the phone in \(clean) of \(windows.count) 100 ms windows after the first 0.5 s "
            + "(best SNR \(best.isFinite ? String(format: "%.1f", best) : "-") dB)"
        // 300 ms of clean tone is proof the path carries voice both ways; the count shows its quality (on a loaded
        // machine the RTP playout's underruns cost windows, not the path).
        return (clean >= 3, summary)
    }

    /// conf/prompts' greeting and beep when the demo runs from the repository; else a short tone pair.
    static func prompts() -> VoicemailPrompts {
        (try? VoicemailPrompts.load(directory: "conf/prompts"))
            ?? VoicemailPrompts(
                greeting: (0..<8000).map { Int16(4000 * sin(2 * Double.pi * 440 * Double($0) / 8000)) },
                beep: (0..<2000).map { Int16(4000 * sin(2 * Double.pi * 1400 * Double($0) / 8000)) })
    }

}

/// A ``VoicemailRecorder`` that passes everything on and keeps a copy of the audio and of each outcome.
final class VoicemailTap: VoicemailRecorder, @unchecked Sendable {
    private let next: any VoicemailRecorder
    private let state = NIOLockedValueBox<(bytes: [UInt8], kept: [Bool], missed: [String])>(([], [], []))

    init(_ next: any VoicemailRecorder) { self.next = next }

    var bytes: [UInt8] { state.withLockedValue { $0.bytes } }
    var kept: [Bool] { state.withLockedValue { $0.kept } }
    /// The reasons of the calls reported without a message, once the routing server took them.
    var missed: [String] { state.withLockedValue { $0.missed } }

    func begin(_ call: UnansweredCall) throws -> any VoicemailUpload {
        Upload(next: try next.begin(call), tap: self)
    }

    func unanswered(_ call: UnansweredCall) async throws {
        try await next.unanswered(call)
        state.withLockedValue { $0.missed.append(call.reason) }
    }

    struct Upload: VoicemailUpload {
        let next: any VoicemailUpload
        let tap: VoicemailTap

        func append(_ aLaw: [UInt8]) throws {
            try next.append(aLaw)
            tap.state.withLockedValue { $0.bytes += aLaw }
        }

        func finish(keep: Bool, keptLength: Duration) async throws {
            try await next.finish(keep: keep, keptLength: keptLength)
            tap.state.withLockedValue { $0.kept.append(keep) }
        }
    }
}
