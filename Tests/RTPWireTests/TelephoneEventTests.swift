import NIOCore
import PCAPWire
import RTPWire
import RerouteTestSupport
import Testing
import WireSupport

@Suite("RFC 4733 telephone-event")
struct TelephoneEventTests {
    @Test("RFC 4733 §2.3: event, E, R, volume, duration bit layout")
    func layout() throws {
        let event = try TelephoneEvent.decode(ByteBuffer(hex: "0b8a0320"))
        #expect(event == TelephoneEvent(event: 11, isEnd: true, volume: 10, duration: 800))
        #expect(event.dtmfCharacter == "#")
        var out = ByteBuffer()
        event.encode(into: &out)
        #expect(out.hex == "0b8a0320")
        #expect(TelephoneEvent.event(forDTMF: "*") == 10)
        #expect(throws: RTPDecodingError.self) { try TelephoneEvent.decode(ByteBuffer(hex: "0b8a03")) }
    }

    /// sipp's dtmf_2833_<digit>.pcap: 10 packets of one event, same timestamp, growing duration, E bit on the last
    /// three (tshark: `-d udp.port==10000,rtp -o rtpevent.event_payload_type_value:101`).
    @Test(
        "RFC 4733 §2.5.1.3/§2.5.1.4: sipp captures decode to one digit, growing duration, E bit repeated 3 times",
        arguments: Array("0123456789"))
    func sippCaptures(digit: Character) throws {
        let datagrams = try udpDatagrams(inFixture: "dtmf_2833_\(digit).pcap")
        let packets = try datagrams.map { try RTPPacket.decode($0.payload) }
        #expect(packets.count == 10)
        #expect(Set(packets.map(\.header.payloadType)) == [RTPPayloadType(101)])
        #expect(Set(packets.map(\.header.timestamp)).count == 1)
        let events = try packets.map { try TelephoneEvent.decode($0.payload) }
        #expect(events.allSatisfy { $0.dtmfCharacter == digit })
        #expect(events.map(\.isEnd) == Array(repeating: false, count: 7) + Array(repeating: true, count: 3))
        let durations = events.map(\.duration)
        #expect(durations.prefix(8) == [0, 320, 640, 960, 1280, 1600, 1920, 2240])
        #expect(durations.suffix(3) == [2240, 2240, 2240])
    }

    @Test("RFC 4733 §3.2: '*' and '#' captures carry events 10 and 11")
    func starAndPound() throws {
        for (name, code) in [("star", UInt8(10)), ("pound", 11)] {
            let packets = try udpDatagrams(inFixture: "dtmf_2833_\(name).pcap").map { try RTPPacket.decode($0.payload) }
            #expect(
                try packets.map { try TelephoneEvent.decode($0.payload).event } == Array(repeating: code, count: 10))
        }
    }
}
