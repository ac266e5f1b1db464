import M3UAProtocol
import M3UAWire
import NIOCore
import TelecomTypes
import Testing

@Suite("M3UA destination availability table (RFC 4666 §3.4, §4.5)")
struct M3UADestinationTableTests {
    @Test("RFC 4666 §4.5 every destination starts unavailable")
    func startsUnavailable() {
        let table = M3UADestinationTable()
        #expect(table.status(of: PointCode(1)) == .unknown)
        #expect(!table.status(of: PointCode(0x3FFF)).isReachable)
    }

    @Test("RFC 4666 §3.4.1 Affected Point Code mask: the low `mask` bits are wildcarded")
    func maskedRanges() {
        var table = M3UADestinationTable()
        // DAVA 0x1200/8: 0x1200…0x12FF available.
        _ = table.apply(
            .destinationAvailable(
                M3UADestinationAvailable(affectedPointCode: [M3UAMaskedPointCode(mask: 8, pointCode: PointCode(0x1234))]
                )))
        #expect(table.status(of: PointCode(0x1200)).reachability == .available)
        #expect(table.status(of: PointCode(0x12FF)).reachability == .available)
        #expect(table.status(of: PointCode(0x1300)).reachability == .unavailable)
        // DUNA on one code inside, then DRST on a /2 range inside.
        _ = table.apply(
            .destinationUnavailable(
                M3UADestinationUnavailable(affectedPointCode: [M3UAMaskedPointCode(pointCode: PointCode(0x1250))])))
        _ = table.apply(
            .destinationRestricted(
                M3UADestinationRestricted(affectedPointCode: [
                    M3UAMaskedPointCode(mask: 2, pointCode: PointCode(0x1260))
                ])))
        #expect(table.status(of: PointCode(0x1250)).reachability == .unavailable)
        #expect(table.status(of: PointCode(0x1263)).reachability == .restricted)
        #expect(table.status(of: PointCode(0x1264)).reachability == .available)
        // A wider DUNA overrides everything inside it.
        let changes = table.apply(
            .destinationUnavailable(
                M3UADestinationUnavailable(affectedPointCode: [
                    M3UAMaskedPointCode(mask: 12, pointCode: PointCode(0x1000))
                ])))
        #expect(
            changes == [
                M3UADestinationChange(
                    affected: M3UAMaskedPointCode(mask: 12, pointCode: PointCode(0x1000)),
                    status: M3UADestinationStatus(reachability: .unavailable))
            ])
        for code: UInt32 in [0x1200, 0x1250, 0x1263, 0x1FFF] {
            #expect(table.status(of: PointCode(code)).reachability == .unavailable, "\(code)")
        }
    }

    @Test("RFC 4666 §3.4.4 SCON and §3.4.5 DUPU update congestion and user parts; DAVA clears congestion")
    func sconAndDupu() {
        var table = M3UADestinationTable()
        let pc = M3UAMaskedPointCode(pointCode: PointCode(77))
        _ = table.apply(.destinationAvailable(M3UADestinationAvailable(affectedPointCode: [pc])))
        _ = table.apply(
            .signallingCongestion(
                M3UASignallingCongestion(
                    affectedPointCode: [pc], congestionIndications: M3UACongestionIndications(level: 3))))
        _ = table.apply(
            .destinationUserPartUnavailable(
                M3UADestinationUserPartUnavailable(
                    affectedPointCode: [pc],
                    userCause: M3UAUserCause(cause: M3UAUserCause.causeUnequippedRemoteUser, user: 5))))
        let status = table.status(of: PointCode(77))
        #expect(status.reachability == .available)
        #expect(status.congestionLevel == 3)
        #expect(status.unavailableUserParts == [5: 1])
        _ = table.apply(.destinationAvailable(M3UADestinationAvailable(affectedPointCode: [pc])))
        #expect(table.status(of: PointCode(77)).congestionLevel == 0)
        #expect(table.apply(.aspUp(M3UAASPUp())) == nil)
    }

    @Test("RFC 4666 §4.5.3 DAUD answer: DAVA + SCON + DUPU for a congested destination, DUNA for an unknown one")
    func auditAnswer() {
        var table = M3UADestinationTable()
        let pc = M3UAMaskedPointCode(pointCode: PointCode(77))
        table.set(
            pc, to: M3UADestinationStatus(reachability: .available, congestionLevel: 1, unavailableUserParts: [5: 2]))
        let other = M3UAMaskedPointCode(pointCode: PointCode(78))
        let answers = table.audit(M3UADestinationStateAudit(networkAppearance: 3, affectedPointCode: [pc, other]))
        #expect(
            answers == [
                .destinationAvailable(M3UADestinationAvailable(networkAppearance: 3, affectedPointCode: [pc])),
                .signallingCongestion(
                    M3UASignallingCongestion(
                        networkAppearance: 3, affectedPointCode: [pc],
                        congestionIndications: M3UACongestionIndications(level: 1))),
                .destinationUserPartUnavailable(
                    M3UADestinationUserPartUnavailable(
                        networkAppearance: 3, affectedPointCode: [pc], userCause: M3UAUserCause(cause: 2, user: 5))),
                .destinationUnavailable(M3UADestinationUnavailable(networkAppearance: 3, affectedPointCode: [other])),
            ])
    }

    @Test("RFC 4666 §3.4.1 a /24 mask covers every point code without growing the table")
    func wholeSpace() {
        var table = M3UADestinationTable()
        table.set(M3UAMaskedPointCode(mask: 255, pointCode: PointCode(0)), to: .available)
        #expect(table.count == 1)
        #expect(table.status(of: PointCode(0xFF_FFFF)).reachability == .available)
        table.reset()
        #expect(table.count == 0)
    }
}
