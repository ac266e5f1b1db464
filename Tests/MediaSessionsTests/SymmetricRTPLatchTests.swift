import MediaSessions
import Testing

@Suite("Symmetric RTP latching (RFC 4961)")
struct SymmetricRTPLatchTests {
    @Test("RFC 4961 §3: media goes to the signalled address until the peer's packets show where it really is")
    func latchesToSource() {
        var latch = SymmetricRTPLatch<String>(signalled: "10.0.0.5:4000")
        #expect(latch.destination == "10.0.0.5:4000")
        #expect(latch.receiveValidPacket(from: "198.51.100.7:61000", ssrc: 42) == .accept)
        #expect(latch.destination == "10.0.0.5:4000")
        #expect(latch.receiveValidPacket(from: "198.51.100.7:61000", ssrc: 42) == .latchedTo("198.51.100.7:61000"))
        #expect(latch.destination == "198.51.100.7:61000")
    }

    @Test("a stray packet from elsewhere is ignored once latched; a NAT rebinding with the same SSRC re-latches")
    func strayAndRebinding() {
        var latch = SymmetricRTPLatch<String>(signalled: nil, requiredPackets: 2)
        _ = latch.receiveValidPacket(from: "a", ssrc: 1)
        _ = latch.receiveValidPacket(from: "a", ssrc: 1)
        #expect(latch.receiveValidPacket(from: "evil", ssrc: 9) == .ignore)
        #expect(latch.receiveValidPacket(from: "evil", ssrc: 9) == .ignore)
        #expect(latch.destination == "a")
        #expect(latch.receiveValidPacket(from: "b", ssrc: 1) == .ignore)
        #expect(latch.receiveValidPacket(from: "b", ssrc: 1) == .latchedTo("b"))
        var strict = SymmetricRTPLatch<String>(signalled: nil, requiredPackets: 1, allowRelatch: false)
        #expect(strict.receiveValidPacket(from: "a", ssrc: nil) == .latchedTo("a"))
        #expect(strict.receiveValidPacket(from: "b", ssrc: nil) == .ignore)
    }
}
