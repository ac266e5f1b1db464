import Foundation
import RerouteTestSupport
import Testing

/// The README's main command runs `reroute demo`: it must finish, and show each part.
@Suite("reroute demo", .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"))
struct DemoCommandTests {
    /// Also routes a missed call and a forwarded call through the in-process routing server.
    @Test("The demo decodes the captures, answers the MSC's 94 calls and completes calls over a live M3UA link")
    func demoRuns() throws {
        let binary = try #require(ToolRunner.rerouteBinary)
        let result = try ToolRunner.run(binary, ["demo", "--captures", Fixtures.directory.path, "--calls", "50"])
        let output = String(decoding: result.stdout, as: UTF8.self)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(output.contains("m3ua_isup.cap"))
        #expect(output.contains("IAM×94"))
        #expect(output.contains("94 incoming calls; sent ACM×94 ANM×94 RLC×94"))
        #expect(output.contains("50 calls completed"))
        #expect(output.contains("0 failures"))
        // The routing story (in-process routing server on a private PostgreSQL): Q.850 cause 21 for the missed
        // call, cause 20 for the forwarded call (no app online), forwarding verified.
        #expect(output.contains("REL cause 21"), "\(output.suffix(1500))")
        #expect(output.contains("app: validation validated"))
        #expect(output.contains("REL cause 20"))
        #expect(output.contains("forwarding of +447700900123 is verified"))
    }
}
