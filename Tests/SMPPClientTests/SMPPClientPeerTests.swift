import RerouteTestSupport
import Foundation
import SMPPClient
import SMPPProtocol
import SMPPWire
import Testing

/// Reroute's ESME against a real SMSC on loopback: the smpp34 SMPP 3.4 server from PyPI (scripts/smpp-test-peer.py).
@Suite("SMPP 3.4 client against the smpp34 SMSC", .serialized)
struct SMPPClientPeerTests {
    static func configuration(port: Int) -> SMPPClientConfiguration {
        SMPPClientConfiguration(
            host: "127.0.0.1", port: port, systemID: "reroute", password: "secret",
            sourceAddress: .alphanumeric("Reroute"), windowSize: 5,
            timers: SMPPTimerConfiguration(
                response: .seconds(5), enquireLink: .seconds(30), reconnectInitial: .milliseconds(50),
                reconnectMaximum: .milliseconds(400), queue: .seconds(20)))
    }

    /// A started peer and a client bound to it.
    static func boundPair(
        configure: (inout SMPPClientConfiguration) -> Void = { _ in }
    ) async throws -> (SMPPTestPeer, SMPPClient, StreamRecorder<SMPPClientEvent>, StreamRecorder<SMPPInboundMessage>) {
        let peer = SMPPTestPeer()
        try await peer.start()
        var configuration = configuration(port: peer.port)
        configure(&configuration)
        let client = SMPPClient(configuration: configuration)
        let events = StreamRecorder(client.events)
        let incoming = StreamRecorder(client.incoming)
        client.start()
        let bound = try await events.next { if case .bound = $0 { true } else { false } }
        #expect(bound == .bound(systemID: "SIMSMSC"))
        let peerBound = try await peer.next("bound")
        #expect(peerBound.system_id == "reroute")
        return (peer, client, events, incoming)
    }

    @Test("SMPP 3.4 §4.1.5 / §4.4: bind_transceiver, then submit_sm → submit_sm_resp with the SMSC's message_id")
    func bindAndSubmit() async throws {
        let (peer, client, _, _) = try await Self.boundPair()
        let messageID = try await client.send(to: "+447700900123", text: "Your Reroute code is 123456")
        let submitted = try await peer.next("submit")
        #expect(messageID == submitted.message_id)
        #expect(messageID == "smsc-1")
        #expect(submitted.source == "Reroute")
        #expect(submitted.source_ton == 5)
        #expect(submitted.destination == "447700900123")
        #expect(submitted.dest_ton == 1)
        #expect(submitted.data_coding == 0)
        #expect(GSM0338.decode(submitted.textBytes) == "Your Reroute code is 123456")
        // Text outside GSM 03.38 goes as UCS-2 (data_coding 8).
        _ = try await client.send(to: "+447700900123", from: "+447700900999", text: "Код 654321")
        let ucs2 = try await peer.next("submit")
        #expect(ucs2.data_coding == 8)
        #expect(ucs2.source == "447700900999")
        #expect(SMPPText.decode(ucs2.textBytes, dataCoding: .ucs2) == "Код 654321")
        await client.shutdown()
        peer.kill()
    }

    @Test("SMPP 3.4 §4.6: MO deliver_sm reaches the handler and the SMSC gets deliver_sm_resp ESME_ROK")
    func mobileOriginated() async throws {
        let (peer, client, _, incoming) = try await Self.boundPair()
        try peer.command(["cmd": "deliver", "source": "447700900123", "destination": "447700900999", "text": "654321"])
        let message = try await incoming.next()
        guard case .shortMessage(let from, let to, let text, _) = message else {
            Issue.record("not an MO: \(message)")
            return
        }
        #expect(from == "+447700900123")
        #expect(to == "+447700900999")
        #expect(text == "654321")
        #expect(try await peer.next("deliver_resp").status == 0)
        try peer.command([
            "cmd": "deliver", "source": "447700900123", "destination": "447700900999", "text": "Привет",
            "data_coding": 8,
        ])
        guard case .shortMessage(_, _, let unicode, _) = try await incoming.next() else {
            Issue.record("not an MO")
            return
        }
        #expect(unicode == "Привет")
        await client.shutdown()
        peer.kill()
    }

    @Test("SMPP 3.4 §5.2.17 / Appendix B: registered_delivery → delivery receipt for the returned message_id")
    func deliveryReceipt() async throws {
        let (peer, client, _, incoming) = try await Self.boundPair {
            $0.registeredDelivery = .receiptOnSuccessOrFailure
        }
        let messageID = try await client.send(to: "+447700900123", text: "code 111222")
        let message = try await incoming.next()
        guard case .deliveryReceipt(let receipt, _) = message else {
            Issue.record("not a receipt: \(message)")
            return
        }
        #expect(receipt.messageID == messageID)
        #expect(receipt.state == .delivered)
        await client.shutdown()
        peer.kill()
    }

    @Test("SMPP 3.4 §4.11: enquire_link every interval, answered by the SMSC")
    func enquireLink() async throws {
        let (peer, client, events, _) = try await Self.boundPair { $0.timers.enquireLink = .milliseconds(100) }
        for _ in 0..<3 {
            _ = try await events.next { $0 == .enquireLinkAnswered }
        }
        await client.shutdown()
        peer.kill()
    }

    @Test("Peer drop (SMSC killed): the client notices, binds again with backoff when the SMSC is back, and sends")
    func peerDropRebind() async throws {
        let (peer, client, events, _) = try await Self.boundPair()
        peer.kill()
        _ = try await events.next { $0 == .unbound }
        // While the SMSC is down, submits wait in the queue.
        async let pending = client.send(to: "+447700900123", text: "after the drop 333444")
        let restarted = SMPPTestPeer(port: peer.port)
        try await restarted.start()
        _ = try await events.next { if case .bound = $0 { true } else { false } }
        #expect(try await pending == "smsc-1")
        #expect(try await restarted.next("submit").destination == "447700900123")
        await client.shutdown()
        restarted.kill()
    }

    @Test("SMPP 3.4 §4.2: unbind from the SMSC → unbind_resp, reconnect and bind again")
    func peerUnbind() async throws {
        let (peer, client, events, _) = try await Self.boundPair()
        try peer.command(["cmd": "unbind"])
        _ = try await events.next { $0 == .unbound }
        _ = try await peer.next("unbound")
        _ = try await events.next { if case .bound = $0 { true } else { false } }
        _ = try await peer.next("bound")
        #expect(try await client.send(to: "+447700900123", text: "again") == "smsc-1")
        await client.shutdown()
        peer.kill()
    }

    @Test("SMPP 3.4 §2.8: 40 concurrent submits through a window of 5 all get distinct message ids")
    func windowed() async throws {
        let (peer, client, _, _) = try await Self.boundPair()
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<40 {
                group.addTask { try await client.send(to: "+4477009001\(10 + index)", text: "n \(index)") }
            }
            var ids: Set<String> = []
            for try await id in group { ids.insert(id) }
            return ids
        }
        #expect(ids.count == 40)
        #expect(ids == Set((1...40).map { "smsc-\($0)" }))
        await client.shutdown()
        peer.kill()
    }

    @Test("SMPP 3.4 §4.2: shutdown unbinds; the SMSC sees the session end and the streams finish")
    func shutdown() async throws {
        let (peer, client, events, _) = try await Self.boundPair()
        await client.shutdown()
        _ = try await peer.next("unbound")
        _ = try await events.next { $0 == .stopped }
        do {
            _ = try await client.send(to: "+447700900123", text: "too late")
            Issue.record("sent after shutdown")
        } catch {
            #expect(error.outcome == .stopped)
        }
        peer.kill()
    }

    @Test("No SMSC listening: submits wait, then end as queueTimeout; bind attempts keep backing off")
    func unreachable() async throws {
        var configuration = Self.configuration(port: SMPPTestPeer.freeTCPPort())
        configuration.timers.queue = .milliseconds(300)
        let client = SMPPClient(configuration: configuration)
        client.start()
        do {
            _ = try await client.send(to: "+447700900123", text: "nobody home")
            Issue.record("sent without an SMSC")
        } catch {
            #expect(error.outcome == .queueTimeout)
        }
        await client.shutdown()
    }
}
