import Interworking
import ISUPWire
import NIOCore
import RerouteTestSupport
import RoutingCore
import TelecomTypes
import Testing

/// The IAM as the subscriber's network sends a forwarded call to Reroute's C number.
func iam(
    called: String, calledNature: ISUPNatureOfAddress = .nationalNumber, calling: String? = "2079460000",
    callingNature: ISUPNatureOfAddress = .nationalNumber, originalCalled: (String, ISUPNatureOfAddress)? = nil,
    redirecting: (String, ISUPNatureOfAddress)? = nil, redirection: ISUPRedirectionInformation? = nil,
    redirectCounter: UInt8? = nil
) -> ISUPMessage {
    var message = ISUPMessage(cic: CircuitIdentificationCode(5), type: .initialAddress)
    message.setParameter(.natureOfConnectionIndicators, to: ISUPNatureOfConnectionIndicators(rawValue: 0))
    message.setParameter(.forwardCallIndicators, to: ISUPForwardCallIndicators(rawValue: 0))
    message.setParameter(.callingPartysCategory, to: ISUPCallingPartyCategory.ordinarySubscriber)
    message.setParameter(.transmissionMediumRequirement, to: ISUPTransmissionMediumRequirement.speech)
    message.setParameter(
        .calledPartyNumber, to: ISUPNumber(signals: AddressSignals(called)!, natureOfAddress: calledNature))
    if let calling {
        message.setParameter(
            .callingPartyNumber, to: ISUPNumber(signals: AddressSignals(calling)!, natureOfAddress: callingNature))
    }
    if let (digits, nature) = originalCalled {
        message.setParameter(
            .originalCalledNumber, to: ISUPNumber(signals: AddressSignals(digits)!, natureOfAddress: nature))
    }
    if let (digits, nature) = redirecting {
        message.setParameter(
            .redirectingNumber, to: ISUPNumber(signals: AddressSignals(digits)!, natureOfAddress: nature))
    }
    if let redirection { message.setParameter(.redirectionInformation, to: redirection) }
    if let redirectCounter { message.setParameter(.redirectCounter, to: ISUPCounter(count: redirectCounter)) }
    // What the gateway sees went over the wire: decode the encoded form.
    return try! ISUPMessage.decode(message.encoded)
}

func e164(_ text: String) -> E164Number { try! E164Number(parsing: text) }

let plan = InterworkingPlan(
    defaultCountryCode: "44",
    cNumbers: [
        .init(number: e164("+447700900000"), countryCode: "44"),
        .init(number: e164("+33612000000"), countryCode: "33"),
    ],
    validationNumber: e164("+447700900999"))

func diverted(_ reason: ISUPRedirectionReason, counter: UInt8 = 1) -> ISUPRedirectionInformation {
    ISUPRedirectionInformation(
        redirectingIndicator: ISUPRedirectionInformation.callDiverted, originalRedirectionReason: reason,
        redirectionCounter: counter, redirectingReason: reason)
}

@Suite("Interworking: the subscriber of an incoming IAM (Q.763 §3.39, §3.44, §3.45)")
struct IncomingCallAnalysisTests {
    @Test("Q.763 §3.39: the original called number names the subscriber, national numbers get the C number's country")
    func originalCalledNumber() {
        let analysis = IncomingCallAnalysis(
            iam: iam(called: "7700900000", originalCalled: ("7700900123", .nationalNumber),
                redirecting: ("7700900555", .nationalNumber), redirection: diverted(.mobileSubscriberNotReachable)),
            plan: plan)
        guard case .forwarded(let call) = analysis else {
            Issue.record("expected a forwarded call, got \(analysis)")
            return
        }
        #expect(call.subscriber == e164("+447700900123"))
        #expect(call.source == .originalCalledNumber)
        #expect(call.calling == e164("+442079460000"))
        #expect(call.called == e164("+447700900000"))
        #expect(call.reason == .mobileSubscriberNotReachable)
        #expect(call.reasonName == "not_reachable")
        #expect(call.redirectionCounter == 1)
    }

    @Test("Q.763 §3.44: without an original called number the redirecting number is the subscriber, with its reason")
    func redirectingNumber() {
        var information = diverted(.noReply)
        information.redirectingReason = .userBusy
        let analysis = IncomingCallAnalysis(
            iam: iam(
                called: "7700900000", redirecting: ("447700900124", .internationalNumber), redirection: information),
            plan: plan)
        guard case .forwarded(let call) = analysis else {
            Issue.record("expected a forwarded call, got \(analysis)")
            return
        }
        #expect(call.subscriber == e164("+447700900124"))
        #expect(call.source == .redirectingNumber)
        // Q.763 §3.45 d): the redirecting reason belongs to the last diversion, the redirecting number's.
        #expect(call.reason == .userBusy)
    }

    @Test("Q.763 §3.9 b): the French C number called nationally reads national numbers with country code 33")
    func carrierCountryCode() {
        let analysis = IncomingCallAnalysis(
            iam: iam(called: "612000000", calling: "140000000", originalCalled: ("612345678", .nationalNumber)),
            plan: plan)
        guard case .forwarded(let call) = analysis else {
            Issue.record("expected a forwarded call, got \(analysis)")
            return
        }
        #expect(call.called == e164("+33612000000"))
        #expect(call.subscriber == e164("+33612345678"))
        #expect(call.calling == e164("+33140000000"))
    }

    @Test("Q.763 §3.9 b): unknown nature of address is read as dialled (00 international, 0 trunk prefix)")
    func unknownNature() {
        let international = IncomingCallAnalysis(
            iam: iam(called: "7700900000", originalCalled: ("0033612345678", .unknown)), plan: plan)
        let national = IncomingCallAnalysis(
            iam: iam(called: "7700900000", originalCalled: ("07700900123", .unknown)), plan: plan)
        guard case .forwarded(let a) = international, case .forwarded(let b) = national else {
            Issue.record("expected forwarded calls, got \(international) / \(national)")
            return
        }
        #expect(a.subscriber == e164("+33612345678"))
        #expect(b.subscriber == e164("+447700900123"))
    }

    @Test("A number called directly (not a C number) is the subscriber itself; the default country code applies")
    func directCall() {
        let analysis = IncomingCallAnalysis(iam: iam(called: "7700900321"), plan: plan)
        guard case .forwarded(let call) = analysis else {
            Issue.record("expected a forwarded call, got \(analysis)")
            return
        }
        #expect(call.subscriber == e164("+447700900321"))
        #expect(call.source == .calledPartyNumber)
        #expect(call.reason == nil && call.redirectionCounter == nil)
    }

    @Test("The C number called without any diversion information names nobody")
    func cNumberAlone() {
        guard case .noSubscriber = IncomingCallAnalysis(iam: iam(called: "7700900000"), plan: plan) else {
            Issue.record("expected no subscriber")
            return
        }
        // Network routing numbers (NoA 6, Q.763 §3.9 b) are not E.164 numbers.
        let routing = IncomingCallAnalysis(iam: iam(called: "1234567", calledNature: .init(6)), plan: plan)
        guard case .noSubscriber = routing else {
            Issue.record("expected no subscriber, got \(routing)")
            return
        }
    }

    @Test("The validation number called: a missed-call validation of the calling number, before anything else")
    func validationNumber() {
        let analysis = IncomingCallAnalysis(
            iam: iam(called: "447700900999", calledNature: .internationalNumber, calling: "7700900123",
                originalCalled: ("7700900555", .nationalNumber)),
            plan: plan)
        #expect(analysis == .missedCallValidation(calling: e164("+447700900123")))
        let anonymous = IncomingCallAnalysis(iam: iam(called: "7700900999", calling: nil), plan: plan)
        #expect(anonymous == .missedCallValidation(calling: nil))
    }

    @Test("Q.763 §3.45 d): a redirection counter at the limit (5) is a loop; below it the call is forwarded")
    func redirectionLimit() {
        let atLimit = IncomingCallAnalysis(
            iam: iam(called: "7700900000", originalCalled: ("7700900123", .nationalNumber),
                redirection: diverted(.unconditional, counter: 5)),
            plan: plan)
        guard case .loop(_, .redirectionLimit(5)) = atLimit else {
            Issue.record("expected a loop, got \(atLimit)")
            return
        }
        let below = IncomingCallAnalysis(
            iam: iam(called: "7700900000", originalCalled: ("7700900123", .nationalNumber),
                redirection: diverted(.unconditional, counter: 4)),
            plan: plan)
        guard case .forwarded = below else {
            Issue.record("expected a forwarded call, got \(below)")
            return
        }
        // Q.763 §3.97 redirect counter counts too.
        let counter = IncomingCallAnalysis(
            iam: iam(called: "7700900000", originalCalled: ("7700900123", .nationalNumber), redirectCounter: 5),
            plan: plan)
        guard case .loop(_, .redirectionLimit(5)) = counter else {
            Issue.record("expected a loop, got \(counter)")
            return
        }
    }

    @Test("The subscriber calling their own number (forwarded back to Reroute) is a loop")
    func callerIsSubscriber() {
        let analysis = IncomingCallAnalysis(
            iam: iam(called: "7700900000", calling: "447700900123", callingNature: .internationalNumber,
                originalCalled: ("7700900123", .nationalNumber), redirection: diverted(.noReply)),
            plan: plan)
        guard case .loop(let call, .callerIsSubscriber) = analysis else {
            Issue.record("expected a loop, got \(analysis)")
            return
        }
        #expect(call.subscriber == e164("+447700900123"))
    }

    @Test("Hostile IAMs (seeded mutations): the analysis never traps, whatever decodes")
    func mutations() {
        var rng = SeededGenerator(seed: 4)
        let base = Array(iam(called: "7700900000", originalCalled: ("7700900123", .nationalNumber),
            redirection: diverted(.noReply)).encoded.readableBytesView)
        var decoded = 0
        for _ in 0..<3000 {
            let bytes = Mutator.mutate(base, using: &rng)
            guard let message = try? ISUPMessage.decode(ByteBuffer(bytes: bytes)) else { continue }
            decoded += 1
            _ = IncomingCallAnalysis(iam: message, plan: plan)
        }
        #expect(decoded > 100)
    }
}

@Suite("Interworking: the subscriber of a soft switch's INVITE (issue 7 item 1, the IAM's rules)")
struct SignalledDiversionAnalysisTests {
    @Test("Q.763 §3.39 as RFC 7044 carries it: the original called number is the subscriber; a national number gets the C number's country")
    func originalCalled() {
        let call = SignalledDiversion(
            called: "+447700900000", calling: "02079460000", originalCalled: "07700900654", redirecting: "+447700900777",
            originalReason: .noReply, redirectingReason: .userBusy, redirections: 2)
        guard case .forwarded(let forwarded) = IncomingCallAnalysis(signalled: call, plan: plan) else {
            Issue.record("not forwarded")
            return
        }
        #expect(forwarded.subscriber == e164("+447700900654"))
        #expect(forwarded.calling == e164("+442079460000"))
        #expect(forwarded.source == .originalCalledNumber)
        #expect(forwarded.reason == .noReply)
        #expect(forwarded.redirectionCounter == 2)
    }

    @Test("Q.763 §3.45 d) / issue 7 item 1: five diversions, or the subscriber calling itself, is a loop")
    func loops() {
        let counted = SignalledDiversion(called: "+447700900000", calling: "+442079460000", originalCalled: "+447700900654", redirections: 5)
        #expect(IncomingCallAnalysis(signalled: counted, plan: plan).isLoop)
        let itself = SignalledDiversion(called: "+447700900000", calling: "+447700900654", originalCalled: "+447700900654", redirections: 1)
        #expect(IncomingCallAnalysis(signalled: itself, plan: plan).isLoop)
    }

    @Test("The C number called with no diversion names nobody; the validation number is a missed-call validation; a name is no number")
    func others() {
        let bare = SignalledDiversion(called: "+447700900000", calling: "+442079460000")
        guard case .noSubscriber = IncomingCallAnalysis(signalled: bare, plan: plan) else {
            Issue.record("expected no subscriber")
            return
        }
        let validation = SignalledDiversion(called: "07700900999", calling: "+442079460000")
        #expect(IncomingCallAnalysis(signalled: validation, plan: plan) == .missedCallValidation(calling: e164("+442079460000")))
        let named = SignalledDiversion(called: "alice", calling: nil)
        guard case .noSubscriber = IncomingCallAnalysis(signalled: named, plan: plan) else {
            Issue.record("expected no subscriber")
            return
        }
    }
}

extension IncomingCallAnalysis {
    fileprivate var isLoop: Bool { if case .loop = self { true } else { false } }
}
