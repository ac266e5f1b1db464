import AudioFileWire
import Foundation
import GatewayRuntime
import ISUPProtocol
import ISUPWire
import MediaBridge
import MediaBridgeService
import MediaCodecs
import MediaTransport
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RerouteTestSupport
import RoutingClient
import RoutingService
import TelecomTypes
import Testing
import VoicemailProtocol

/// The voicemail deposit of a forwarded call nobody answered (issue 7 item 2), end to end on loopback: MSC over
/// M3UA, the E1 as a CESoPSN pseudowire (`PseudowireToneCE`), a sipp device that rings until the ring timeout,
/// and a recorder standing in for the routing server's voicemail store.
@Suite("Voicemail for an unanswered forwarded call: ANM, greeting, beep, the message recorded (issue 7 item 2)", .serialized)
struct ForkedCallVoicemailTests {

    /// Keeps what the gateway stores, as the routing server would.
    final class Recorder: VoicemailRecorder, @unchecked Sendable {
        let lock = NIOLock()
        var audio: [UInt8] = []
        var kept: Bool?
        var keptLength: Duration?
        var calls: [UnansweredCall] = []
        var missed: [UnansweredCall] = []

        func begin(_ call: UnansweredCall) throws -> any VoicemailUpload {
            lock.withLock { calls.append(call) }
            return Upload(recorder: self)
        }

        func unanswered(_ call: UnansweredCall) async throws { lock.withLock { missed.append(call) } }

        var recordedBytes: Int { lock.withLock { audio.count } }

        struct Upload: VoicemailUpload {
            let recorder: Recorder
            func append(_ aLaw: [UInt8]) throws { recorder.lock.withLock { recorder.audio += aLaw } }
            func finish(keep: Bool, keptLength: Duration) async throws {
                recorder.lock.withLock {
                    recorder.kept = keep
                    recorder.keptLength = keptLength
                }
            }
        }
    }

    /// What one deposit left behind.
    struct Deposit {
        var heard: [Int16]
        var recorder: Recorder
        var cic: CircuitIdentificationCode
        /// From the moment the caller went quiet (or pressed `#`) to the gateway's REL.
        var releaseAfter: Duration
        /// From placing the call to its ANM (or CON): the ring time the gateway used.
        var answeredAfter: Duration = .zero
    }

    /// A forwarded call nobody answers (ring timeout 2 s) goes to voicemail; the caller speaks (1 kHz) until 1.5 s of
    /// message is recorded, then `then` is what the caller sends (silence, or a key), until the gateway releases.
    func deposit(
        silenceTimeout: Duration, then: [Int16], devicesAvailable: Bool = true, ringTimeout: Int = 2,
        account: AccountCallPreferences = AccountCallPreferences()
    ) async throws -> Deposit {
        try await MachineLoadGate.realTime {
            // The caller speaks (a 1 kHz tone) from the start.
            let loop = try await MediaLoopback.start(
                signal: TestSignals.tone(1000, seconds: 1, amplitude: 2000), duration: .seconds(30))
            let (media, ce) = (loop.media, loop.ce)
            let recorder = Recorder()
            let voicemail = GatewayVoicemail(
                recorder: recorder,
                prompts: VoicemailPrompts(
                    greeting: TestSignals.tone(600, seconds: 0.5, amplitude: 4000),
                    beep: TestSignals.tone(1400, seconds: 0.2, amplitude: 4000)),
                configuration: VoicemailConfiguration(
                    maximumLength: .seconds(20), silenceTimeout: silenceTimeout, noInputTimeout: .seconds(5)))
            // With no device available the routing server answers so and nothing rings (sipp is never called).
            let device = try ForkDevice.start(ForkDevice.ringUntilCancelled(reason: "Q.850;cause=19"))
            var routing = ForkedCallTests.FixedRouting(ports: [device.port])
            routing.available = devicesAvailable
            routing.preferences = account
            // What the timeslot heard from the moment the call is placed: ringback (425 Hz) until the answer, then the
            // greeting and the beep. Counting from the placement, not from when this task sees the ANM: on a loaded
            // machine that can be later than the whole half-second greeting.
            let placedAt = ce.receivedCount
            var cic = CircuitIdentificationCode(0)
            var releaseAfter = Duration.zero
            var answeredAfter = Duration.zero
            try await ForkedCallTests.withGateways(
                ports: [device.port], ringTimeout: ringTimeout, media: media, voicemail: voicemail, routing: routing
            ) {
                msc, events, _ in
                let placing = ContinuousClock.now
                let placed = try await ForkedCallTests.placeForwardedCall(msc)
                cic = placed
                #expect(try await events.wait(for: 1) {
                    switch $0 {
                    case .callProgress(placed, .answered), .callProgress(placed, .connected): true
                    default: false
                    }
                }, "no ANM: \(ForkedCallTests.progress(events, placed))")
                answeredAfter = ContinuousClock.now - placing
                // 1.5 s of the message recorded, then the caller goes quiet or presses a key.
                let end = ContinuousClock.now + .seconds(15)
                while recorder.recordedBytes < 12_000 {
                    guard ContinuousClock.now < end else { throw UDPPeer.Timeout() }
                    try await Task.sleep(for: .milliseconds(20))
                }
                let quiet = ContinuousClock.now
                ce.setSignal(then)
                #expect(try await events.wait(for: 1) { if case .callReleased(placed, _) = $0 { true } else { false } })
                releaseAfter = ContinuousClock.now - quiet
                #expect(ForkedCallTests.released(events, placed) == .normalCallClearing)
                if devicesAvailable {
                    #expect(ForkedCallTests.progress(events, placed) == ["ACM subscriber free", "ANM"])
                    #expect(await device.finish() == 0, "the device was not CANCELled: \(device.errors)")
                } else {
                    // Q.764 §2.1.7: answered before any ACM → CON.
                    #expect(ForkedCallTests.progress(events, placed) == ["CON"])
                }
            }
            let heard = Array(ce.heard(timeslot: Int(cic.value))[placedAt...].joined())
            try await loop.stop()
            return Deposit(
                heard: heard, recorder: recorder, cic: cic, releaseAfter: releaseAfter, answeredAfter: answeredAfter)
        }
    }

    @Test(
        "Q.764 §2.1.7 / issue 7: ring timeout → ANM, greeting then beep on the timeslot, the caller's words recorded until silence, REL 16 from the gateway; the message kept without the trailing silence",
        .enabled(if: ForkDevice.executable != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(8)))
    func messageAfterRingTimeout() async throws {
        let result = try await deposit(silenceTimeout: .seconds(1), then: [])
        let recorder = result.recorder
        // The greeting, then the beep, on the caller's timeslot (ringback before them is 425 Hz, not counted).
        let greetingWindows = ToneMeasurement.windows(result.heard, frequency: 600, window: 400, step: 400)
        let beepWindows = ToneMeasurement.windows(result.heard, frequency: 1400, window: 400, step: 400)
        let firstGreeting = try #require(greetingWindows.firstIndex { $0 > 20 }, "no greeting: \(greetingWindows.prefix(40).map { Int($0) })")
        let firstBeep = try #require(beepWindows.firstIndex { $0 > 20 }, "no beep")
        #expect(firstBeep > firstGreeting)
        // The message: recorded A-law carrying the caller's tone, kept; the call reported with its reason.
        let message = G711Codec.decode(recorder.lock.withLock { recorder.audio }, law: .aLaw)
        // The caller's tone is in it (a clean 100 ms window at least): this checks the path, not its quality under a
        // loaded test run, where the CE's thread starves and the pseudowire slips (the bridge's quality is measured on
        // a virtual clock in MediaBridgeTests, and by the demo).
        let windows = ToneMeasurement.windows(message, frequency: 1000)
        #expect(message.count >= 12_000 && windows.contains { $0 > 20 }, "100 ms windows: \(windows.map { Int($0) })")
        #expect(recorder.lock.withLock { recorder.kept } == true)
        #expect(recorder.lock.withLock { recorder.calls.map(\.reason) } == ["no_answer"])
        #expect(recorder.lock.withLock { recorder.calls.first?.called } == ForkedCallTests.subscriber)
        // The second of silence that ended it is not kept (VoicemailOutcome.keptLength: up to the last voiced frame).
        let recorded = Duration.milliseconds(message.count / 8)
        let kept = try #require(recorder.lock.withLock { recorder.keptLength })
        #expect(kept >= .milliseconds(1400) && recorded - kept >= .milliseconds(800), "kept \(kept) of \(recorded)")
    }

    @Test(
        "Issue 7 item 2 / Q.24: the caller's # on the timeslot ends the message at once (silence would take 8 s here); the message kept",
        .enabled(if: ForkDevice.executable != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(8)))
    func hashEndsTheMessage() async throws {
        // 100 ms pause, # for 80 ms (Q.23 tones from spandsp), then silence (looped by the CE every 10 s).
        let generator = try DTMFGenerator(level: -10, onMilliseconds: 80, offMilliseconds: 80)
        generator.enqueue([DTMFDigit(character: "#")!])
        var key = [Int16](repeating: 0, count: 800)
        while true {
            let chunk = generator.generate(samples: 160)
            if chunk.isEmpty { break }
            key += chunk
        }
        let result = try await deposit(silenceTimeout: .seconds(8), then: key + [Int16](repeating: 0, count: 80_000))
        #expect(result.releaseAfter < .seconds(4), "released \(result.releaseAfter) after the key")
        #expect(result.recorder.lock.withLock { result.recorder.kept } == true)
    }

    @Test(
        "Issue 7 item 2: no device available → voicemail at once (CON, greeting, beep, the message recorded, REL 16), reason no_device_available",
        .enabled(if: ForkDevice.executable != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(8)))
    func voicemailAtOnceWhenNoDeviceIsAvailable() async throws {
        let result = try await deposit(silenceTimeout: .seconds(1), then: [], devicesAvailable: false)
        let greetingWindows = ToneMeasurement.windows(result.heard, frequency: 600, window: 400, step: 400)
        #expect(greetingWindows.contains { $0 > 20 }, "no greeting")
        #expect(result.recorder.lock.withLock { result.recorder.calls.map(\.reason) } == ["no_device_available"])
        #expect(result.recorder.lock.withLock { result.recorder.kept } == true)
    }

    @Test(
        "Issue 7 item 2: the account's own ring timeout (1 s, the gateway's 20 s) and recorded greeting (900 Hz) are used instead of the gateway's; the default greeting is not played",
        .enabled(if: ForkDevice.executable != nil, "sipp (Debian sip-tester) is not installed"), .timeLimit(.minutes(8)))
    func accountRingTimeoutAndGreeting() async throws {
        let greeting = WAVAudio(pcm16: TestSignals.tone(900, seconds: 0.6, amplitude: 4000), sampleRate: 8000).encoded()
        let result = try await deposit(
            silenceTimeout: .seconds(1), then: [], ringTimeout: 20,
            account: AccountCallPreferences(ringTimeout: .seconds(1), greeting: greeting))
        // Voicemail answered after the account's 1 s of ringing, long before the gateway's own 20 s could fire.
        #expect(result.answeredAfter < .seconds(15), "answered after \(result.answeredAfter): not the account's ring timeout")
        let account = ToneMeasurement.windows(result.heard, frequency: 900, window: 400, step: 400)
        let fallback = ToneMeasurement.windows(result.heard, frequency: 600, window: 400, step: 400)
        #expect(account.contains { $0 > 20 }, "no account greeting: \(account.prefix(40).map { Int($0) })")
        #expect(!fallback.contains { $0 > 20 }, "the default greeting was played")
        #expect(result.recorder.lock.withLock { result.recorder.calls.map(\.reason) } == ["no_answer"])
    }
}
