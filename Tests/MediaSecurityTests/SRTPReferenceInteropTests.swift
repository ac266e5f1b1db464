import Foundation
import MediaSecurity
import RerouteTestSupport
import SDPNegotiation
import SDPWire
import Testing

/// Reroute's SRTP against `srtp_reference.py`, an SRTP written in this repository from RFC 3711 alone on the
/// `cryptography` package's AES and HMAC-SHA1 (Debian python3-cryptography): not libsrtp, so a shared
/// misreading of the RFC would have to be made twice.
@Suite("SRTP against an independent RFC 3711 implementation (Python)")
struct SRTPReferenceInteropTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("srtp_reference.py").path
    static let suites: [SDESCryptoSuite] = [.aesCM128HMACSHA1_80, .aesCM128HMACSHA1_32, .aeadAES128GCM]

    /// 12 RTP packets from sequence 65 530 across the wrap to 5 (RFC 3711 §3.3.1: ROC 0 → 1), with RTCP between.
    static func plaintexts() -> [(rtcp: Bool, bytes: [UInt8])] {
        var packets: [(rtcp: Bool, bytes: [UInt8])] = []
        var sequence: UInt16 = 65_530
        for number in 0..<12 {
            packets.append((false, SRTPPackets.rtp(sequence: sequence, timestamp: UInt32(number) * 160, ssrc: 0xCAFE)))
            if number % 4 == 3 { packets.append((true, SRTPPackets.rtcp(ssrc: 0xCAFE))) }
            sequence &+= 1
        }
        return packets
    }

    static func python(_ mode: String, _ key: SDESKey, lines: [String]) async throws -> [String] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("srtp-\(UUID().uuidString).txt")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let inline = String(key.crypto(tag: 1).keyParameters[0].dropFirst("inline:".count))
        let result = try await ExternalTool.run(
            "/usr/bin/python3", [script, mode, key.suite.name, inline, file.path])
        #expect(result.status == 0, "\(result.stderr)")
        return String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static func line(_ rtcp: Bool, _ bytes: [UInt8]) -> String {
        (rtcp ? "rtcp " : "rtp ") + SRTPPackets.hexString(bytes)
    }

    @Test("RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key derivation) hold in the reference")
    func referenceSelfTest() async throws {
        let result = try await ExternalTool.run("/usr/bin/python3", [Self.script, "selftest"])
        #expect(result.status == 0 && result.output.contains("selftest ok"), "\(result.output)")
    }

    @Test(
        "RFC 3711 §3.3/§3.4 with the Appendix B.3 master key: Reroute protects, the reference verifies and decrypts (ROC rollover, SRTCP index; a tampered packet and a replay are refused there too)",
        arguments: suites)
    func rerouteToReference(suite: SDESCryptoSuite) async throws {
        let key = SRTPPackets.appendixB3(suite)
        var other = SeededGenerator(seed: 1)
        let sender = try SRTPContext(sending: key, receiving: SDESKey.generate(suite: suite, using: &other))
        let plain = Self.plaintexts()
        var lines = try plain.map { packet in
            Self.line(
                packet.rtcp, packet.rtcp ? try sender.protectRTCP(packet.bytes) : try sender.protectRTP(packet.bytes))
        }
        var tampered = try sender.protectRTP(SRTPPackets.rtp(sequence: 6, timestamp: 0, ssrc: 0xCAFE))
        tampered[14] ^= 0x80
        lines += [lines[0], Self.line(false, tampered)]
        let output = try await Self.python("unprotect", key, lines: lines)
        try #require(output.count == plain.count + 2)
        for (index, packet) in plain.enumerated() {
            #expect(output[index] == Self.line(packet.rtcp, packet.bytes), "packet \(index)")
        }
        #expect(output[plain.count] == "drop replay")
        #expect(output[plain.count + 1] == "drop auth")
    }

    @Test(
        "RFC 3711 §3.3/§3.4: the reference protects, Reroute authenticates and decrypts (ROC rollover, SRTCP); a tampered packet fails authentication",
        arguments: suites)
    func referenceToReroute(suite: SDESCryptoSuite) async throws {
        var random = SeededGenerator(seed: 0xBEEF)
        let key = SDESKey.generate(suite: suite, using: &random)
        let receiver = try SRTPContext(sending: SDESKey.generate(suite: suite, using: &random), receiving: key)
        let plain = Self.plaintexts()
        let output = try await Self.python("protect", key, lines: plain.map { Self.line($0.rtcp, $0.bytes) })
        try #require(output.count == plain.count)
        for (index, packet) in plain.enumerated() {
            let protected = SRTPPackets.hex(String(output[index].split(separator: " ")[1]))
            #expect(
                protected.count == packet.bytes.count + (packet.rtcp ? 4 + suite.rtcpTagLength : suite.rtpTagLength))
            let recovered = packet.rtcp ? try receiver.unprotectRTCP(protected) : try receiver.unprotectRTP(protected)
            #expect(recovered == packet.bytes, "packet \(index)")
        }
        var tampered = SRTPPackets.hex(String(output[0].split(separator: " ")[1]))
        tampered[13] ^= 0x01
        #expect(throws: SRTPError.self) { try receiver.unprotectRTP(tampered) }
        #expect(receiver.counters.unprotectedRTP == 12 && receiver.counters.unprotectedRTCP == 3)
    }
}
