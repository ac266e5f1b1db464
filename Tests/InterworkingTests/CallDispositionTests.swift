import Interworking
import ISUPWire
import RoutingCore
import TelecomTypes
import Testing

@Suite("Interworking: dispositions and their Q.850 causes")
struct CallDispositionTests {
    let call = ForwardedCall(
        subscriber: e164("+447700900123"), calling: e164("+442079460000"), called: e164("+447700900000"),
        source: .originalCalledNumber, reason: .noReply, redirectionCounter: 1)

    @Test("Q.850: 1 unallocated number, 20 subscriber absent, 41 temporary failure; available → ring")
    func forwarded() {
        #expect(CallDisposition(.forwarded(call), answer: .available) == .proceed)
        #expect(CallDisposition(.forwarded(call), answer: .unknownNumber) == .release(.unallocatedNumber))
        #expect(CallDisposition(.forwarded(call), answer: .noDeviceAvailable) == .release(.subscriberAbsent))
        #expect(CallDisposition(.forwarded(call), answer: .failed) == .release(.temporaryFailure))
        #expect(CallDisposition(.forwarded(call), answer: nil) == .release(.temporaryFailure))
    }

    @Test("Missed-call validation: Q.850 cause 21 (call rejected), 41 when the report could not be made")
    func missedCall() {
        let analysis = IncomingCallAnalysis.missedCallValidation(calling: e164("+447700900123"))
        #expect(CallDisposition(analysis, answer: .available) == .release(.callRejected))
        #expect(CallDisposition(analysis, answer: nil) == .release(.callRejected))
        #expect(CallDisposition(analysis, answer: .failed) == .release(.temporaryFailure))
    }

    @Test("Loops: Q.850 cause 25 (exchange routing error); no subscriber: cause 1")
    func loopAndNobody() {
        #expect(CallDisposition(.loop(call, .callerIsSubscriber), answer: nil) == .release(.exchangeRoutingError))
        #expect(CallDisposition(.noSubscriber("x"), answer: nil) == .release(.unallocatedNumber))
    }
}
