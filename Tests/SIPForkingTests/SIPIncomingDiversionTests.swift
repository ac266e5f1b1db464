import SIPForking
import SIPWire
import Testing

/// A soft switch's INVITE with `extra` header lines, parsed from the wire form.
func switchInvite(_ extra: [String], uri: String = "sip:+447700900000@reroute.test;user=phone",
    from: String = "<sip:+442079460000@switch.example;user=phone>;tag=a1") throws -> SIPRequest
{
    let lines = [
        "INVITE \(uri) SIP/2.0", "Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK-switch-1", "From: \(from)",
        "To: <sip:+447700900000@reroute.test>", "Call-ID: switch-call-1", "CSeq: 1 INVITE",
        "Contact: <sip:switch@192.0.2.7:5060>", "Max-Forwards: 70",
    ] + extra + ["Content-Length: 0", "", ""]
    guard case .request(let request) = try SIPMessage(datagram: Array(lines.joined(separator: "\r\n").utf8)) else {
        throw NotARequest()
    }
    return request
}

struct NotARequest: Error {}

@Suite("SIP ingress: the diverted subscriber read from a soft switch's INVITE (RFC 7044, RFC 4458, RFC 5806)")
struct SIPIncomingDiversionTests {
    @Test("RFC 7044 §4.3.4 / RFC 4458 §3: the entry before the first retargeted one (cause, mp) is the subscriber, its cause the reason")
    func historyInfo() throws {
        let request = try switchInvite([
            "History-Info: <sip:+447700900654@switch.example;user=phone>;index=1,"
                + " <sip:+447700900777@switch.example;user=phone;cause=486>;index=1.1;mp=1,"
                + " <sip:+447700900000@reroute.test;user=phone;cause=408>;index=1.1.1;mp=1.1"
        ])
        let read = try SIPIncomingDiversion(request: request)
        #expect(read.called == "+447700900000")
        #expect(read.calling == "+442079460000")
        #expect(read.originalCalled == "+447700900654")
        #expect(read.originalReason == .userBusy)
        #expect(read.redirecting == "+447700900777")
        #expect(read.redirectingReason == .noReply)
        #expect(read.redirections == 2)
    }

    @Test("RFC 7044 §10: without a cause parameter the Reason escaped into the diverting entry's URI gives the reason")
    func historyInfoReasonHeader() throws {
        let request = try switchInvite([
            "History-Info: <sip:+447700900654@switch.example?Reason=SIP%3Bcause%3D302>;index=1,"
                + " <sip:+447700900000@reroute.test>;index=1.1;mp=1"
        ])
        let read = try SIPIncomingDiversion(request: request)
        #expect(read.originalCalled == "+447700900654")
        #expect(read.originalReason == .unconditional)
        #expect(read.redirections == 1)
    }

    @Test("RFC 5806 §4: the most recent Diversion is on top, so the first diversion is the last entry; counters add up")
    func diversion() throws {
        let request = try switchInvite([
            "Diversion: <tel:+44-7700-900777>;reason=no-answer;counter=2",
            "Diversion: <sip:07700900654@switch.example>;reason=unavailable",
        ])
        let read = try SIPIncomingDiversion(request: request)
        #expect(read.originalCalled == "07700900654")
        #expect(read.originalReason == .mobileSubscriberNotReachable)
        #expect(read.redirecting == "+447700900777")
        #expect(read.redirectingReason == .noReply)
        #expect(read.redirections == 3)
    }

    @Test("RFC 3323 §4.1.1.3 / RFC 3325 §9.1: an anonymous From with P-Asserted-Identity keeps the number, restricted")
    func privacy() throws {
        let request = try switchInvite(
            ["P-Asserted-Identity: <tel:+442079460000>", "Privacy: id"],
            from: "\"Anonymous\" <sip:anonymous@anonymous.invalid>;tag=a2")
        let read = try SIPIncomingDiversion(request: request)
        #expect(read.calling == "+442079460000")
        #expect(read.callingRestricted)
        #expect(read.originalCalled == nil)
        #expect(read.redirections == nil)
        let plain = try SIPIncomingDiversion(request: try switchInvite([], from: "<sip:alice@example.com>;tag=a3"))
        #expect(plain.calling == nil, "a name is no number")
        #expect(!plain.callingRestricted)
    }

    @Test("RFC 3261 §21.4.1: a History-Info or Diversion that does not parse is an error (the switch gets 400)")
    func malformed() throws {
        #expect(throws: SIPDecodingError.self) {
            try SIPIncomingDiversion(request: try switchInvite(["History-Info: <sip:+4477009@x;index=1"]))
        }
        #expect(throws: SIPDecodingError.self) {
            try SIPIncomingDiversion(request: try switchInvite(["Diversion: <<>>"]))
        }
    }

    @Test("Hostile headers never crash the reader: 3,000 mutated INVITEs (bytes flipped, cut, repeated)")
    func mutationLoop() throws {
        let seed = try switchInvite([
            "History-Info: <sip:+447700900654@switch.example?Reason=SIP%3Bcause%3D408>;index=1,"
                + " <sip:+447700900000@reroute.test;cause=408>;index=1.1;mp=1",
            "Diversion: <sip:+447700900654@switch.example>;reason=user-busy;counter=1",
        ])
        let wire = SIPMessage.request(seed).encoded
        var generator = SystemRandomNumberGenerator()
        var readable = 0
        for _ in 0..<3000 {
            var bytes = wire
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.insert(contentsOf: bytes[index..<min(bytes.count, index + 8)], at: index)
                default: bytes.remove(at: index)
                }
            }
            guard case .request(let request)? = try? SIPMessage(datagram: bytes) else { continue }
            if (try? SIPIncomingDiversion(request: request)) != nil { readable += 1 }
        }
        #expect(readable > 0, "some mutants still parse")
    }
}
