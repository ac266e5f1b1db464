import Foundation
import MediaCodecs
import AudioFileWire
import RerouteTestSupport
import Testing

/// The README's main command runs `reroute demo`: it must finish, and show each part.
@Suite("reroute demo", .enabled(if: ToolRunner.rerouteBinary != nil, "needs the built reroute binary"))
struct DemoCommandTests {
    @Test("The demo decodes the captures, answers the MSC's 94 calls, runs a live M3UA link and the forwarded calls")
    func demoRuns() async throws {
        try await MachineLoadGate.realTime {
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
            // The unanswered call's voicemail: the caller's words (the CE's 1 kHz) as an A-law WAVE file.
            let wav = try #require(FileManager.default.contents(atPath: out.appendingPathComponent("call-3.wav").path))
            let message = try WAVAudio(decoding: wav)
            #expect(message.encoding == .aLaw && message.sampleRate == 8000)
            let samples = G711Codec.decode(message.data, law: .aLaw)
            #expect(ToneMeasurement.windows(samples, frequency: 1000).filter { $0 > 20 }.count >= 10, "voicemail audio")
            #expect(output.contains("SMS: \"Missed call from"), "the SMS alert")
            // Call 4: nobody online → voicemail at once, the caller hangs up; the SMS waits until the phone is back.
            #expect(output.contains("SMS held while offline"), "\(output.suffix(3000))")
            #expect(output.contains("SMS: \"You are reachable again. While you were offline: Missed call from"))
            // The answered call's pcap, read by tshark (written elsewhere): its ISUP (M3UA in SCTP over UDP) and SIP.
            let capture = out.appendingPathComponent("call-2.pcap")
            #expect(FileManager.default.fileExists(atPath: capture.path))
            let port = try #require(output.firstMatch(of: /udp\.port==(\d+),sctp/)?.1, "the note names the port")
            if let tshark = ToolRunner.tshark {
                let read = try ToolRunner.run(
                    tshark, ["-r", capture.path, "-d", "udp.port==\(port),sctp", "-T", "fields", "-e", "isup.message_type",
                        "-e", "sip.Method", "-e", "sip.Status-Code"])
                let fields = String(decoding: read.stdout, as: UTF8.self)
                #expect(read.status == 0, "\(read.stderr)")
                // Q.763 message types: IAM 1, ACM 6, ANM 9, REL 12, RLC 16.
                for type in ["1", "6", "9", "12", "16"] {
                    #expect(fields.split(separator: "\n").contains { $0.hasPrefix(type + "\t") }, "ISUP \(type): \(fields)")
                }
                for method in ["INVITE", "ACK", "CANCEL", "BYE"] { #expect(fields.contains(method), "\(fields)") }
                for status in ["180", "200", "487"] { #expect(fields.contains(status), "\(fields)") }
                // Its media: CESoPSN on the pseudowire (RFC 5086), and RTP both ways, found by tshark from the SDP in
                // the same capture (RFC 3550: PCMA, no loss, no sequence errors).
                let pseudowire = try #require(output.firstMatch(of: /udp\.port==(\d+),pwcesopsn/)?.1, "the note names it")
                let media = try ToolRunner.run(
                    tshark, ["-r", capture.path, "-d", "udp.port==\(pseudowire),pwcesopsn", "-T", "fields",
                        "-e", "pwcesopsn.cw.seqno"])
                let sequences = String(decoding: media.stdout, as: UTF8.self).split(separator: "\n").filter { !$0.isEmpty }
                #expect(sequences.count > 1000, "CESoPSN packets in call-2.pcap: \(sequences.count)")
                let streams = try ToolRunner.run(tshark, ["-r", capture.path, "-q", "-z", "rtp,streams"])
                let rows = String(decoding: streams.stdout, as: UTF8.self).split(separator: "\n").filter {
                    $0.contains("g711A")
                }
                #expect(rows.count == 2, "one RTP stream each way: \(rows)")
                for row in rows {
                    let columns = row.split(separator: " ", omittingEmptySubsequences: true)
                    #expect(columns.last != "X", "tshark flags a problem: \(row)")
                    #expect(row.contains(" 0 (0.0%)"), "no loss: \(row)")
                }
            }
        }
    }
}
