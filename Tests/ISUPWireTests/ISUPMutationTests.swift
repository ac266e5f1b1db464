import ISUPWire
import NIOCore
import RerouteTestSupport
import Testing

/// Hostile input: mutated real and spec-built messages never crash the decoder, and whatever decodes
/// re-encodes to bytes that decode to the same value.
struct ISUPMutationTests {
    static let seeds: [String] =
        (ISUPCaptureTests.m3uaRows + ISUPCaptureTests.isupCapRows + ISUPCaptureTests.isupPcapRows).map(\.hex)
        + ISUPMessageVectorTests.vectors.map(\.hex)

    @Test("Q.763 decoder mutation loop: 50,000 cases, never crashes, decoded values round-trip")
    func mutationLoop() throws {
        var rng = SeededGenerator(seed: 0x1505_0763)
        let seeds = Self.seeds.map { Array(ByteBuffer(hex: $0).readableBytesView) }
        var decoded = 0
        for iteration in 0..<50_000 {
            var bytes = seeds[iteration % seeds.count]
            for _ in 0..<Int.random(in: 1...3, using: &rng) { bytes = Mutator.mutate(bytes, using: &rng) }
            let message: ISUPMessage
            do {
                message = try ISUPMessage.decode(ByteBuffer(bytes: bytes))
            } catch {
                #expect(Array(error.bytes.readableBytesView) == bytes)
                continue
            }
            decoded += 1
            let again = try ISUPMessage.decode(message.encoded)
            #expect(again == message, "round trip of \(ByteBuffer(bytes: bytes).hex)")
            // Typed views must not trap either.
            _ = message.calledPartyNumber
            _ = message.callingPartyNumber
            _ = message.causeIndicators
            _ = message.rangeAndStatus
            _ = message.accessTransport
            _ = message.parameterCompatibilityInformation
        }
        #expect(decoded > 10_000)
    }
}
