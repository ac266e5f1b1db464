import MediaSecurity
import RerouteTestSupport
import SDPNegotiation
import SDPWire
import Testing

@Suite("SRTP contexts on libsrtp2 (RFC 3711, RFC 7714)")
struct SRTPContextTests {
    static let suites: [SDESCryptoSuite] = [.aesCM128HMACSHA1_80, .aesCM128HMACSHA1_32, .aeadAES128GCM]

    /// Alice's and Bob's contexts: each sends with its own key and receives with the other's (RFC 4568 §6.1).
    static func pair(_ suite: SDESCryptoSuite, seed: UInt64) throws -> (alice: SRTPContext, bob: SRTPContext) {
        var random = SeededGenerator(seed: seed)
        let aliceKey = SDESKey.generate(suite: suite, using: &random)
        let bobKey = SDESKey.generate(suite: suite, using: &random)
        return (
            try SRTPContext(sending: aliceKey, receiving: bobKey), try SRTPContext(sending: bobKey, receiving: aliceKey)
        )
    }

    @Test(
        "RFC 3711 §3.1/§3.4, RFC 4568 §6.2, RFC 7714 §7: protected sizes, payload hidden, round trip RTP and RTCP",
        arguments: suites)
    func roundTrip(suite: SDESCryptoSuite) throws {
        let (alice, bob) = try Self.pair(suite, seed: 42)
        for sequence in UInt16(1)...20 {
            let plain = SRTPPackets.rtp(sequence: sequence, timestamp: UInt32(sequence) * 160, ssrc: 0xA11CE)
            let protected = try alice.protectRTP(plain)
            // The header stays in clear (§3.1); the payload does not; the tag is appended.
            #expect(protected.count == plain.count + suite.rtpTagLength)
            #expect(protected[..<12] == plain[..<12])
            #expect(protected[12..<plain.count] != plain[12...])
            #expect(try bob.unprotectRTP(protected) == plain)
        }
        let report = SRTPPackets.rtcp(ssrc: 0xA11CE)
        let protected = try alice.protectRTCP(report)
        // §3.4: E flag + 31-bit SRTCP index, then the tag (80 bits even for the _32 suite, RFC 4568 §6.2.2).
        #expect(protected.count == report.count + 4 + suite.rtcpTagLength)
        #expect(protected[report.count] & 0x80 == 0x80)
        #expect(try bob.unprotectRTCP(protected) == report)
        #expect(bob.counters.unprotectedRTP == 20 && bob.counters.unprotectedRTCP == 1 && bob.counters.dropped == 0)
        #expect(alice.counters.protectedRTP == 20 && alice.counters.protectedRTCP == 1)
    }

    @Test("RFC 3711 §3.3.2: a replayed packet is refused and counted, RTP and SRTCP", arguments: suites)
    func replay(suite: SDESCryptoSuite) throws {
        let (alice, bob) = try Self.pair(suite, seed: 9)
        let packet = try alice.protectRTP(SRTPPackets.rtp(sequence: 100, timestamp: 0, ssrc: 1))
        _ = try bob.unprotectRTP(packet)
        #expect(throws: SRTPError.replayed) { try bob.unprotectRTP(packet) }
        let report = try alice.protectRTCP(SRTPPackets.rtcp(ssrc: 1))
        _ = try bob.unprotectRTCP(report)
        #expect(throws: SRTPError.replayed) { try bob.unprotectRTCP(report) }
        // Far behind the window (128 packets): too old.
        var later: [UInt8] = []
        for sequence in UInt16(101)...400 {
            later = try alice.protectRTP(SRTPPackets.rtp(sequence: sequence, timestamp: 0, ssrc: 1))
        }
        _ = try bob.unprotectRTP(later)
        #expect(throws: SRTPError.tooOld) { try bob.unprotectRTP(packet) }
        #expect(bob.counters.replays == 3)
    }

    @Test("RFC 3711 §3.3 step 5: a wrong key or an altered byte fails authentication and is counted", arguments: suites)
    func authentication(suite: SDESCryptoSuite) throws {
        let (alice, bob) = try Self.pair(suite, seed: 5)
        let (mallory, _) = try Self.pair(suite, seed: 6)
        let forged = try mallory.protectRTP(SRTPPackets.rtp(sequence: 7, timestamp: 0, ssrc: 0xA11CE))
        #expect(throws: SRTPError.authenticationFailed) { try bob.unprotectRTP(forged) }
        var altered = try alice.protectRTP(SRTPPackets.rtp(sequence: 8, timestamp: 0, ssrc: 0xA11CE))
        altered[20] ^= 0x01
        #expect(throws: SRTPError.authenticationFailed) { try bob.unprotectRTP(altered) }
        var report = try alice.protectRTCP(SRTPPackets.rtcp(ssrc: 0xA11CE))
        report[9] ^= 0x40
        #expect(throws: SRTPError.authenticationFailed) { try bob.unprotectRTCP(report) }
        #expect(bob.counters.authenticationFailures == 3)
        // The genuine packet after the forgeries still goes through (the forgery did not move the replay state).
        let genuine = try alice.protectRTP(SRTPPackets.rtp(sequence: 7, timestamp: 0, ssrc: 0xA11CE))
        #expect(try bob.unprotectRTP(genuine).count == 172)
    }

    @Test("RFC 3711 §3.3.1: the rollover counter follows the sequence number across 65535 → 0", arguments: suites)
    func rollover(suite: SDESCryptoSuite) throws {
        let (alice, bob) = try Self.pair(suite, seed: 11)
        var sequence: UInt16 = 65_530
        for _ in 0..<20 {
            let plain = SRTPPackets.rtp(sequence: sequence, timestamp: 0, ssrc: 3)
            #expect(try bob.unprotectRTP(alice.protectRTP(plain)) == plain)
            sequence &+= 1
        }
    }

    @Test("hostile SRTP/SRTCP: 20 000 mutated packets never crash, never authenticate, and are all counted")
    func mutationLoop() throws {
        var random = SeededGenerator(seed: 0x5E_C0DE)
        var dropped = 0
        for suite in Self.suites {
            let (alice, bob) = try Self.pair(suite, seed: random.next())
            var originals: [(rtcp: Bool, bytes: [UInt8])] = []
            for sequence in UInt16(1)...8 {
                originals.append(
                    (false, try alice.protectRTP(SRTPPackets.rtp(sequence: sequence, timestamp: 0, ssrc: 9))))
                originals.append((true, try alice.protectRTCP(SRTPPackets.rtcp(ssrc: 9))))
            }
            for _ in 0..<6_667 {
                let original = originals[Int(random.next() % UInt64(originals.count))]
                let mutated = Mutator.mutate(original.bytes, using: &random)
                guard mutated != original.bytes else { continue }
                do {
                    _ = original.rtcp ? try bob.unprotectRTCP(mutated) : try bob.unprotectRTP(mutated)
                    Issue.record("a mutated \(suite) packet authenticated: \(SRTPPackets.hexString(mutated))")
                } catch {
                    switch error {
                    case .authenticationFailed, .malformed, .replayed, .tooOld: dropped += 1
                    case .noKeys, .keyRejected, .library: Issue.record("unexpected \(error)")
                    }
                }
            }
            #expect(bob.counters.dropped > 6_000)
            #expect(bob.counters.unprotectedRTP == 0 && bob.counters.unprotectedRTCP == 0)
        }
        #expect(dropped > 18_000)
    }

    @Test("RFC 4568 §6.1: a context from the settled a=crypto lines; lines we cannot run are SDESKeyError (488)")
    func fromSDP() throws {
        var random = SeededGenerator(seed: 3)
        let ours = SDESKey.generate(suite: .aesCM128HMACSHA1_32, using: &random).crypto(tag: 2)
        let theirs = SDESKey.generate(suite: .aesCM128HMACSHA1_32, using: &random).crypto(tag: 2)
        let context = try SRTPContext(local: ours, remote: theirs)
        #expect(context.sendingSuite == .aesCM128HMACSHA1_32)
        var bad = theirs
        bad.keyParameters[0] += "|1:4"
        #expect(throws: SDESKeyError.unsupportedMKI("1:4")) { try SRTPContext(local: ours, remote: bad) }
    }
}
