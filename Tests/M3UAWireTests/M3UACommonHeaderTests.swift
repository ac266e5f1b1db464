import M3UAWire
import NIOCore
import RerouteTestSupport
import Testing

@Suite("RFC 4666 §3.1 common header")
struct M3UACommonHeaderTests {
    @Test("RFC 4666 §3.1 header peek reads version, class, type and length")
    func peek() {
        let header = M3UACommonHeader.peek(ByteBuffer(hex: "01000301 00000008"))
        #expect(header == M3UACommonHeader(messageClass: .aspStateMaintenance, messageType: 1, messageLength: 8))
    }
}
