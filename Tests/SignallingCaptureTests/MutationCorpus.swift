import NIOCore
import RerouteTestSupport
import SignallingCapture

/// The seeds of the hostile-input loops — every signalling message of every fixture, plus the hand-built
/// captures' messages for what the fixtures lack — and the seeded cases made from them.
enum MutationCorpus {
    /// The records of every hand-built capture.
    static let syntheticRecords: [SignallingRecord] = SyntheticCaptures.all().flatMap {
        (try? CaptureCorpus.records(of: $0.fileBytes)) ?? []
    }

    static func bytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

    /// Every M3UA message: 502 from the fixtures, the rest hand-built.
    static let m3ua: [[UInt8]] = (CaptureCorpus.m3uaMessages + syntheticRecords.compactMap(\.m3uaBytes)).map(bytes)

    /// Every ISUP or BICC message, with whether it is BICC.
    static let userParts: [(bytes: [UInt8], bicc: Bool)] =
        (CaptureCorpus.userPartMessages
        + syntheticRecords.compactMap { record in record.isupBytes.map { ($0, record.bicc != nil) } })
        .map { (bytes($0.bytes), $0.bicc) }

    /// Every SCTP packet of every fixture.
    static let sctp: [[UInt8]] = CaptureCorpus.fixtures.flatMap(\.sctpPackets).map(bytes)

    /// M2PA messages: the fixture's six and the hand-built ones (User Data and Link Status).
    static let m2pa: [[UInt8]] = {
        var messages = CaptureCorpus.fixtures.flatMap(\.m2paMessages)
        messages += SyntheticISUP.call(cic: 5).enumerated().map {
            SyntheticSignalling.m2paUserData($1, sequence: UInt32($0))
        }
        messages.append(SyntheticSignalling.m2paLinkStatusReady())
        return messages.map(bytes)
    }()

    /// MTP2 signal units (FISU, LSSU, MSUs) and MTP3 messages, hand-built: no fixture has a link capture.
    static let mtp2: [[UInt8]] =
        [SyntheticSignalling.mtp2FISU(sequence: 1), SyntheticSignalling.mtp2LSSU(sequence: 2)].map(bytes)
        + SyntheticISUP.call(cic: 6).map { bytes(SyntheticSignalling.mtp2MSU($0, sequence: 3)) }
    static let mtp3: [[UInt8]] = SyntheticISUP.call(cic: 7).map { bytes(SyntheticSignalling.mtp3($0)) }

    /// Calls `body` with every off-by-one variant of every seed's length fields, then with `randomPerSeed`
    /// `Mutator` mutations of each seed (a third of them mutated twice). Returns how many cases of each kind.
    @discardableResult
    static func forEachCase(
        seeds: [[UInt8]], lengthFields: (_ seed: [UInt8], _ seedIndex: Int) -> [LengthFieldOffsets.Field], randomPerSeed: Int,
        rng: inout SeededGenerator, _ body: (_ bytes: [UInt8], _ seedIndex: Int) -> Void
    ) -> (deliberate: Int, random: Int) {
        var deliberate = 0
        var random = 0
        for (index, seed) in seeds.enumerated() {
            for variant in LengthFieldOffsets.variants(seed, lengthFields(seed, index)) {
                deliberate += 1
                body(variant, index)
            }
            for _ in 0..<randomPerSeed {
                var mutated = Mutator.mutate(seed, using: &rng)
                if rng.next() % 3 == 0 { mutated = Mutator.mutate(mutated, using: &rng) }
                random += 1
                body(mutated, index)
            }
        }
        return (deliberate, random)
    }
}
