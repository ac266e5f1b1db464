@testable import ISUPProtocol
import ISUPWire
import NIOCore
import TelecomTypes
import Testing

/// Q.764 §2.1.6 information request and response (INR/INF) and §2.9.7 (T33), both directions.
@Suite("Q.764 §2.1.6 information request")
struct ISUPInformationTests {
    static func asking() -> ISUPSwitch {
        var configuration = TestNet.configuration()
        configuration.requestCallingPartyNumber = true
        var node = ISUPSwitch(configuration: configuration)
        _ = node.linkUp()
        return node
    }

    @Test("Q.764 §2.1.6 IAM without calling number: INR asks for it under T33; INF presents the call with it")
    func requestAndResponse() throws {
        var node = Self.asking()
        var actions = node.receive(TestNet.anonymousIAM(5))
        #expect(actions.sentTypes == [.informationRequest] && actions.started == [.t33])
        #expect(actions.sent.first?.informationRequestIndicators?.callingPartyAddressRequested == true)
        #expect(actions.incomingCalls.isEmpty)
        var indicators = ISUPInformationIndicators(rawValue: 0)
        indicators.callingPartyAddressResponse = 3
        var inf = ISUPMessage(cic: CIC(5), type: .information)
        inf.setParameter(.informationIndicators, to: indicators)
        inf.setParameter(.callingPartyNumber, to: TestNet.calling)
        actions = node.receive(inf)
        #expect(actions.cancelled == [.t33])
        let call = try #require(actions.incomingCalls.first)
        #expect(call.callingPartyNumber?.signals == TestNet.calling.signals)
        #expect(call.initialAddress.callingPartyNumber?.signals == TestNet.calling.signals)
    }

    @Test("Q.764 §2.1.6 an IAM that carries the calling number is presented at once, no INR")
    func noRequestWhenPresent() {
        var node = Self.asking()
        let actions = node.receive(TestNet.iam(5))
        #expect(actions.sent.isEmpty && actions.incomingCalls.count == 1)
    }

    @Test("Q.764 §2.1.6 INF saying 'not available' still presents the call, without a number")
    func notAvailable() {
        var node = Self.asking()
        _ = node.receive(TestNet.anonymousIAM(5))
        var indicators = ISUPInformationIndicators(rawValue: 0)
        indicators.callingPartyAddressResponse = 1
        var inf = ISUPMessage(cic: CIC(5), type: .information)
        inf.setParameter(.informationIndicators, to: indicators)
        let actions = node.receive(inf)
        #expect(actions.incomingCalls.count == 1 && actions.incomingCalls.first?.callingPartyNumber == nil)
    }

    @Test("Q.764 §2.9.7 T33 expiry: REL and maintenance alerted")
    func t33Expiry() {
        var node = Self.asking()
        _ = node.receive(TestNet.anonymousIAM(5))
        let actions = node.fire(.t33, cic: 5)
        #expect(actions.sentTypes == [.release] && actions.sentCause == .temporaryFailure)
        #expect(actions.alerts == [.timerExpired(.t33, CIC(5))])
        #expect(actions.started == [.t1, .t5])
    }

    @Test("Q.764 §2.1.6 REL while INF is awaited: T33 stops, RLC")
    func releaseWhileWaiting() {
        var node = Self.asking()
        _ = node.receive(TestNet.anonymousIAM(5))
        let actions = node.receive(TestNet.rel(5))
        #expect(actions.cancelled.contains(.t33) && actions.sentTypes == [.releaseComplete])
        #expect(node.isQuiet)
    }

    @Test("Q.764 §2.1.6 INR on our outgoing call: INF with the calling number and category, marked solicited")
    func answerRequest() throws {
        var node = TestNet.ready()
        let cic = try node.mustPlaceCall().cic
        var actions = node.receive(TestNet.inr(cic.value, address: true, category: true))
        let inf = try #require(actions.sent.first)
        #expect(actions.sentTypes == [.information])
        #expect(inf.informationIndicators?.callingPartyAddressResponse == 3)
        #expect(inf.informationIndicators?.callingPartysCategoryIncluded == true)
        #expect(((inf.informationIndicators?.rawValue ?? 0) & 0x80) == 0)  // H = 0: solicited (Q.763 §3.28)
        #expect(inf.callingPartyNumber?.signals == TestNet.calling.signals)
        #expect(inf.callingPartysCategory == .ordinarySubscriber)
        // After ACM the request is still answered.
        _ = node.receive(TestNet.acm(cic.value))
        actions = node.receive(TestNet.inr(cic.value))
        #expect(actions.sentTypes == [.information])
    }

    @Test("Q.764 §2.1.6 INR when our IAM had no calling number: INF says 'not available'")
    func answerNotAvailable() throws {
        var node = TestNet.ready()
        let attempt = node.placeCall(called: TestNet.called)
        let cic = try #require(attempt).cic
        let actions = node.receive(TestNet.inr(cic.value))
        #expect(actions.sent.first?.informationIndicators?.callingPartyAddressResponse == 1)
        #expect(actions.sent.first?.parameter(.callingPartyNumber) == nil)
    }

    @Test("Q.764 §2.9.5.1 INF nobody asked for, or INR on an answered call: discarded")
    func unsolicited() throws {
        var node = TestNet.ready()
        _ = node.receive(TestNet.iam(5))
        _ = node.alert(cic: CIC(5))
        var inf = ISUPMessage(cic: CIC(5), type: .information)
        inf.setParameter(.informationIndicators, to: ISUPInformationIndicators(rawValue: 0))
        #expect(node.receive(inf).sent.isEmpty)
        let cic = try node.mustPlaceCall().cic
        _ = node.receive(TestNet.message(.answer, cic.value))
        #expect(node.receive(TestNet.inr(cic.value)).sent.isEmpty)
    }
}
