public import ISUPWire
import NIOCore
public import TelecomTypes

/// ISUP (ITU-T Q.763) and BICC (ITU-T Q.1902.3) messages for hand-built captures, made with ISUPWire's public API.
///
/// The numbers cover what the published fixtures lack (pcap-fixtures/SOURCES.md "Gaps"): odd and even digit
/// counts, code 11 (`*`) and code 12 (`#`), the ST end-of-pulsing signal, original called and redirecting numbers
/// with redirection information, a REL with diagnostics, an unknown message type and an unknown parameter.
public enum SyntheticISUP {
    /// Q.763 §3.9: 9 signals (odd), with code 11, code 12 and ST last; rendered `12345*6#`.
    public static let calledWithST = AddressSignals(codes: [1, 2, 3, 4, 5, 11, 6, 12, 15])
    /// Q.763 §3.10: 10 signals (even).
    public static let calling: AddressSignals = "0212345678"
    /// Q.763 §3.39: 7 signals (odd).
    public static let originalCalled: AddressSignals = "0611223"
    /// Q.763 §3.44: 8 signals (even), with a code 12 inside.
    public static let redirecting: AddressSignals = "0699#877"
    /// Q.763 §3.45: call diverted, original reason user busy, counter 1, redirecting reason no reply (2).
    public static let redirectionInformation = ISUPRedirectionInformation(
        redirectingIndicator: ISUPRedirectionInformation.callDiverted, originalRedirectionReason: .userBusy,
        redirectionCounter: 1, redirectingReason: .noReply)
    /// An optional parameter code Q.763 §3 does not define (the same code isup.cap's IAM carries).
    public static let unknownParameterCode = ISUPParameterCode(0xF4)
    /// A message type code Q.763 Table 4 does not define.
    public static let unknownMessageType = ISUPMessageType(0xE0)

    /// IAM (Q.763 Table 32) with the mandatory part filled in; `redirected` adds the original called number,
    /// the redirecting number and the redirection information.
    public static func iam(
        cic: UInt32, called: AddressSignals = calledWithST, calling: AddressSignals? = SyntheticISUP.calling,
        redirected: Bool = false, extraOptional: [ISUPParameter] = [], variant: ISUPVariant = .itu
    ) -> ISUPMessage {
        var message = ISUPMessage(cic: CircuitIdentificationCode(cic), type: .initialAddress, variant: variant)
        message.setParameter(.natureOfConnectionIndicators, to: ISUPNatureOfConnectionIndicators(rawValue: 0x00))
        message.setParameter(.forwardCallIndicators, to: ISUPForwardCallIndicators(rawValue: 0x2001))
        message.setParameter(.callingPartysCategory, to: ISUPCallingPartyCategory.ordinarySubscriber)
        message.setParameter(.transmissionMediumRequirement, to: ISUPTransmissionMediumRequirement.speech)
        message.setParameter(
            .calledPartyNumber,
            to: ISUPNumber(signals: called, natureOfAddress: .nationalNumber, indicatorBit: true))
        if let calling {
            message.setParameter(.callingPartyNumber, to: ISUPNumber(signals: calling, screening: .networkProvided))
        }
        if redirected {
            message.setParameter(.originalCalledNumber, to: ISUPNumber(signals: originalCalled))
            message.setParameter(.redirectingNumber, to: ISUPNumber(signals: redirecting))
            message.setParameter(.redirectionInformation, to: redirectionInformation)
        }
        for parameter in extraOptional { message.setParameter(parameter) }
        return message
    }

    /// ACM (Q.763 Table 22): backward call indicators, no optional parameters.
    public static func acm(cic: UInt32, variant: ISUPVariant = .itu) -> ISUPMessage {
        var message = ISUPMessage(cic: CircuitIdentificationCode(cic), type: .addressComplete, variant: variant)
        message.setParameter(.backwardCallIndicators, to: ISUPBackwardCallIndicators(rawValue: 0x1416))
        return message
    }

    /// ANM (Q.763 Table 23): optional part only, here absent (pointer 0).
    public static func anm(cic: UInt32, variant: ISUPVariant = .itu) -> ISUPMessage {
        ISUPMessage(cic: CircuitIdentificationCode(cic), type: .answer, variant: variant)
    }

    /// REL (Q.763 Table 26) with cause indicators (Q.763 §3.12) and, when given, diagnostics.
    public static func rel(
        cic: UInt32, cause: UInt8 = 16, diagnostics: [UInt8] = [], variant: ISUPVariant = .itu
    ) -> ISUPMessage {
        var message = ISUPMessage(cic: CircuitIdentificationCode(cic), type: .release, variant: variant)
        message.setParameter(
            .causeIndicators,
            to: ISUPCauseIndicators(cause: Q850Cause(cause), location: .publicNetworkLocalUser, diagnostics: diagnostics))
        return message
    }

    /// RLC (Q.763 Table 27) with an empty optional part.
    public static func rlc(cic: UInt32, variant: ISUPVariant = .itu) -> ISUPMessage {
        ISUPMessage(cic: CircuitIdentificationCode(cic), type: .releaseComplete, optional: [], variant: variant)
    }

    /// A message of a type Q.763 does not define; its body is kept raw.
    public static func unknownMessage(cic: UInt32) -> ISUPMessage {
        ISUPMessage(
            cic: CircuitIdentificationCode(cic), type: unknownMessageType,
            extraOctets: ByteBuffer(bytes: [0x01, 0x02, 0x00, 0x03, 0xAB]))
    }

    /// An IAM carrying an optional parameter Q.763 does not define (Q.764 §2.9.5.3 applies to it).
    public static func iamWithUnknownParameter(cic: UInt32) -> ISUPMessage {
        iam(
            cic: cic, called: "4420", calling: "44201", redirected: false,
            extraOptional: [ISUPParameter(code: unknownParameterCode, value: ByteBuffer(bytes: [0xAA, 0xBB, 0xCC]))])
    }

    /// The five messages of a basic call on `cic`: IAM (redirected, all the number kinds), ACM, ANM, REL with
    /// cause 99 and diagnostics (the unrecognised parameter code), RLC.
    public static func call(cic: UInt32, variant: ISUPVariant = .itu) -> [ISUPMessage] {
        [
            iam(cic: cic, redirected: true, variant: variant),
            acm(cic: cic, variant: variant),
            anm(cic: cic, variant: variant),
            rel(cic: cic, cause: 99, diagnostics: [unknownParameterCode.rawValue], variant: variant),
            rlc(cic: cic, variant: variant),
        ]
    }
}
