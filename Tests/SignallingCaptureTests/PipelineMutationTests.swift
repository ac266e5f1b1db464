import ISUPWire
import M3UAWire
import NIOCore
import PCAPWire
import RerouteTestSupport
import SCTPWire
import SignallingCapture
import TelecomTypes
import Testing

/// Hostile input through the whole pipeline: `SignallingDecoder` on mutated frames of every signalling fixture
/// and hand-built capture, and on well-formed frames carrying a mutated layer (SCTP packet, M3UA message, ISUP
/// message, M2PA message). Every record is checked by `PipelineChecker`; errors are records, never a stop.
@Suite("Hostile input: SignallingDecoder on mutated frames and layers", .timeLimit(.minutes(1)))
struct PipelineMutationTests {
    /// Frames of the signalling fixtures and of every hand-built capture (all link types and carriers).
    static let frames: [CapturedFrame] =
        CaptureCorpus.signallingFrames + SyntheticCaptures.all().flatMap(\.frames)

    @Test("Whole frames of every signalling capture, mutated: records are well formed, the run never stops")
    func wholeFrames() {
        var rng = SeededGenerator(seed: 0xF4A3_0001)
        var checker = PipelineChecker()
        var number = 0
        for round in 0..<16 {
            for frame in Self.frames {
                var bytes = Mutator.mutate(Array(frame.data.readableBytesView), using: &rng)
                if round % 3 == 2 { bytes = Mutator.mutate(bytes, using: &rng) }
                number += 1
                var mutated = frame
                mutated.number = number
                mutated.data = ByteBuffer(bytes: bytes)
                checker.feed(mutated)
            }
        }
        #expect(checker.anomalies.isEmpty, "\(checker.anomalies.prefix(5))")
        #expect(checker.frames >= 16_000)
        #expect(checker.records > 1_000)
        #expect(checker.errorRecords > 100)
    }

    @Test("Well-formed frames carrying a mutated SCTP packet, M3UA, ISUP or M2PA message (lengths ±1 and random)")
    func mutatedLayers() {
        var rng = SeededGenerator(seed: 0xF4A3_0002)
        var checker = PipelineChecker()
        var composer = SyntheticCaptures.composer()
        var number = 0
        func feed(_ data: ByteBuffer) {
            number += 1
            checker.feed(
                CapturedFrame(
                    number: number, timestamp: CaptureTimestamp(seconds: Int64(number), nanoseconds: 0),
                    linkType: .ethernet, data: data))
        }
        func feedSCTP(_ payload: ByteBuffer, ppid: UInt32) {
            let message = SCTPFlowComposer.UserMessage(stream: 1, ppid: ppid, payload: payload)
            feed(composer.frame(composer.dataChunks(for: [message])))
        }
        var cases = 0
        let sctp = MutationCorpus.forEachCase(
            seeds: MutationCorpus.sctp, lengthFields: { seed, _ in LengthFieldOffsets.sctp(seed) }, randomPerSeed: 2,
            rng: &rng
        ) { bytes, _ in
            feed(
                SyntheticFrame.ethernetIP(
                    source: SyntheticCaptures.hostA, destination: SyntheticCaptures.hostB, protocolNumber: 132,
                    payload: ByteBuffer(bytes: bytes)))
        }
        cases += sctp.deliberate + sctp.random
        let m3ua = MutationCorpus.forEachCase(
            seeds: MutationCorpus.m3ua, lengthFields: { seed, _ in LengthFieldOffsets.m3ua(seed) }, randomPerSeed: 4,
            rng: &rng
        ) { bytes, _ in feedSCTP(ByteBuffer(bytes: bytes), ppid: 3) }
        cases += m3ua.deliberate + m3ua.random
        let seeds = MutationCorpus.userParts
        let isup = MutationCorpus.forEachCase(
            seeds: seeds.map(\.bytes),
            lengthFields: { seed, index in LengthFieldOffsets.isup(seed, variant: seeds[index].bicc ? .bicc : .itu) },
            randomPerSeed: 4, rng: &rng
        ) { bytes, index in
            let data = M3UAPayloadData(
                routingContext: [1],
                protocolData: M3UAProtocolData(
                    originatingPointCode: PointCode(1), destinationPointCode: PointCode(2),
                    serviceIndicator: seeds[index].bicc ? .bicc : .isup, networkIndicator: .national,
                    signallingLinkSelection: 0, userProtocolData: ByteBuffer(bytes: bytes)))
            feedSCTP(M3UAMessage.payloadData(data).encoded(), ppid: 3)
        }
        cases += isup.deliberate + isup.random
        let m2pa = MutationCorpus.forEachCase(
            seeds: MutationCorpus.m2pa, lengthFields: { seed, _ in LengthFieldOffsets.m2pa(seed) }, randomPerSeed: 100,
            rng: &rng
        ) { bytes, _ in feedSCTP(ByteBuffer(bytes: bytes), ppid: 5) }
        cases += m2pa.deliberate + m2pa.random
        #expect(checker.anomalies.isEmpty, "\(checker.anomalies.prefix(5))")
        #expect(cases == checker.frames)
        #expect(cases >= 15_000)
        #expect(checker.errorRecords > 1_000)
    }
}
