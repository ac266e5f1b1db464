@testable import ISUPProtocol
import ISUPWire
import NIOCore
import TelecomTypes
import Testing

@Suite("Q.764 circuit maintenance")
struct ISUPMaintenanceTests {
    @Test("Q.764 §2.8.2.1 BLO → BLA, T12 re-sends, T13 alerts; UBL → UBA, T14/T15")
    func blockingProcedure() {
        var node = TestNet.ready()
        var actions = node.block(cic: CIC(4))
        #expect(actions.sentTypes == [.blocking] && actions.started == [.t12, .t13])
        #expect(node.status(of: CIC(4)).blocking.locallyForMaintenance)
        #expect(node.fire(.t12, cic: 4).sentTypes == [.blocking])
        actions = node.fire(.t13, cic: 4)
        #expect(actions.sentTypes == [.blocking] && actions.alerts == [.timerExpired(.t13, CIC(4))])
        #expect(actions.cancelled == [.t12] && actions.started == [.t13])
        actions = node.receive(TestNet.message(.blockingAcknowledgement, 4))
        #expect(actions.cancelled == [.t13])
        #expect(!node.status(of: CIC(4)).isTransient)
        actions = node.unblock(cic: CIC(4))
        #expect(actions.sentTypes == [.unblocking] && actions.started == [.t14, .t15])
        #expect(node.fire(.t14, cic: 4).sentTypes == [.unblocking])
        #expect(node.fire(.t15, cic: 4).alerts == [.timerExpired(.t15, CIC(4))])
        _ = node.receive(TestNet.message(.unblockingAcknowledgement, 4))
        #expect(node.isQuiet)
        #expect(!node.status(of: CIC(4)).blocking.isBlocked)
    }

    @Test("Q.764 §2.8.2.1 a locally blocked circuit refuses an IAM with cause 41 and is not hunted")
    func locallyBlockedRefusesIAM() {
        var node = TestNet.ready(hunting: [CIC(4), CIC(6)])
        _ = node.block(cic: CIC(4))
        let actions = node.receive(TestNet.iam(4))
        #expect(actions.sentTypes == [.release] && actions.sentCause == .temporaryFailure)
        #expect(actions.incomingCalls.isEmpty)
        #expect(node.placeCall(called: TestNet.called)?.cic == CIC(6))
    }

    @Test("Q.764 §2.8.2.1 BLO received: BLA, no outgoing calls, incoming still accepted and unblocks (§2.8.2.3)")
    func remotelyBlocked() {
        var node = TestNet.ready(hunting: [CIC(4)])
        #expect(node.receive(TestNet.message(.blocking, 4)).sentTypes == [.blockingAcknowledgement])
        #expect(node.placeCall(called: TestNet.called) == nil)
        let actions = node.receive(TestNet.iam(4))
        #expect(actions.incomingCalls.count == 1)
        #expect(actions.alerts == [.remoteBlockingRemovedByIAM(CIC(4))])
        _ = node.receive(TestNet.rel(4))
        #expect(node.receive(TestNet.message(.blocking, 4)).sentTypes == [.blockingAcknowledgement])
        #expect(node.receive(TestNet.message(.unblocking, 4)).sentTypes == [.unblockingAcknowledgement])
        #expect(node.placeCall(called: TestNet.called)?.cic == CIC(4))
    }

    @Test("Q.764 §2.8.2.1 BLO after our IAM, before any backward message: the call is released")
    func blockingDuringSetup() throws {
        var node = TestNet.ready()
        let cic = try node.mustPlaceCall().cic
        let actions = node.receive(TestNet.message(.blocking, cic.value))
        #expect(actions.sentTypes == [.blockingAcknowledgement, .release])
        #expect(actions.events == [.released(cause: .temporaryFailure)])
    }

    @Test("Q.764 §2.8.2.3 unexpected BLA → UBL; unexpected UBA on a locally blocked circuit → BLO")
    func unexpectedAcknowledgements() {
        var node = TestNet.ready()
        #expect(node.receive(TestNet.message(.blockingAcknowledgement, 4)).sentTypes == [.unblocking])
        var other = TestNet.ready()
        _ = other.block(cic: CIC(4))
        _ = other.receive(TestNet.message(.blockingAcknowledgement, 4))
        #expect(other.receive(TestNet.message(.unblockingAcknowledgement, 4)).sentTypes == [.blocking])
        var third = TestNet.ready()
        #expect(third.receive(TestNet.message(.unblockingAcknowledgement, 4)).isEmpty)
    }

    @Test("Q.764 §2.9.3.1 RSC sent: T16 re-sends, T17 alerts; RSC received on a locally blocked circuit → RLC + BLO")
    func resetProcedure() {
        var node = TestNet.ready()
        var actions = node.reset(cic: CIC(8))
        #expect(actions.sentTypes == [.resetCircuit] && actions.started == [.t16, .t17])
        #expect(node.fire(.t16, cic: 8).sentTypes == [.resetCircuit])
        actions = node.fire(.t17, cic: 8)
        #expect(actions.alerts == [.timerExpired(.t17, CIC(8))] && actions.cancelled == [.t16])
        _ = node.receive(TestNet.message(.releaseComplete, 8))
        #expect(node.isQuiet)
        _ = node.block(cic: CIC(9))
        _ = node.receive(TestNet.message(.blockingAcknowledgement, 9))
        #expect(node.receive(TestNet.message(.resetCircuit, 9)).sentTypes == [.releaseComplete, .blocking])
    }

    @Test("Q.764 §2.9.3.2 GRS at link-up; IAMs refused with cause 41 until GRA; T22/T23 repeat")
    func groupResetAtLinkUp() {
        var node = ISUPSwitch(configuration: TestNet.configuration(resetOnLinkUp: true))
        var actions = node.linkUp()
        #expect(actions.sentTypes == [.circuitGroupReset])
        #expect(actions.sent.first?.cic == CIC(1) && actions.sent.first?.rangeAndStatus?.range == 30)
        #expect(actions.started == [.t22, .t23])
        #expect(node.placeCall(called: TestNet.called) == nil)
        actions = node.receive(TestNet.iam(5))
        #expect(actions.sentCause == .temporaryFailure && actions.incomingCalls.isEmpty)
        _ = node.receive(TestNet.message(.releaseComplete, 5))
        #expect(node.fire(.t22, cic: 1).sentTypes == [.circuitGroupReset])
        actions = node.fire(.t23, cic: 1)
        #expect(actions.alerts == [.timerExpired(.t23, CIC(1))] && actions.cancelled == [.t22])
        var status = [Bool](repeating: false, count: 31)
        status[2] = true
        actions = node.receive(.range(.circuitGroupResetAcknowledgement, cic: CIC(1), range: 30, status: status))
        #expect(actions.cancelled == [.t23])
        #expect(node.status(of: CIC(3)).blocking.remotelyForMaintenance)
        #expect(node.receive(TestNet.iam(5)).incomingCalls.count == 1)
    }

    @Test("Q.764 §2.9.3.2 GRS received: calls dropped, GRA reports locally blocked circuits")
    func groupResetReceived() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5))
        _ = node.block(cic: CIC(6))
        let actions = node.receive(.range(.circuitGroupReset, cic: CIC(4), range: 3))
        #expect(actions.events == [.released(cause: .temporaryFailure)])
        let gra = actions.sent.first { $0.type == .circuitGroupResetAcknowledgement }
        #expect(gra?.rangeAndStatus?.status == [false, false, true, false])
        #expect(node.status(of: CIC(5)).callState == .idle)
        #expect(node.receive(.range(.circuitGroupReset, cic: CIC(4), range: 0)).isEmpty)
    }

    @Test("Q.764 §2.8.2.2 CGB/CGU maintenance oriented, both ways, with T18–T21")
    func groupBlockingMaintenance() {
        var node = TestNet.ready()
        let status = [true, false, true]
        var actions = node.blockGroup(from: CIC(1), status: status, hardware: false)
        #expect(actions.sentTypes == [.circuitGroupBlocking] && actions.started == [.t18, .t19])
        #expect(node.status(of: CIC(1)).blocking.locallyForMaintenance)
        #expect(!node.status(of: CIC(2)).blocking.isBlocked)
        #expect(node.fire(.t18, cic: 1).sentTypes == [.circuitGroupBlocking])
        #expect(node.fire(.t19, cic: 1).alerts == [.timerExpired(.t19, CIC(1))])
        actions = node.receive(.groupSupervision(.circuitGroupBlockingAcknowledgement, cic: CIC(1), hardware: false,
            range: 2, status: status))
        #expect(actions.cancelled == [.t19])
        actions = node.unblockGroup(from: CIC(1), status: status, hardware: false)
        #expect(actions.sentTypes == [.circuitGroupUnblocking] && actions.started == [.t20, .t21])
        #expect(node.fire(.t20, cic: 1).sentTypes == [.circuitGroupUnblocking])
        #expect(node.fire(.t21, cic: 1).alerts == [.timerExpired(.t21, CIC(1))])
        _ = node.receive(.groupSupervision(.circuitGroupUnblockingAcknowledgement, cic: CIC(1), hardware: false,
            range: 2, status: status))
        #expect(node.isQuiet)
        #expect(!node.status(of: CIC(3)).blocking.isBlocked)

        actions = node.receive(.groupSupervision(.circuitGroupBlocking, cic: CIC(10), hardware: false, range: 1,
            status: [true, true]))
        #expect(actions.sent.first?.type == .circuitGroupBlockingAcknowledgement)
        #expect(actions.sent.first?.rangeAndStatus?.status == [true, true])
        #expect(node.status(of: CIC(11)).blocking.remotelyForMaintenance)
        _ = node.receive(.groupSupervision(.circuitGroupUnblocking, cic: CIC(10), hardware: false, range: 1,
            status: [true, true]))
        #expect(!node.status(of: CIC(11)).blocking.isBlocked)
    }

    @Test("Q.764 §2.8.2.2 hardware failure oriented CGB releases the calls on the circuits")
    func groupBlockingHardware() {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5))
        let actions = node.receive(.groupSupervision(.circuitGroupBlocking, cic: CIC(5), hardware: true, range: 1,
            status: [true, false]))
        #expect(actions.events == [.released(cause: .temporaryFailure)])
        #expect(node.status(of: CIC(5)).blocking.remotelyForHardware)
        #expect(node.status(of: CIC(5)).circuitStateIndicator == 0x2C)
        #expect(node.receive(TestNet.message(.blockingAcknowledgement, 1)).sentTypes == [.unblocking])
        #expect(node.receive(.groupSupervision(.circuitGroupBlockingAcknowledgement, cic: CIC(20), hardware: true,
            range: 1, status: [true, true])).alerts == [.unexpectedMessage(CIC(20), .circuitGroupBlockingAcknowledgement)])
    }

    @Test("Q.764 §2.9.3.3 CQM → CQR with Q.763 §3.14 circuit state indicators")
    func circuitQuery() throws {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(15))
        _ = node.block(cic: CIC(17))
        _ = node.receive(TestNet.message(.blockingAcknowledgement, 17))
        let actions = node.receive(.range(.circuitGroupQuery, cic: CIC(14), range: 3))
        let cqr = actions.sent.first
        #expect(cqr?.type == .circuitGroupQueryResponse)
        let states = cqr?.parameter(.circuitStateIndicator)?.value
        #expect(states.map { Array($0.readableBytesView) } == [0x0C, 0x04, 0x03, 0x0D])
        #expect(node.query(from: CIC(1), range: 4).sentTypes == [.circuitGroupQuery])
        let response = try #require(cqr)
        #expect(node.receive(response).alerts == [.circuitQueryResponse(CIC(14), states: [0x0C, 0x04, 0x03, 0x0D])])
    }

    @Test("Q.764 §2.12 a message on an unequipped CIC is answered with UCIC; UCIC takes the circuit out of service")
    func unequippedCircuit() throws {
        var node = TestNet.ready(hunting: [CIC(4), CIC(6)])
        var actions = node.receive(TestNet.iam(16))
        #expect(actions.sentTypes == [.unequippedCIC])
        #expect(actions.sent.first?.cic == CIC(16))
        #expect(node.receive(TestNet.message(.unequippedCIC, 16)).sentTypes.isEmpty)
        let cic = try node.mustPlaceCall().cic
        actions = node.receive(TestNet.message(.unequippedCIC, cic.value))
        #expect(actions.alerts == [.peerReportedUnequipped(cic)])
        #expect(actions.events == [.released(cause: .temporaryFailure)])
        #expect(node.placeCall(called: TestNet.called)?.cic == CIC(6))
    }

    @Test("Link down drops calls and timers; link up again resets")
    func linkDownAndUp() throws {
        var node = TestNet.ready()
        _ = try node.mustPlaceCall()
        let actions = node.linkDown()
        #expect(actions.events == [.released(cause: .networkOutOfOrder)])
        #expect(node.isQuiet)
        #expect(node.placeCall(called: TestNet.called) == nil)
        #expect(node.receive(TestNet.iam(5)).isEmpty)
    }
}
