import NIOCore
import SIPWire
import Testing

@Suite("SIP stream framing (RFC 3261 §18.3, RFC 5626 §3.5.1)")
struct SIPStreamDecoderTests {
    private func drain(_ decoder: inout SIPStreamDecoder, _ buffer: inout ByteBuffer) throws -> [SIPStreamEvent] {
        var events: [SIPStreamEvent] = []
        while let event = try decoder.decode(&buffer) { events.append(event) }
        return events
    }

    @Test("RFC 3261 §18.3: messages back to back are split by Content-Length")
    func backToBack() throws {
        let first = SIPTestMessages.request(method: "MESSAGE", body: "hello\r\n\r\nworld")
        let second = SIPTestMessages.ringing
        var buffer = ByteBuffer(bytes: first + second)
        var decoder = SIPStreamDecoder()
        let events = try drain(&decoder, &buffer)
        #expect(events.count == 2)
        guard case .message(.request(let request)) = events.first else {
            Issue.record("first is not a request")
            return
        }
        // The body holds an empty line of its own; only Content-Length says where it ends.
        #expect(request.body == Array("hello\r\n\r\nworld".utf8))
        guard case .message(.response(let response)) = events.last else {
            Issue.record("second is not a response")
            return
        }
        #expect(response.status == .ringing)
        #expect(buffer.readableBytes == 0)
    }

    @Test("RFC 3261 §18.3: bytes arriving one at a time give the same message, and nothing early")
    func byteAtATime() throws {
        let bytes = SIPTestMessages.tortuousInvite
        var decoder = SIPStreamDecoder()
        var buffer = ByteBuffer()
        var events: [SIPStreamEvent] = []
        for (index, byte) in bytes.enumerated() {
            buffer.writeInteger(byte)
            let produced = try drain(&decoder, &buffer)
            if index < bytes.count - 1 { #expect(produced.isEmpty) }
            events += produced
        }
        #expect(events == [.message(try SIPMessage(datagram: bytes))])
    }

    @Test("RFC 5626 §3.5.1: a double CRLF is a ping, a single CRLF a pong")
    func keepAlives() throws {
        var decoder = SIPStreamDecoder()
        var ping = ByteBuffer(string: "\r\n\r\n")
        #expect(try drain(&decoder, &ping) == [.keepAlivePing])
        var pong = ByteBuffer(string: "\r\n")
        #expect(try drain(&decoder, &pong) == [.keepAlivePong])
        var pingThenMessage = ByteBuffer(bytes: Array("\r\n\r\n".utf8) + SIPTestMessages.ringing)
        let events = try drain(&decoder, &pingThenMessage)
        #expect(events.count == 2)
        #expect(events.first == .keepAlivePing)
    }

    @Test("RFC 3261 §18.3: a request without Content-Length on a stream is a 400 and ends the framing")
    func missingContentLength() throws {
        var decoder = SIPStreamDecoder()
        var buffer = ByteBuffer(bytes: SIPTestMessages.request(drop: ["Content-Length"]))
        let error = try #require(throws: SIPDecodingError.self) { try decoder.decode(&buffer) }
        #expect(error.kind == .missingContentLength)
        #expect(error.breaksStreamFraming)
        #expect(error.errorResponse()?.status == .badRequest)
    }

    @Test("RFC 3261 §21.5.14: headers that never end are cut off with 513")
    func oversizedHeaders() throws {
        var decoder = SIPStreamDecoder(maximumHeaderBytes: 1024)
        var buffer = ByteBuffer(string: "OPTIONS sip:a@b SIP/2.0\r\nX-Long: " + String(repeating: "a", count: 2000))
        let error = try #require(throws: SIPDecodingError.self) { try decoder.decode(&buffer) }
        #expect(error.status == .messageTooLarge)
        #expect(error.breaksStreamFraming)
    }

    @Test("RFC 3261 §18.3: a semantic error leaves the stream usable for the next message")
    func semanticErrorKeepsFraming() throws {
        var decoder = SIPStreamDecoder()
        var buffer = ByteBuffer(bytes: SIPTestMessages.request(cseq: "1 INVITE") + SIPTestMessages.ringing)
        let error = try #require(throws: SIPDecodingError.self) { try decoder.decode(&buffer) }
        #expect(error.kind == .cseqMethodMismatch)
        #expect(!error.breaksStreamFraming)
        guard case .message(.response) = try decoder.decode(&buffer) else {
            Issue.record("the next message was lost")
            return
        }
    }
}
