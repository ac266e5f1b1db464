import M3UAWire
import NIOCore
import RerouteTestSupport
import Testing

/// RFC 4666 §3.1.4: on a stream transport the Message Length delimits messages.
@Suite("RFC 4666 §3.1.4 framing")
struct M3UAFramingTests {
    static let messages = Array(M3UAFixtureVectors.endToEnd.prefix(6)) + M3UAFixtureVectors.bicc

    @Test("RFC 4666 §3.1.4 framing byte at a time returns nil and rewinds until a whole message is there")
    func byteAtATime() throws {
        let stream = ByteBuffer(hex: Self.messages.joined())
        var buffer = ByteBuffer()
        var framed: [String] = []
        for byte in stream.readableBytesView {
            buffer.writeInteger(byte)
            while true {
                let before = buffer.readerIndex
                guard let message = try M3UAMessage.frame(from: &buffer) else {
                    #expect(buffer.readerIndex == before)
                    break
                }
                framed.append(message.hex)
                _ = try M3UAMessage.decode(message)
            }
        }
        #expect(framed == Self.messages.map { ByteBuffer(hex: $0).hex })
        #expect(buffer.readableBytes == 0)
    }

    @Test("RFC 4666 §3.1.4 Protocol Error (0x07) for a Message Length below the header or above the limit")
    func badLength() {
        for hex in ["01000301 00000004", "01000101 7fffffff"] {
            var buffer = ByteBuffer(hex: hex)
            do {
                _ = try M3UAMessage.frame(from: &buffer)
                Issue.record("framed \(hex)")
            } catch {
                #expect(error.errorCode == .protocolError)
                #expect(buffer.readerIndex == 0)
            }
        }
    }

    @Test("RFC 4666 §3.1.4 a short header is nil, not an error")
    func shortHeader() throws {
        var buffer = ByteBuffer(hex: "010003")
        #expect(try M3UAMessage.frame(from: &buffer) == nil)
        #expect(buffer.readableBytes == 3)
    }
}
