import MediaSessions
import NIOCore
import RTPWire
import Testing

func configuration(ssrc: UInt32, seed: UInt64 = 1) -> RTPSession.Configuration {
    RTPSession.Configuration(
        ssrc: ssrc, clockRate: 8000, initialSequence: 1000, initialTimestamp: 50_000, cname: "leg-\(ssrc)@127.0.0.1",
        ntpEpoch: NTPTimestamp(seconds: 3_900_000_000, fraction: 0), randomSeed: seed)
}

let silence = ByteBuffer(bytes: [UInt8](repeating: 0xD5, count: 160))

@Suite("RTP session and RTCP (RFC 3550 §6)")
struct RTPSessionTests {
    @Test("RFC 3550 §5.1: sequence +1 and timestamp + samples per packet, from the injected initial values")
    func sender() {
        var session = RTPSession(configuration: configuration(ssrc: 7))
        let first = session.sendRTP(payloadType: .pcma, payload: silence, samples: 160, marker: true, at: .zero)
        let second = session.sendRTP(payloadType: .pcma, payload: silence, samples: 160, at: .milliseconds(20))
        #expect(first.header.sequenceNumber == 1000 && first.header.timestamp == 50_000 && first.header.marker)
        #expect(second.header.sequenceNumber == 1001 && second.header.timestamp == 50_160)
        #expect(session.sender.packetCount == 2 && session.sender.octetCount == 320)
    }

    @Test("RFC 3550 §6.4: SR after sending (counts, NTP and matching RTP time), RR when only receiving; SDES CNAME")
    func reportKinds() throws {
        var session = RTPSession(configuration: configuration(ssrc: 7))
        _ = session.start(at: .zero)
        for index in 0..<50 {
            _ = session.sendRTP(
                payloadType: .pcma, payload: silence, samples: 160, at: .milliseconds(Int64(index) * 20))
        }
        let actions = session.timerFired(.report, at: .seconds(1))
        guard case .sendRTCP(let compound)? = actions.first, case .senderReport(let sr) = compound.packets[0] else {
            Issue.record("expected an SR first: \(actions)")
            return
        }
        #expect(sr.packetCount == 50 && sr.octetCount == 8000)
        // Last packet at 980 ms had timestamp 50_000 + 49 × 160; 20 ms later is 160 units more.
        #expect(sr.rtpTimestamp == 50_000 + 50 * 160)
        #expect(sr.ntpTimestamp == MediaTime.seconds(1).ntp(epoch: configuration(ssrc: 7).ntpEpoch))
        guard case .sourceDescription(let sdes) = compound.packets[1] else {
            Issue.record("SDES must follow")
            return
        }
        #expect(sdes.chunks[0].items[0].text == "leg-7@127.0.0.1")
        let next = session.timerFired(.report, at: .seconds(6))
        guard case .sendRTCP(let quiet)? = next.first, case .receiverReport = quiet.packets[0] else {
            Issue.record("expected an RR when nothing was sent: \(next)")
            return
        }
    }

    @Test("RFC 3550 §6.2/§6.3.1: first interval in [Tmin/2 × 0.5, Tmin/2 × 1.5] / 1.21828, later ones with Tmin 5 s")
    func intervals() {
        var total = 0.0
        for seed in UInt64(1)...200 {
            var session = RTPSession(configuration: configuration(ssrc: 7, seed: seed))
            guard case .startTimer(.report, let first)? = session.start(at: .zero).first else {
                Issue.record("start must arm the report timer")
                return
            }
            let firstSeconds = Double(first.nanosecondsValue) / 1e9
            #expect(firstSeconds >= 2.5 * 0.5 / 1.21828 - 1e-6 && firstSeconds <= 2.5 * 1.5 / 1.21828 + 1e-6)
            guard case .startTimer(.report, let next)? = session.timerFired(.report, at: .seconds(2)).last else {
                Issue.record("the timer must be re-armed")
                return
            }
            let seconds = Double(next.nanosecondsValue) / 1e9
            #expect(seconds >= 5 * 0.5 / 1.21828 - 1e-6 && seconds <= 5 * 1.5 / 1.21828 + 1e-6)
            total += seconds
        }
        // Randomization is centred: the mean is Tmin / 1.21828 ≈ 4.10 s.
        #expect(abs(total / 200 - 5 / 1.21828) < 0.25)
    }

    @Test("RFC 3550 §6.4.1: RTT = A − LSR − DLSR; two legs 50 ms apart each way measure 100 ms")
    func roundTrip() throws {
        var alice = RTPSession(configuration: configuration(ssrc: 0xA))
        var bob = RTPSession(configuration: configuration(ssrc: 0xB))
        let oneWay: Int64 = 50
        _ = alice.start(at: .zero)
        _ = bob.start(at: .zero)
        // Alice sends media; Bob receives it 50 ms later.
        for index in 0..<25 {
            let sent = Int64(index) * 20
            let packet = alice.sendRTP(payloadType: .pcma, payload: silence, samples: 160, at: .milliseconds(sent))
            _ = bob.receiveRTP(packet, at: .milliseconds(sent + oneWay))
        }
        // Alice's SR at 1.0 s reaches Bob at 1.05 s; Bob's RR at 2.0 s reaches Alice at 2.05 s.
        guard case .sendRTCP(let sr)? = alice.timerFired(.report, at: .seconds(1)).first else { return }
        _ = bob.receiveRTCP(
            try RTCPCompoundPacket.decode(sr.encoded), size: sr.encoded.readableBytes, at: .milliseconds(1050))
        guard case .sendRTCP(let rr)? = bob.timerFired(.report, at: .seconds(2)).first else { return }
        guard case .receiverReport(let report) = rr.packets[0] else {
            Issue.record("Bob only received: RR expected")
            return
        }
        #expect(report.reports.count == 1)
        #expect(report.reports[0].ssrc == 0xA)
        _ = alice.receiveRTCP(
            try RTCPCompoundPacket.decode(rr.encoded), size: rr.encoded.readableBytes, at: .milliseconds(2050))
        let rtt = try #require(alice.roundTripTime)
        // 1/65536 s resolution: within 0.1 ms of 100 ms.
        #expect(abs(rtt.nanosecondsValue - 100_000_000) < 100_000)
        #expect(alice.lastRemoteReport?.cumulativeLost == 0)
    }

    @Test("RFC 3550 §6.6: stop sends a final report with BYE and cancels the timer; a late firing does nothing")
    func bye() throws {
        var session = RTPSession(configuration: configuration(ssrc: 7))
        _ = session.start(at: .zero)
        let actions = session.stop(reason: "bye", at: .seconds(3))
        #expect(actions.first == .cancelTimer(.report))
        guard case .sendRTCP(let compound)? = actions.last, case .goodbye(let bye)? = compound.packets.last else {
            Issue.record("BYE expected: \(actions)")
            return
        }
        #expect(bye.sources == [7] && bye.reason == Array("bye".utf8))
        #expect(session.timerFired(.report, at: .seconds(5)).isEmpty)
        // A remote BYE removes that source.
        var other = RTPSession(configuration: configuration(ssrc: 8))
        _ = other.receiveRTP(RTPPacket(header: header(1, ssrc: 7), payload: silence), at: .zero)
        #expect(other.receiveRTCP(compound, size: 0, at: .seconds(4)) == [.sourceLeft(7)])
        #expect(other.sources.isEmpty)
    }
}
