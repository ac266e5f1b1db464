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

    @Test("RFC 4961 §3 with RFC 3261 §13.2.2.4: another branch answers after this one's early media — the early branch's stream, still arriving, never takes the leg back; the answering device latches it")
    func anotherBranchAnswers() {
        var latch = SymmetricRTPLatch<String>(signalled: "early-sdp", requiredPackets: 2)
        _ = latch.receiveValidPacket(from: "early-nat", ssrc: 7)
        #expect(latch.receiveValidPacket(from: "early-nat", ssrc: 7) == .latchedTo("early-nat"))
        latch.resignal("answer-sdp", excludingCurrentSource: true)
        #expect(latch.excluded == 7)
        #expect(latch.destination == "answer-sdp")
        // The cancelled branch's packets: dropped however many come, from wherever.
        for _ in 0..<5 { #expect(latch.receiveValidPacket(from: "early-nat", ssrc: 7) == .ignore) }
        #expect(latch.receiveValidPacket(from: "elsewhere", ssrc: 7) == .ignore)
        #expect(latch.destination == "answer-sdp")
        // The answering device, behind its own NAT.
        #expect(latch.receiveValidPacket(from: "answer-nat", ssrc: 8) == .accept)
        #expect(latch.receiveValidPacket(from: "answer-nat", ssrc: 8) == .latchedTo("answer-nat"))
        // The same peer's own new signalling (a re-INVITE moving its media) excludes nobody.
        latch.resignal("moved", excludingCurrentSource: false)
        #expect(latch.excluded == nil)
        #expect(latch.receiveValidPacket(from: "answer-nat2", ssrc: 8) == .accept)
        #expect(latch.receiveValidPacket(from: "answer-nat2", ssrc: 8) == .latchedTo("answer-nat2"))
    }

    @Test("excluding while nothing was latched yet drops the SSRC being counted, or nothing")
    func excludingWhileUnlatched() {
        var latch = SymmetricRTPLatch<String>(signalled: "a", requiredPackets: 3)
        latch.resignal("b", excludingCurrentSource: true)
        #expect(latch.excluded == nil)
        _ = latch.receiveValidPacket(from: "x", ssrc: 4)
        latch.resignal("c", excludingCurrentSource: true)
        #expect(latch.excluded == 4)
        #expect(latch.receiveValidPacket(from: "x", ssrc: 4) == .ignore)
        #expect(latch.receiveValidPacket(from: "y", ssrc: nil) == .accept)
    }
}
