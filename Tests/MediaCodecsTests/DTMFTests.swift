import RerouteTestSupport
import Testing
@testable import MediaCodecs

@Suite("DTMF (spandsp)")
struct DTMFTests {
    @Test("RFC 4733 §3.2: digit ↔ event code table")
    func eventCodes() {
        #expect(DTMFDigit.all.map(\.description).joined() == "0123456789*#ABCD")
        #expect(DTMFDigit(character: "#")?.event == 11)
        #expect(DTMFDigit(character: "d")?.event == 15)
        #expect(DTMFDigit(event: 16) == nil)
        #expect(DTMFDigit(character: "E") == nil)
    }

    // Q.23/Q.24: generated digits of 80 ms with 80 ms pauses, through A-law as on an E1 timeslot, are each
    // detected once, in order, with a start and an end; the detected duration is the tone's within ±25 ms
    // (the detector decides over blocks of ≈ 13 ms and needs two agreeing blocks).
    @Test("ITU-T Q.24: all sixteen digits generated → A-law → detected once each, start and end, in order")
    func roundTrip() throws {
        let generator = try DTMFGenerator(onMilliseconds: 80, offMilliseconds: 80)
        #expect(generator.enqueue(DTMFDigit.all))
        var audio: [Int16] = []
        while true {
            let block = generator.generate(samples: 160)
            audio += block
            if block.count < 160 { break }
        }
        audio += [Int16](repeating: 0, count: 800)
        let tdm = G711Codec.decode(G711Codec.encode(audio, law: .aLaw), law: .aLaw)
        let detector = try DTMFDetector()
        var events: [DTMFEvent] = []
        for start in stride(from: 0, to: tdm.count, by: 160) {
            events += detector.process(Array(tdm[start..<min(start + 160, tdm.count)]))
        }
        let starts = events.filter { $0.kind == .start }.map(\.digit)
        let ends = events.filter { $0.kind == .end }
        #expect(starts == DTMFDigit.all)
        #expect(ends.map(\.digit) == DTMFDigit.all)
        for (start, end) in zip(events.filter { $0.kind == .start }, ends) {
            let milliseconds = (end.sample - start.sample) / 8
            #expect(abs(milliseconds - 80) <= 25, "digit \(start.digit) lasted \(milliseconds) ms")
        }
    }

    // Q.24 §4: talk-off — speech must not be taken for digits.
    @Test("ITU-T Q.24: espeak-ng speech produces no digits (talk-off)")
    func talkOff() throws {
        let detector = try DTMFDetector()
        #expect(detector.process(try SpeechFixture.speech()).isEmpty)
    }
}
