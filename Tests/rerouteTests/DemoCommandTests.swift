import Foundation
import RerouteTestSupport
import Testing

/// The README's main command runs `reroute demo`: it must finish, and show each part.
@Suite("reroute demo", .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"))
struct DemoCommandTests {
    @Test("The demo decodes the captures, answers the MSC's 94 calls, runs a live M3UA link and the forwarded calls")
    func demoRuns() throws {
        let binary = try #require(ToolRunner.rerouteBinary)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try ToolRunner.run(
            binary, ["demo", "--captures", Fixtures.directory.path, "--calls", "50", "--out", out.path])
        let output = String(decoding: result.stdout, as: UTF8.self)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(output.contains("m3ua_isup.cap"))
        #expect(output.contains("IAM×94"))
        #expect(output.contains("94 incoming calls; sent ACM×94 ANM×94 RLC×94"))
        #expect(output.contains("50 calls completed"))
        #expect(output.contains("0 failures"))
        // The forwarded-call story (issue 7 item 5): routing server on a private PostgreSQL, registrar, SIP fork to
        // sipp devices; every call as expected (the command exits 1 otherwise).
        #expect(output.contains("ok     1. missed-call validation"), "\(output.suffix(3000))")
        #expect(output.contains("ok     2. forwarded call answered on the phone"), "\(output.suffix(3000))")
        #expect(output.contains("ok     3. forwarded call nobody answers"), "\(output.suffix(3000))")
        #expect(output.contains("ok     4. forwarded call while no device is online"), "\(output.suffix(3000))")
        #expect(output.contains("Reroute → tablet  SIP CANCEL"), "the ladder shows the SIP side")
        #expect(output.contains("Reroute → MSC   ISUP ANM"), "the ladder shows the ISUP side")
    }
}
