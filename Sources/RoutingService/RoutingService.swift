public import RoutingCore
public import RoutingStore
public import Foundation
public import VoicemailStore

/// The routing server's use cases, one method each: what the HTTP API (and later the SIP registrar and the
/// gateway) call. Client-visible failures are thrown as ``RoutingError``; anything else is an internal error.
///
/// Methods taking a `token` act only on the account of that session: no method reads or changes another
/// account's data. Route lookup and carrier administration are for the service token, checked by the API layer.
public final class RoutingService: Sendable {
    let database: RoutingDatabase
    let configuration: RoutingConfiguration
    let sms: any SMSSender
    let calls: any OutboundCallSink
    let provisioning: any ProvisioningPlatform
    let clock: any RoutingClock
    let random: any RandomSource
    /// Where voicemail audio lives; `nil`: this server stores no voicemail (reports of missed calls still work).
    let voicemails: VoicemailDirectory?

    public init(
        database: RoutingDatabase, configuration: RoutingConfiguration = RoutingConfiguration(),
        sms: any SMSSender, calls: any OutboundCallSink, provisioning: any ProvisioningPlatform,
        clock: any RoutingClock = SystemRoutingClock(), random: any RandomSource = SystemRandomSource(),
        voicemails: VoicemailDirectory? = nil
    ) {
        self.voicemails = voicemails
        self.database = database
        self.configuration = configuration
        self.sms = sms
        self.calls = calls
        self.provisioning = provisioning
        self.clock = clock
        self.random = random
    }
}

// The use cases are implemented in the RoutingService+<Concern>.swift files:
//
// Accounts and numbers (RoutingService+Accounts.swift)
//   createAccount(number:password:source:) -> AccountView
//   me(token:) -> AccountView
//   linkNumber(token:number:) -> NumberView
//   setPrimary(token:number:) -> AccountView
//   delinkNumber(token:number:)
// Validation (RoutingService+Validation.swift)
//   startValidation(number:method:source:token:) -> ValidationStarted
//   confirmValidation(id:code:source:) -> ValidationConfirmed
//   validationStatus(id:) -> ValidationStatusView
//   receiveSMS(_:) -> IncomingSMSResult
//   receiveMissedCall(calling:called:) -> MissedCallDecision
// Sessions and devices (RoutingService+Sessions.swift)
//   login(number:password:device:source:) -> LoginResult
//   logout(token:)
//   authenticate(token:) -> Session
//   deviceRegistered(sipUsername:contact:) / deviceDeregistered(sipUsername:) / deviceConnectionLost(sipUsername:)
//   sipAccount(username:) -> SIPAccountRecord?
// Routes (RoutingService+Routes.swift)
//   routeLookup(number:) -> RouteLookup
// Forwarding (RoutingService+Forwarding.swift)
//   forwardingStatus(token:number:) -> ForwardingView
//   requestForwardingActivation(token:number:) -> ForwardingView
//   reportForwardingResult(token:number:succeeded:detail:) -> ForwardingView
//   forwardedCallSeen(originalCalledNumber:) -> ForwardingView?
// Missed calls and voicemails, gateway side (RoutingService+UnansweredCalls.swift, docs/voicemail.md)
//   reportUnansweredCall(_:voicemailFollows:) -> UnansweredCallRecorded
//   beginVoicemail(for:encoding:sampleRate:) -> VoicemailCapture; capture.append(_:)
//   finishVoicemail(_:) -> UnansweredCallRecorded / discardVoicemail(_:)
//   storeVoicemail(callRef:audio:) -> UnansweredCallRecorded (whole file, the HTTP upload)
//   recoverVoicemails() -> VoicemailRecovery
// Missed calls and voicemails, client side (RoutingService+Voicemails.swift)
//   missedCalls(token:limit:cursor:) / voicemails(token:limit:cursor:) / voicemailAudio(token:id:)
//   markVoicemailHeard(token:id:) / deleteVoicemail(token:id:) / deleteMissedCall(token:id:)
// Alert outbox (RoutingService+AlertOutbox.swift, AlertOutboxWorker.swift)
//   claimDueAlerts(limit:) / alertDelivered(_:) / alertFailed(_:error:) / alerts(account:)
//   deviceRegistered releases the account's collated alerts as "available again"
// Carriers (RoutingService+Carriers.swift)
//   listCarriers() / carrier(id:) / createCarrier(_:) / updateCarrier(id:_:) / deleteCarrier(id:) / importCarriers(csv:)
