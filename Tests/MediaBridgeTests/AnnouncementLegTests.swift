import Foundation
import MediaBridge
import MediaCodecs
import NIOCore
import RTPWire
import Testing

/// The RTP-only leg of a call Reroute answers itself (a soft switch's call taken to voicemail, issue 7 item 2).
@Suite("AnnouncementLeg: prompts out, the caller's audio and RFC 4733 digits in, one packet period a tick")
struct AnnouncementLegTests {
    static func tone(_ frequency: Double, samples: Int, amplitude: Double = 8000) -> [Int16] {
        (0..<samples).map { Int16(amplitude * sin(2 * Double.pi * frequency * Double($0) / 8000)) }
    }

    @Test("RFC 3551 §4.5.14: a prompt goes out as PCMA, 160 samples a packet, then silence; promptFinished once")
    func promptPlaysThenSilence() throws {
        let leg = try AnnouncementLeg(codec: .pcma())
        let prompt = Self.tone(700, samples: 400)
        leg.play(prompt)
        var sent: [[UInt8]] = []
        var finished: [Int] = []
        for tick in 0..<5 {
            let period = leg.tick()
            #expect(period.outgoing.count == 1)
            #expect(period.outgoing.first?.payloadType == .pcma)
            #expect(period.outgoing.first?.samples == 160)
            sent.append(period.outgoing.first?.payload ?? [])
            if period.promptFinished { finished.append(tick) }
        }
        #expect(finished == [2], "400 samples end in the third period")
        let decoded = G711Codec.decode(sent.flatMap { $0 }, law: .aLaw)
        // A-law round trip of the prompt, then silence (A-law 0xD5 decodes to ±8).
        #expect(Array(decoded.prefix(400)) == G711Codec.decode(G711Codec.encode(prompt, law: .aLaw), law: .aLaw))
        #expect(decoded.dropFirst(400).allSatisfy { abs(Int($0)) <= 8 })
    }

    @Test("stop() silences the prompt without a promptFinished")
    func stopSilences() throws {
        let leg = try AnnouncementLeg(codec: .pcma())
        leg.play(Self.tone(700, samples: 8000))
        _ = leg.tick()
        leg.stop()
        let period = leg.tick()
        #expect(!period.promptFinished)
        let decoded = G711Codec.decode(period.outgoing.flatMap(\.payload), law: .aLaw)
        #expect(decoded.allSatisfy { abs(Int($0)) <= 8 })
    }

    @Test("RFC 3550 / RFC 3551: the caller's PCMU packets are heard after the playout delay, as sent")
    func callerAudioIsHeard() throws {
        let leg = try AnnouncementLeg(codec: MediaLegCodec(format: .g711(.muLaw), payloadType: .pcmu))
        let speech = Self.tone(1000, samples: 160 * 20)
        var heard: [Int16] = []
        for index in 0..<30 {
            if index < 20 {
                let payload = G711Codec.encode(Array(speech[(160 * index)..<(160 * index + 160)]), law: .muLaw)
                leg.receive(RTPPacket(
                    header: RTPHeader(
                        payloadType: .pcmu, sequenceNumber: UInt16(100 + index), timestamp: UInt32(160 * index),
                        ssrc: 7),
                    payload: ByteBuffer(bytes: payload)))
            }
            heard += leg.tick().heard
        }
        let start = try #require(heard.firstIndex { abs(Int($0)) > 100 }, "nothing heard")
        // μ-law → A-law → linear: within the two laws' quantisation of the 1 kHz tone.
        let window = Array(heard[start..<(start + 160 * 15)])
        #expect(window.count == 2400)
        let rms = (window.map { Double($0) * Double($0) }.reduce(0, +) / Double(window.count)).squareRoot()
        #expect(abs(rms - 8000 / 2.0.squareRoot()) < 400, "rms \(rms)")
    }

    @Test("RFC 4733 §2.5.2.1: one digit per event — retransmitted end packets with the same timestamp give no second #")
    func oneDigitPerEvent() throws {
        let leg = try AnnouncementLeg(codec: .pcma(telephoneEvent: RTPPayloadType(101)))
        var digits: [Character] = []
        for index in 0..<12 {
            if index < 6 {
                var buffer = ByteBuffer()
                TelephoneEvent(event: 11, isEnd: index >= 3, volume: 10, duration: UInt16(160 * min(index + 1, 4)))
                    .encode(into: &buffer)
                leg.receive(RTPPacket(
                    header: RTPHeader(
                        marker: index == 0, payloadType: RTPPayloadType(101), sequenceNumber: UInt16(500 + index),
                        timestamp: 16_000, ssrc: 9),
                    payload: buffer))
            }
            if let digit = leg.tick().digit { digits.append(digit.character) }
        }
        #expect(digits == ["#"])
    }
}
