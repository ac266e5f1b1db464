import ISUPWire
import M3UAWire
import MTPWire
import NIOCore
import PCAPWire
import RerouteTestSupport
import SCTPWire
import SignallingCapture
import TelecomTypes
import Testing

/// Hostile input (common brief): seeded mutations of every signalling message of every fixture — truncation,
/// bit flips, bytes nudged, random bytes, insertions (`Mutator`), plus every length field set off by one —
/// fed to each codec and to `SignallingDecoder`. Nothing crashes or hangs; every failure is a typed error;
/// whatever decodes re-encodes to bytes that decode to the same value.
///
/// These four loops and the two of `PipelineMutationTests` run in parallel: about 139,000 cases together (each
/// asserts its own share).
@Suite("Hostile input: seeded mutations of every fixture message", .timeLimit(.minutes(1)))
struct FixtureMutationTests {
    @Test("RFC 4666 §3: M3UA messages, lengths ±1 and random mutations: typed errors or a stable round trip")
    func m3ua() {
        var rng = SeededGenerator(seed: 0x4D33_5541_0001)
        var anomalies: [String] = []
        var decoded = 0
        let counts = MutationCorpus.forEachCase(
            seeds: MutationCorpus.m3ua, lengthFields: { seed, _ in LengthFieldOffsets.m3ua(seed) }, randomPerSeed: 60, rng: &rng
        ) { bytes, index in
            let input = ByteBuffer(bytes: bytes)
            var stream = input
            while let framed = try? M3UAMessage.frame(from: &stream) {
                if framed.readableBytes < M3UACommonHeader.length { anomalies.append("short frame \(input.hex)") }
            }
            let variant = M3UAVariant.detect(input)
            let policy: M3UAMessage.UnknownMessagePolicy = index % 4 == 0 ? .reject : .keep
            do throws(M3UADecodingError) {
                let message = try M3UAMessage.decode(input, variant: variant, unknownMessages: policy)
                decoded += 1
                let again = try M3UAMessage.decode(message.encoded(), variant: variant, unknownMessages: policy)
                if again != message { anomalies.append("re-decode differs \(input.hex)") }
            } catch {
                if error.diagnosticInformation.readableBytes > M3UADecodingError.diagnosticLimit {
                    anomalies.append("long diagnostic \(input.hex)")
                }
            }
        }
        #expect(anomalies.isEmpty, "\(anomalies.prefix(5))")
        #expect(counts.deliberate >= 2_500)
        #expect(counts.deliberate + counts.random >= 35_000)
        #expect(decoded > 2_000 && decoded < counts.deliberate + counts.random)
    }

    @Test("Q.763 §1.5–§1.8: ISUP and BICC messages, pointers and lengths ±1 and random mutations")
    func isup() {
        var rng = SeededGenerator(seed: 0x1505_0763_0001)
        var anomalies: [String] = []
        var decoded = 0
        let seeds = MutationCorpus.userParts
        let counts = MutationCorpus.forEachCase(
            seeds: seeds.map(\.bytes),
            lengthFields: { seed, index in LengthFieldOffsets.isup(seed, variant: seeds[index].bicc ? .bicc : .itu) },
            randomPerSeed: 60, rng: &rng
        ) { bytes, index in
            let variant: ISUPVariant = seeds[index].bicc ? .bicc : .itu
            let input = ByteBuffer(bytes: bytes)
            do throws(ISUPDecodingError) {
                let message = try ISUPMessage.decode(input, variant: variant)
                decoded += 1
                let again = try ISUPMessage.decode(message.encoded, variant: variant)
                if again != message { anomalies.append("re-decode differs \(input.hex)") }
                // Typed views of hostile values must not trap either.
                _ = message.calledPartyNumber?.signals.digits
                _ = message.callingPartyNumber?.signals.digits
                _ = message.originalCalledNumber
                _ = message.redirectingNumber
                _ = message.redirectionInformation
                _ = message.causeIndicators
                _ = message.accessTransport
                _ = message.userServiceInformation
            } catch {
                if Array(error.bytes.readableBytesView) != bytes { anomalies.append("error bytes differ \(input.hex)") }
            }
        }
        #expect(anomalies.isEmpty, "\(anomalies.prefix(5))")
        #expect(counts.deliberate >= 2_000)
        #expect(counts.deliberate + counts.random >= 35_000)
        #expect(decoded > 5_000)
    }

    @Test("RFC 4165 §2, Q.703 §2.2, Q.704 §2.2: M2PA, MTP2 and MTP3, lengths ±1 and random mutations")
    func mtp() {
        var rng = SeededGenerator(seed: 0x4D32_5041_0001)
        var anomalies: [String] = []
        var cases = 0
        let m2pa = MutationCorpus.forEachCase(
            seeds: MutationCorpus.m2pa, lengthFields: { seed, _ in LengthFieldOffsets.m2pa(seed) }, randomPerSeed: 400, rng: &rng
        ) { bytes, _ in
            let input = ByteBuffer(bytes: bytes)
            guard let message = try? M2PAMessage.decode(input) else { return }
            var out = ByteBuffer()
            message.encode(into: &out)
            if (try? M2PAMessage.decode(out)) != message { anomalies.append("M2PA re-decode differs \(input.hex)") }
        }
        cases += m2pa.deliberate + m2pa.random
        for (seeds, isMTP2) in [(MutationCorpus.mtp2, true), (MutationCorpus.mtp3, false)] {
            cases += MutationCorpus.forEachCase(seeds: seeds, lengthFields: { _, _ in [] }, randomPerSeed: 500, rng: &rng) {
                bytes, _ in
                let input = ByteBuffer(bytes: bytes)
                var out = ByteBuffer()
                if isMTP2 {
                    guard let frame = try? MTP2Frame.decode(input) else { return }
                    frame.encode(into: &out)
                    if (try? MTP2Frame.decode(out)) != frame { anomalies.append("MTP2 re-decode differs \(input.hex)") }
                } else {
                    guard let message = try? MTP3Message.decode(input) else { return }
                    message.encode(into: &out)
                    if (try? MTP3Message.decode(out)) != message { anomalies.append("MTP3 differs \(input.hex)") }
                }
            }.random
        }
        #expect(anomalies.isEmpty, "\(anomalies.prefix(5))")
        #expect(cases >= 10_000)
    }

    @Test("RFC 9260 §3.2: SCTP packets, chunk lengths ±1 and random mutations; reassembly survives them")
    func sctp() {
        var rng = SeededGenerator(seed: 0x5C7B_0001)
        var anomalies: [String] = []
        var reassembler = SCTPReassembler()
        let flow = SCTPEndpointPair(sourceAddress: [10, 0, 0, 1], sourcePort: 2905, destinationAddress: [10, 0, 0, 2], destinationPort: 2905)
        let counts = MutationCorpus.forEachCase(
            seeds: MutationCorpus.sctp, lengthFields: { seed, _ in LengthFieldOffsets.sctp(seed) }, randomPerSeed: 16, rng: &rng
        ) { bytes, _ in
            let input = ByteBuffer(bytes: bytes)
            guard let packet = try? SCTPPacket.decode(input) else { return }
            for message in reassembler.receive(packet: packet, flow: flow)
            where message.payload.readableBytes > reassembler.limits.maxMessageSize {
                anomalies.append("oversized message \(message.payload.readableBytes)")
            }
            var out = ByteBuffer()
            packet.encode(into: &out, computeChecksum: false)
            guard let again = try? SCTPPacket.decode(out) else {
                anomalies.append("re-encoded packet does not decode \(input.hex)")
                return
            }
            if again.chunks != packet.chunks || again.commonHeader != packet.commonHeader
                || again.malformedTail != packet.malformedTail
            {
                anomalies.append("re-decode differs \(input.hex)")
            }
        }
        #expect(anomalies.isEmpty, "\(anomalies.prefix(5))")
        #expect(reassembler.pendingByteCount <= reassembler.limits.maxPendingBytes)
        #expect(counts.deliberate >= 2_000)
        #expect(counts.deliberate + counts.random >= 16_000)
    }
}
