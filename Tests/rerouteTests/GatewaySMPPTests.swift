import Foundation
import RerouteTestSupport
import Testing

/// `reroute gateway` with its routing server in process talks to a real SMSC (issue 7 item 2: SMPP submit_sm from
/// the gateway as from `reroute icrs`): the smpp34 SMPP 3.4 server on loopback (scripts/smpp-test-peer.py).
@Suite(
    "reroute gateway: SMS through an SMSC over SMPP 3.4 ([smpp])",
    .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"),
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: SMPPTestPeer.python),
        "the smpp34 venv is not installed (scripts/setup.sh)"))
struct GatewaySMPPTests {
    @Test(
        "SMPP 3.4 §4.1.1 / §4.4.1: the gateway binds to the SMSC and an account's SMS validation code goes out as submit_sm to the subscriber, which confirms the number",
        .timeLimit(.minutes(5)))
    func validationCodeOverSMPP() async throws {
        try await MachineLoadGate.heavy {
            let peer = SMPPTestPeer()
            try await peer.start()
            defer { peer.kill() }
            let config = try GatewayCommandTests.write(GatewayCommandTests.config(
                role: "asp", transport: "tcp", port: SMPPTestPeer.freeTCPPort(), udp: (9899, 9899), extra: """
                    [routing]
                    mode = in-process
                    country-code = 44
                    [smpp]
                    host = 127.0.0.1
                    port = \(peer.port)
                    system_id = reroute
                    password = secret
                    source_addr = Reroute
                    """))
            defer { try? FileManager.default.removeItem(atPath: config) }
            let gateway = try ICRSProcess(
                binary: try #require(ToolRunner.rerouteBinary),
                arguments: [
                    "--config", config, "--http", "127.0.0.1:0", "--service-token", GatewaySIPTests.serviceToken,
                    "--run-for", "120",
                ],
                command: "gateway")
            let bound = try await peer.next("bound")
            #expect(bound.system_id == "reroute")
            let http = LiveHTTP(base: "http://127.0.0.1:\(try await gateway.port())")
            let created = try await http.send(
                "POST", "/v1/accounts", json: #"{"number": "+447700900321", "password": "correct horse"}"#)
            #expect(created.status == 201, "\(created.text)")
            let started = try await http.send(
                "POST", "/v1/numbers/%2B447700900321/validations", json: #"{"method": "sms_code"}"#)
            let id = try #require(started.json["validation_id"] as? String, "\(started.text)")
            let submitted = try await peer.next("submit")
            #expect(submitted.destination == "447700900321")
            let text = String(decoding: submitted.textBytes, as: UTF8.self)
            let code = try #require(sixDigitCode(in: text), "no code in \(text)")
            let confirmed = try await http.send("POST", "/v1/validations/\(id)/confirm", json: #"{"code": "\#(code)"}"#)
            #expect(confirmed.status == 200, "\(confirmed.text)")
            #expect(gateway.stdout.contains("routing: SMSC 127.0.0.1:\(peer.port)"))
            #expect(try await gateway.terminate() == 0)
        }
    }
}
