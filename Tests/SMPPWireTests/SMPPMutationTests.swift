import NIOCore
import RerouteTestSupport
import SMPPWire
import Testing

/// Hostile input: mutated PDUs never crash the codec; whatever decodes re-encodes to bytes that decode to the same
/// value; whatever fails carries an answer that is itself a well-formed PDU.
@Suite("SMPP 3.4 mutation loop")
struct SMPPMutationTests {
    static let seeds: [[UInt8]] = SMPPVectors.all.map { Array(SMPPVectors.buffer($0).readableBytesView) }

    @Test("SMPP 3.4 §3.2 / §4: 30,000 mutations — no crash, decoded PDUs round-trip, replies decode")
    func mutationLoop() throws {
        var rng = SeededGenerator(seed: 0x534D_5050)
        var decodedCount = 0
        var anomalies: [String] = []
        for iteration in 0..<30_000 {
            let seed = Self.seeds[iteration % Self.seeds.count]
            var bytes = Mutator.mutate(seed, using: &rng)
            if iteration % 3 == 0 { bytes = Mutator.mutate(bytes, using: &rng) }
            let input = ByteBuffer(bytes: bytes)
            let policy: SMPPPDU.UnknownCommandPolicy = iteration % 2 == 0 ? .keep : .reject

            var stream = input
            do {
                while let framed = try SMPPPDU.frame(from: &stream) {
                    if framed.readableBytes < SMPPHeader.length { anomalies.append("short frame \(input.hex)") }
                }
            } catch {
                if !error.isFatal { anomalies.append("non-fatal framing error \(input.hex)") }
            }

            do {
                let pdu = try SMPPPDU.decode(input, unknownCommands: policy)
                decodedCount += 1
                let again = try SMPPPDU.decode(pdu.encoded(), unknownCommands: policy)
                if again != pdu { anomalies.append("re-decode differs \(input.hex)") }
            } catch {
                if error.offendingBytes.readableBytes > SMPPDecodingError.diagnosticLimit {
                    anomalies.append("long diagnostic \(input.hex)")
                }
                if let reply = error.reply() {
                    guard let answer = try? SMPPPDU.decode(reply.encoded()) else {
                        anomalies.append("reply does not decode \(input.hex)")
                        continue
                    }
                    if answer.commandStatus == .ok { anomalies.append("reply without error \(input.hex)") }
                    if !answer.commandID.isResponse { anomalies.append("reply is a request \(input.hex)") }
                }
            }
        }
        #expect(anomalies.isEmpty, "\(anomalies.prefix(5))")
        #expect(decodedCount > 1_000)
        #expect(decodedCount < 30_000)
    }
}
