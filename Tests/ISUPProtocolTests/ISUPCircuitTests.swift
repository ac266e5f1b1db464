@testable import ISUPProtocol
import ISUPWire
import NIOCore
import TelecomTypes
import Testing

@Suite("ISUP circuits")
struct ISUPCircuitTests {
    @Test("E1 span map: CIC = first CIC + timeslot, TS0 and TS16 excluded unless configured")
    func spanMap() {
        let group = ISUPCircuitGroup(spans: [
            ISUPSpan(id: 0, firstCIC: 0), ISUPSpan(id: 1, firstCIC: 32, timeslots: Array(1...31)),
        ])
        #expect(group.cics.count == 30 + 31)
        #expect(group.location(of: CIC(1))! == (0, 1))
        #expect(group.location(of: CIC(31))! == (0, 31))
        #expect(!group.isEquipped(CIC(0)))
        #expect(!group.isEquipped(CIC(16)))
        #expect(group.location(of: CIC(48))! == (1, 16))
        #expect(!group.isEquipped(CIC(32)))
        #expect(group.status(of: CIC(16)).circuitStateIndicator == 0b11)
        #expect(group.groupRanges.map(\.first) == [CIC(1), CIC(33)])
        #expect(group.groupRanges.map(\.range) == [30, 30])
    }

    @Test("A CIC claimed by two spans stays with the first")
    func overlappingSpans() {
        let group = ISUPCircuitGroup(spans: [ISUPSpan(id: 0, firstCIC: 0), ISUPSpan(id: 1, firstCIC: 0)])
        #expect(group.cics.count == 30)
        #expect(group.location(of: CIC(5))?.span == 0)
    }

    @Test("Q.764 §2.9.1.3 the higher point code controls even CICs, the lower one odd CICs")
    func dualSeizureControl() {
        let high = TestNet.configuration(own: TestNet.high, peer: TestNet.low)
        let low = TestNet.configuration(own: TestNet.low, peer: TestNet.high)
        #expect(high.controls(CIC(2)) && !high.controls(CIC(3)))
        #expect(low.controls(CIC(3)) && !low.controls(CIC(2)))
    }

    @Test("Q.763 §3.14 circuit state indicator: idle, busy, blocked, transient, unequipped")
    func circuitStateIndicator() {
        var status = ISUPCircuitStatus(
            cic: CIC(1), span: 0, timeslot: 1, callState: .idle, blocking: ISUPBlockingState(), isTransient: false,
            peerReportedUnequipped: false)
        #expect(status.circuitStateIndicator == 0x0C)
        status.callState = .incomingBusy
        #expect(status.circuitStateIndicator == 0x04)
        status.callState = .outgoingBusy
        status.blocking.locallyForMaintenance = true
        #expect(status.circuitStateIndicator == 0x09)
        status.blocking = ISUPBlockingState(remotelyForHardware: true)
        status.callState = .idle
        #expect(status.circuitStateIndicator == 0x2C)
        status.isTransient = true
        #expect(status.circuitStateIndicator == 0x00)
    }

    @Test("Blocking flags are independent: maintenance and hardware, local and remote")
    func blockingFlags() {
        var blocking = ISUPBlockingState(remotelyForMaintenance: true)
        #expect(blocking.isRemotelyBlocked && !blocking.isLocallyBlocked)
        blocking.locallyForHardware = true
        blocking.remotelyForMaintenance = false
        #expect(blocking.isLocallyBlocked && !blocking.isRemotelyBlocked && blocking.isBlocked)
    }

    @Test("Timer table: Q.764 Annex A defaults, one per timer")
    func timerTable() {
        let table = ISUPTimerTable()
        #expect(table.duration(.t1) == .seconds(15))
        #expect(table.duration(.t5) == .minutes(5))
        #expect(table.duration(.t7) == .seconds(20))
        #expect(table.duration(.t17) == .minutes(5))
        // Q.764 Annex A: T2 3 min, T8 10–15 s, T24 < 2 s, T25 1–10 s, T26 1–3 min, T27 ≥ 4 min, T33 12–15 s.
        #expect(table.duration(.t2) == .minutes(3))
        #expect(table.duration(.t8) == .seconds(10))
        #expect(table.duration(.t24) == .seconds(2))
        #expect(table.duration(.t25) == .seconds(1))
        #expect(table.duration(.t26) == .minutes(1))
        #expect(table.duration(.t27) == .minutes(4))
        #expect(table.duration(.t33) == .seconds(12))
        #expect(table.duration(.t36) == .seconds(10))
        #expect(ISUPTimer.allCases.count == 26)
        #expect(Set(ISUPTimer.allCases.map(\.description)).count == 26)
    }
}
