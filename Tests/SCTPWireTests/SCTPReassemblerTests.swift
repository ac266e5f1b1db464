import NIOCore
import RerouteTestSupport
import SCTPWire
import Testing

@Suite("SCTP reassembly (RFC 9260 §6.9, RFC 8260 §2.1)")
struct SCTPReassemblerTests {
    static let flow = SCTPEndpointPair(
        sourceAddress: [10, 0, 0, 1], sourcePort: 2905, destinationAddress: [10, 0, 0, 2], destinationPort: 2905)

    /// DATA fragment with flags from B/E/U.
    static func data(
        tsn: UInt32, stream: UInt16 = 1, ssn: UInt16 = 0, begin: Bool, end: Bool, unordered: Bool = false,
        _ text: String
    ) -> SCTPDataChunk {
        var chunk = SCTPDataChunk(
            flags: 0, tsn: tsn, streamIdentifier: stream, streamSequenceNumber: ssn, payloadProtocolIdentifier: 3,
            userData: ByteBuffer(string: text))
        chunk.isBeginning = begin
        chunk.isEnding = end
        chunk.isUnordered = unordered
        return chunk
    }

    @Test("Unfragmented chunks come out at once, retransmissions included")
    func unfragmented() {
        var reassembler = SCTPReassembler()
        let chunk = Self.data(tsn: 7, ssn: 4, begin: true, end: true, "IAM")
        let first = reassembler.receive(chunk, flow: Self.flow)
        let again = reassembler.receive(chunk, flow: Self.flow)
        #expect(first == again)
        #expect(first?.payload == ByteBuffer(string: "IAM") && first?.sequence == .ssn(4) && first?.ppid == 3)
        #expect(first?.firstTSN == 7 && first?.lastTSN == 7 && first?.fragmentCount == 1)
        #expect(reassembler.pendingMessageCount == 0)
    }

    @Test("Ordered fragments B, middle, E in order rebuild one message")
    func inOrder() {
        var reassembler = SCTPReassembler()
        #expect(reassembler.receive(Self.data(tsn: 10, begin: true, end: false, "ab"), flow: Self.flow) == nil)
        #expect(reassembler.receive(Self.data(tsn: 11, begin: false, end: false, "cd"), flow: Self.flow) == nil)
        let message = reassembler.receive(Self.data(tsn: 12, begin: false, end: true, "ef"), flow: Self.flow)
        #expect(message?.payload == ByteBuffer(string: "abcdef"))
        #expect(message?.firstTSN == 10 && message?.lastTSN == 12 && message?.fragmentCount == 3)
        #expect(reassembler.pendingMessageCount == 0 && reassembler.pendingByteCount == 0)
    }

    @Test("Fragments out of order, across the TSN wrap, complete when the last gap fills")
    func outOfOrderAcrossWrap() {
        var reassembler = SCTPReassembler()
        #expect(reassembler.receive(Self.data(tsn: 0, begin: false, end: true, "3"), flow: Self.flow) == nil)
        #expect(reassembler.receive(Self.data(tsn: 0xFFFF_FFFE, begin: true, end: false, "1"), flow: Self.flow) == nil)
        let message = reassembler.receive(Self.data(tsn: 0xFFFF_FFFF, begin: false, end: false, "2"), flow: Self.flow)
        #expect(message?.payload == ByteBuffer(string: "123") && message?.firstTSN == 0xFFFF_FFFE)
    }

    @Test("Interleaved streams and directions do not mix; duplicates are counted and ignored")
    func interleavedAndDuplicates() {
        var reassembler = SCTPReassembler()
        let back = Self.flow.reversed
        #expect(reassembler.receive(Self.data(tsn: 1, stream: 1, ssn: 0, begin: true, end: false, "A1"), flow: Self.flow) == nil)
        #expect(reassembler.receive(Self.data(tsn: 1, stream: 1, ssn: 0, begin: true, end: false, "X1"), flow: back) == nil)
        #expect(reassembler.receive(Self.data(tsn: 2, stream: 2, ssn: 0, begin: true, end: false, "B1"), flow: Self.flow) == nil)
        #expect(reassembler.receive(Self.data(tsn: 1, stream: 1, ssn: 0, begin: true, end: false, "A1"), flow: Self.flow) == nil)
        #expect(reassembler.statistics.duplicateFragments == 1)
        // TSN 3 ends stream 2's message (B at TSN 2); stream 1's message needs TSN 2 on stream 1, which never comes.
        let b = reassembler.receive(Self.data(tsn: 3, stream: 2, ssn: 0, begin: false, end: true, "B2"), flow: Self.flow)
        #expect(b?.payload == ByteBuffer(string: "B1B2") && b?.stream == 2)
        let x = reassembler.receive(Self.data(tsn: 2, stream: 1, ssn: 0, begin: false, end: true, "X2"), flow: back)
        #expect(x?.payload == ByteBuffer(string: "X1X2") && x?.flow == back)
        #expect(reassembler.pendingMessageCount == 1)
        reassembler.reset(flow: Self.flow)
        #expect(reassembler.pendingMessageCount == 0 && reassembler.pendingByteCount == 0)
    }

    @Test("Unordered fragments are grouped by TSN run per stream")
    func unorderedRuns() {
        var reassembler = SCTPReassembler()
        let f = Self.flow
        #expect(reassembler.receive(Self.data(tsn: 21, begin: false, end: true, unordered: true, "2"), flow: f) == nil)
        #expect(reassembler.receive(Self.data(tsn: 30, begin: true, end: false, unordered: true, "x"), flow: f) == nil)
        let first = reassembler.receive(Self.data(tsn: 20, begin: true, end: false, unordered: true, "1"), flow: f)
        #expect(first?.payload == ByteBuffer(string: "12") && first?.unordered == true)
        let second = reassembler.receive(Self.data(tsn: 31, begin: false, end: true, unordered: true, "y"), flow: f)
        #expect(second?.payload == ByteBuffer(string: "xy"))
    }

    @Test("RFC 8260 §2.1: I-DATA fragments by MID and FSN, PPID from the first fragment, interleaved messages")
    func iData() {
        var reassembler = SCTPReassembler()
        func fragment(tsn: UInt32, mid: UInt32, fsn: UInt32, flags: UInt8, _ text: String) -> SCTPIDataChunk {
            SCTPIDataChunk(
                flags: flags, tsn: tsn, streamIdentifier: 0, messageIdentifier: mid, ppidOrFSN: fsn,
                userData: ByteBuffer(string: text))
        }
        #expect(reassembler.receive(fragment(tsn: 1, mid: 5, fsn: 46, flags: 0x02, "a"), flow: Self.flow) == nil)
        #expect(reassembler.receive(fragment(tsn: 2, mid: 6, fsn: 46, flags: 0x02, "x"), flow: Self.flow) == nil)
        #expect(reassembler.receive(fragment(tsn: 4, mid: 5, fsn: 2, flags: 0x01, "c"), flow: Self.flow) == nil)
        let six = reassembler.receive(fragment(tsn: 5, mid: 6, fsn: 1, flags: 0x01, "y"), flow: Self.flow)
        #expect(six?.payload == ByteBuffer(string: "xy") && six?.sequence == .mid(6) && six?.ppid == 46)
        let five = reassembler.receive(fragment(tsn: 3, mid: 5, fsn: 1, flags: 0x00, "b"), flow: Self.flow)
        #expect(five?.payload == ByteBuffer(string: "abc") && five?.firstTSN == 1 && five?.lastTSN == 4)
    }

    @Test("Bounded memory: oversized messages dropped, oldest pending message evicted")
    func limits() {
        var reassembler = SCTPReassembler(
            limits: .init(maxMessageSize: 200, maxPendingBytes: 1000, maxPendingMessages: 2))
        let big = String(repeating: "z", count: 80)
        #expect(reassembler.receive(Self.data(tsn: 1, ssn: 1, begin: true, end: false, big), flow: Self.flow) == nil)
        #expect(reassembler.receive(Self.data(tsn: 2, ssn: 1, begin: false, end: false, big), flow: Self.flow) == nil)
        #expect(reassembler.statistics.oversizedMessages == 1 && reassembler.pendingByteCount == 0)
        for ssn in 2..<5 {
            _ = reassembler.receive(Self.data(tsn: UInt32(ssn * 10), ssn: UInt16(ssn), begin: true, end: false, "p"), flow: Self.flow)
        }
        #expect(reassembler.pendingMessageCount == 2 && reassembler.statistics.evictedMessages == 1)
        // SSN 2 (the oldest) was evicted; SSN 4 still completes.
        #expect(reassembler.receive(Self.data(tsn: 21, ssn: 2, begin: false, end: true, "q"), flow: Self.flow) == nil)
        #expect(reassembler.receive(Self.data(tsn: 41, ssn: 4, begin: false, end: true, "q"), flow: Self.flow)?.payload == ByteBuffer(string: "pq"))
    }

    @Test("sctp-test.cap: every DATA chunk (unordered, complete) yields one 512-byte message")
    func fixtureMessages() throws {
        var reassembler = SCTPReassembler()
        var messages: [SCTPUserMessage] = []
        for frame in try TestCapture.sctpFrames("sctp-test.cap") {
            let flow = SCTPEndpointPair(
                sourceAddress: frame.sourceAddress, sourcePort: 7, destinationAddress: frame.destinationAddress,
                destinationPort: 7)
            messages += reassembler.receive(packet: try SCTPPacket.decode(frame.sctp), flow: flow)
        }
        #expect(messages.count == 120)
        #expect(messages.allSatisfy { $0.payload.readableBytes == 512 && $0.unordered })
        #expect(Set(messages.map(\.stream)) == Set(0...11))
    }
}
