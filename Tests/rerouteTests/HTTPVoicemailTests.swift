import AudioFileWire
import Foundation
import GatewayRuntime
import MediaCodecs
import NIOCore
import RerouteTestSupport
import RoutingClient
import RoutingCore
import RoutingService
import Testing
import VoicemailStore

/// The gateway's voicemail against a remote routing server (issue 7 item 2, `[routing] mode = http` with
/// `voicemail-directory`): `HTTPVoicemailRecorder` records into the gateway's own crash-safe spool, then reports the
/// call and uploads the WAVE file to the real `reroute icrs` process; what it could not send (the gateway died after
/// the caller hung up) is sent by the next process.
@Suite(
    "Gateway voicemail to a remote routing server (HTTP)",
    .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"))
struct HTTPVoicemailTests {
    static let serviceToken = "http-voicemail-service-token-3"

    @Test(
        "Issue 7 item 2: the message goes through the gateway's spool to PUT …/voicemail; the app lists it with its kept length and downloads the audio; a spool left by a dead gateway is sent at the next start",
        .timeLimit(.minutes(8)))
    func messagesReachTheRemoteStore() async throws {
        try await MachineLoadGate.heavy {
            let binary = try #require(ToolRunner.rerouteBinary)
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("http-vm-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            let sink = root.appendingPathComponent("sms.jsonl")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let config = root.appendingPathComponent("icrs.conf")
            try "[icrs]\nvoicemail-directory = \(root.path)/icrs-store\n".write(to: config, atomically: true, encoding: .utf8)
            let icrs = try ICRSProcess(binary: binary, arguments: [
                "--config", config.path, "--http", "127.0.0.1:0", "--service-token", Self.serviceToken, "--sms-sink",
                sink.path,
            ])
            let base = "http://127.0.0.1:\(try await icrs.port())"
            let subscriber = GatewaySIPTests.Subscriber(http: LiveHTTP(base: base), number: "+447700900777", sink: sink)
            try await subscriber.create()
            let session = try await LiveHTTP(base: base).send("POST", "/v1/sessions", json: """
                {"number": "\(subscriber.number)", "password": "correct horse",
                 "device": {"id": "phone-1", "name": "P", "vendor": "X", "os": "Linux"}}
                """)
            let token = try #require(session.json["token"] as? String, "\(session.text)")

            let routing = HTTPCallRouting(baseURL: base, serviceToken: Self.serviceToken, timeout: .seconds(5))
            // Issue 7 item 2: the account's ring timeout and greeting reach the gateway over HTTP.
            let number = try E164Number(parsing: subscriber.number)
            #expect(try await routing.callSettings(subscriber: number) == AccountCallPreferences())
            let auth = ["Authorization": "Bearer \(token)"]
            let settings = try await LiveHTTP(base: base).send(
                "PUT", "/v1/me/voicemail-settings", json: #"{"ring_timeout_seconds": 12}"#, headers: auth)
            #expect(settings.status == 200, "\(settings.text)")
            let greeting = WAVAudio(encoding: .aLaw, sampleRate: 8000, data: [UInt8](repeating: 0x55, count: 8000)).encoded()
            let stored = try await LiveHTTP(base: base).send(
                "PUT", "/v1/me/voicemail-greeting", headers: auth.merging(["Content-Type": "audio/wav"]) { $1 },
                body: Data(greeting))
            #expect(stored.status == 204, "\(stored.text)")
            #expect(try await routing.callSettings(subscriber: number)
                == AccountCallPreferences(ringTimeout: .seconds(12), greeting: greeting))
            let spoolRoot = root.appendingPathComponent("gateway-spool").path
            let recorder = HTTPVoicemailRecorder(routing: routing, spool: try VoicemailDirectory(root: spoolRoot))
            // 2 s of the caller's 1 kHz, then the deposit keeps 1.5 s (the rest was the silence that ended it).
            let tone = G711Codec.encode(
                (0..<16_000).map { Int16(3000 * sin(2 * Double.pi * 1000 * Double($0) / 8000)) }, law: .aLaw)
            func call(_ ref: String) -> UnansweredCall {
                UnansweredCall(
                    callRef: ref, at: Date(), caller: "+442079460000", presentation: .allowed, called: subscriber.number,
                    reason: "no_answer", durationMilliseconds: 30_000)
            }
            let upload = try recorder.begin(call("vm-http-1"))
            for chunk in stride(from: 0, to: tone.count, by: 160) { try upload.append(Array(tone[chunk..<chunk + 160])) }
            try await upload.finish(keep: true, keptLength: .milliseconds(1500))
            #expect(try VoicemailDirectory(root: spoolRoot).pendingEntries().isEmpty, "sent: nothing left in the spool")

            let listed = try await LiveHTTP(base: base).send("GET", "/v1/me/voicemails", headers: ["Authorization": "Bearer \(token)"])
            let voicemails = listed.json["voicemails"] as? [[String: Any]] ?? []
            #expect(voicemails.count == 1, "\(listed.text)")
            let first = try #require(voicemails.first)
            #expect(first["caller"] as? String == "+442079460000")
            #expect((1450...1550).contains(first["duration_ms"] as? Int ?? 0), "\(first)")
            let id = try #require(first["id"] as? String)
            let audio = try await LiveHTTP(base: base).send(
                "GET", "/v1/me/voicemails/\(id)/audio", headers: ["Authorization": "Bearer \(token)"])
            let wav = try WAVAudio(decoding: Array(audio.body))
            #expect(wav.data == Array(tone.prefix(12_000)))

            // A gateway that died mid-message leaves its spool; the next one (a new recorder on it) sends what is there.
            let dying = try recorder.begin(call("vm-http-2"))
            try dying.append(Array(tone.prefix(8000)))
            let next = HTTPVoicemailRecorder(routing: routing, spool: try VoicemailDirectory(root: spoolRoot))
            let resent = await next.sendPending()
            #expect(resent.sent == 1, "\(resent.failed)")
            let after = try await LiveHTTP(base: base).send("GET", "/v1/me/voicemails", headers: ["Authorization": "Bearer \(token)"])
            #expect((after.json["voicemails"] as? [[String: Any]])?.count == 2, "\(after.text)")
            // Sent twice (a retry after a lost answer) changes nothing: one voicemail per call_ref.
            let again = try recorder.begin(call("vm-http-1"))
            try again.append(Array(tone.prefix(800)))
            try await again.finish(keep: true, keptLength: .milliseconds(100))
            let final = try await LiveHTTP(base: base).send("GET", "/v1/me/voicemails", headers: ["Authorization": "Bearer \(token)"])
            #expect((final.json["voicemails"] as? [[String: Any]])?.count == 2, "\(final.text)")
            try await routing.shutdown()
            #expect(try await icrs.terminate() == 0)
        }
    }
}
