import NIOCore
import SIGTRANTransport
import Testing

/// M3UA over TCP: the byte stream is cut by the common header's Message Length (RFC 4666 §3.1.4).
@Suite("M3UA over TCP framing", .timeLimit(.minutes(1)))
struct TCPFramingTests {
    typealias F = TransportFixtures

    @Test("RFC 4666 §3.1.4 a message written in three pieces arrives as one message")
    func piecesReassembled() async throws {
        let pair = try await F.connectPair(.tcp)
        let whole = F.beat(sequence: 42, dataLength: 200)
        // The TCP transport writes bytes as given, so pieces of one message reach the peer as a byte stream.
        for range in [0..<3, 3..<9, 9..<whole.readableBytes] {
            pair.client.send(message: whole.getSlice(at: range.lowerBound, length: range.count) ?? whole, stream: 0, ppid: 3)
        }
        pair.client.send(message: F.beat(sequence: 43), stream: 0, ppid: 3)
        try await pair.serverEvents.waitForMessages(2)
        #expect(pair.serverEvents.messages.map(\.0) == [whole, F.beat(sequence: 43)])
        try await pair.close()
    }

    @Test("RFC 4666 §3.1.4 a Message Length below the header size cannot be re-synchronised: connection closed")
    func impossibleLengthClosesConnection() async throws {
        let pair = try await F.connectPair(.tcp)
        pair.client.send(message: ByteBuffer(bytes: [0x01, 0x00, 0x03, 0x01, 0x00, 0x00, 0x00, 0x04]), stream: 0, ppid: 3)
        #expect(try await pair.serverEvents.waitForDown() == .communicationLost)
        #expect(try await pair.clientEvents.waitForDown() == .peerShutdown)
        #expect(pair.serverEvents.messages.isEmpty)
        try await wait(pair.listener.close(), "listener close")
    }

    @Test("RFC 4666 §3.1.1 a version other than 1 closes the connection")
    func badVersionClosesConnection() async throws {
        let pair = try await F.connectPair(.tcp)
        pair.client.send(message: ByteBuffer(bytes: [0x02, 0x00, 0x03, 0x01, 0x00, 0x00, 0x00, 0x08]), stream: 0, ppid: 3)
        #expect(try await pair.serverEvents.waitForDown() == .communicationLost)
        try await wait(pair.client.close(), "client close")
        try await wait(pair.listener.close(), "listener close")
    }
}
