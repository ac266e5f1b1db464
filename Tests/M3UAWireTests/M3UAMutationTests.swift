import M3UAWire
import NIOCore
import RerouteTestSupport
import Testing

/// Hostile input: mutated real messages never crash the codec, and whatever decodes re-encodes to bytes that
/// decode to the same value.
@Suite("RFC 4666 §3 mutation loop")
struct M3UAMutationTests {
    static let seeds: [[UInt8]] = {
        let hexes =
            Array(M3UAFixtureVectors.m3uaISUP.prefix(40)) + M3UAFixtureVectors.endToEnd + M3UAFixtureVectors.bicc
            + M3UAFixtureVectors.isupDraft06 + [
                "01000000 0000001c 000c0008 00000016 0007000a 01020304 05060000",
                "01000201 0000002c 02000008 00000003 00060008 00000001 0012000c 00000064 08000065 00040008 646f776e",
                "01000204 00000020 00120008 00000064 02060008 00000065 02050008 00000002",
                "01000205 00000018 00120008 00000064 02040008 00020005",
                "01000303 00000014 0009000b 01020304 05060700",
                "01000401 0000001c 000b0008 00000001 0006000c 00000001 00000002",
                "01000901 0000002c 02070024 020a0008 00000001 020b0008 00000064 020c0006 03050000 020e0008 00000065",
                "01000902 00000024 0208001c 020a0008 00000001 02120008 00000000 00060008 00000010",
                "01000904 0000001c 02090014 00060008 00000010 02130008 00000000",
            ]
        return hexes.map { Array(ByteBuffer(hex: $0).readableBytesView) }
    }()

    @Test("RFC 4666 §3 30,000 mutations: no crash; decoded messages re-encode and decode to the same value")
    func mutationLoop() throws {
        var rng = SeededGenerator(seed: 0x4D33_5541)
        var decodedCount = 0
        var anomalies: [String] = []
        for iteration in 0..<30_000 {
            let seed = Self.seeds[iteration % Self.seeds.count]
            var bytes = Mutator.mutate(seed, using: &rng)
            if iteration % 3 == 0 { bytes = Mutator.mutate(bytes, using: &rng) }
            let input = ByteBuffer(bytes: bytes)
            let variant: M3UAVariant = iteration % 5 == 0 ? .draft06 : M3UAVariant.detect(input)
            let policy: M3UAMessage.UnknownMessagePolicy = iteration % 2 == 0 ? .keep : .reject

            var stream = input
            while let framed = try? M3UAMessage.frame(from: &stream) {
                if framed.readableBytes < M3UACommonHeader.length { anomalies.append("short frame \(input.hex)") }
            }

            do {
                let message = try M3UAMessage.decode(input, variant: variant, unknownMessages: policy)
                decodedCount += 1
                let again = try M3UAMessage.decode(message.encoded(), variant: variant, unknownMessages: policy)
                if again != message { anomalies.append("re-decode differs \(input.hex)") }
            } catch {
                if error.diagnosticInformation.readableBytes > M3UADecodingError.diagnosticLimit {
                    anomalies.append("long diagnostic \(input.hex)")
                }
                guard iteration % 8 == 0 else { continue }
                guard case .error = try M3UAMessage.decode(error.errorReply().encoded()) else {
                    anomalies.append("reply is not ERR \(input.hex)")
                    continue
                }
            }
        }
        #expect(anomalies.isEmpty, "\(anomalies.prefix(5))")
        // The loop must exercise both paths.
        #expect(decodedCount > 1_000)
        #expect(decodedCount < 30_000)
    }
}
