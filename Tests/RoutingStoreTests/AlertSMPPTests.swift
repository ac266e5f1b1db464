import RerouteTestSupport
import Foundation
import RoutingAdapters
import RoutingCore
import RoutingService
import SMPPClient
import SMPPProtocol
import SMPPWire
import Testing

/// The alert outbox's SMS leg against a real SMSC on loopback (the smpp34 SMPP 3.4 server, scripts/smpp-test-peer.py):
/// what the SMSC receives is what docs/voicemail.md says the user reads.
@Suite("Alert outbox over SMPP 3.4 to the smpp34 SMSC", .serialized)
struct AlertSMPPTests {
    @Test("Issue 7 item 2 + SMPP 3.4 §4.4: calls missed while offline reach the SMSC as ONE submit_sm to the subscriber")
    func collatedAlertIsOneSubmitSM() async throws {
        let peer = SMPPTestPeer()
        try await peer.start()
        defer { peer.kill() }
        let client = SMPPClient(configuration: SMPPClientConfiguration(
            host: "127.0.0.1", port: peer.port, systemID: "reroute", password: "secret",
            sourceAddress: .alphanumeric("Reroute"), windowSize: 5,
            timers: SMPPTimerConfiguration(
                response: .seconds(5), enquireLink: .seconds(30), reconnectInitial: .milliseconds(50),
                reconnectMaximum: .milliseconds(400), queue: .seconds(20))))
        client.start()
        _ = try await peer.next("bound")
        try await withDatabase { database in
            let h = Harness(database: database)
            let (_, login) = try await h.validatedAccount("+447700900001")
            let worker = AlertOutboxWorker(
                service: h.service, sms: SMPPSMSSender(client: client), sipMessages: RecordingSIPMessageSender())
            for (i, presentation) in [CallerPresentation.allowed, .restricted, .allowed].enumerated() {
                _ = try await h.service.reportUnansweredCall(UnansweredCall(
                    callRef: "smpp-\(i)", at: h.clock.now(), caller: "+44770090012\(i)", presentation: presentation,
                    called: "+447700900001", reason: "no_device_available", durationMilliseconds: 900))
                h.clock.advance(60)
            }
            try await h.service.deviceRegistered(
                sipUsername: login.sip.username,
                contact: DeviceContact(uri: "sip:u@192.0.2.7", transport: "udp", codecs: ["PCMA"], bandwidthKbps: nil))
            #expect(try await worker.deliverDue() == .init(delivered: 2, failed: 0))
            let submitted = try await peer.next("submit")
            #expect(submitted.destination == "447700900001")
            #expect(submitted.dest_ton == 1)
            // Every character of the alert is in the GSM 03.38 default alphabet (data_coding 0).
            #expect(submitted.data_coding == 0)
            #expect(GSM0338.decode(submitted.textBytes) == """
                You are reachable again. While you were offline: 3 missed calls: +447700900120 at 22:13; \
                a withheld number at 22:14; +447700900122 at 22:15
                """)
        }
        await client.shutdown()
    }
}
