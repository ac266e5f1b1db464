import NIOCore
import RerouteTestSupport
import SCTPWire
import Testing
import WireSupport

@Suite("SCTP hostile input")
struct SCTPMutationTests {
    @Test("Mutation loop: never crashes; whatever decodes re-encodes and decodes to the same value")
    func mutationLoop() throws {
        var seeds: [[UInt8]] = SCTPChunkVectorTests.vectors.map {
            SCTPChunkVectorTests.packet($0.hex).readableBytesArray
        }
        seeds.append(SCTPChunkVectorTests.packet(SCTPChunkVectorTests.vectors.map(\.hex).joined()).readableBytesArray)
        // Small fixture packets (handshake, SACK-only) keep the loop fast.
        for frame in try TestCapture.sctpFrames("sctp-test.cap") where frame.sctp.readableBytes < 200 {
            seeds.append(frame.sctp.readableBytesArray)
        }
        var rng = SeededGenerator(seed: 9260)
        var decoded = 0
        var reassembler = SCTPReassembler(limits: .init(maxMessageSize: 4096, maxPendingBytes: 65536, maxPendingMessages: 64))
        let flow = SCTPEndpointPair(sourceAddress: [1], sourcePort: 1, destinationAddress: [2], destinationPort: 2)
        for round in 0..<20_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<(1 + round % 3) { bytes = Mutator.mutate(bytes, using: &rng) }
            guard let packet = try? SCTPPacket.decode(ByteBuffer(bytes: bytes)) else { continue }
            decoded += 1
            var out = ByteBuffer()
            packet.encode(into: &out, computeChecksum: false)
            let again = try SCTPPacket.decode(out)
            #expect(again.chunks == packet.chunks, "round \(round): \(bytes)")
            #expect(again.malformedTail == packet.malformedTail, "round \(round)")
            #expect(again.commonHeader == packet.commonHeader)
            _ = reassembler.receive(packet: packet, flow: flow)
        }
        #expect(decoded > 14_000)
        #expect(reassembler.pendingByteCount <= 65536)
    }
}
