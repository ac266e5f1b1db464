public import TelecomTypes

/// What the gateway does with an incoming call once it knows the routing server's answer: ring the subscriber's
/// apps, or release the call towards the network with a Q.850 cause (Q.764 §2.2: REL with the cause).
public enum CallDisposition: Hashable, Sendable {
    /// Ring the subscriber (today: the `[calls] rule`; later the SIP fork).
    case proceed
    /// Release unanswered with this cause.
    case release(Q850Cause)

    /// The routing server's answer for the subscriber of a forwarded call (or its failure).
    public enum RoutingAnswer: Hashable, Sendable {
        case available
        case unknownNumber
        case noDeviceAvailable
        /// No answer in time, or no connection: nothing is known about the subscriber.
        case failed
    }

    /// The disposition of an analysed call. `answer` is the routing server's answer to the question the
    /// analysis asks (the route of a forwarded call, the report of a missed call); `nil` when none was asked.
    public init(_ analysis: IncomingCallAnalysis, answer: RoutingAnswer?) {
        switch analysis {
        case .missedCallValidation:
            // Q.850 cause 21 (call rejected): the validation call is never answered, so the caller pays nothing;
            // when the report could not be made the caller is told to try again (cause 41).
            self = answer == .failed ? .release(.temporaryFailure) : .release(.callRejected)
        case .noSubscriber:
            // Q.850 cause 1 (unallocated number): the called number names nobody Reroute serves.
            self = .release(.unallocatedNumber)
        case .loop:
            // Q.850 cause 25 (exchange routing error), the cause the Q.764 hop counter procedure uses when a call
            // has gone round too often: forwarding it again would only extend the loop.
            self = .release(.exchangeRoutingError)
        case .forwarded:
            switch answer {
            case .available: self = .proceed
            // Q.850 cause 1: no account owns the number.
            case .unknownNumber: self = .release(.unallocatedNumber)
            // Q.850 cause 20 (subscriber absent): the owner has no app online (voicemail comes later).
            case .noDeviceAvailable: self = .release(.subscriberAbsent)
            // Q.850 cause 41 (temporary failure): the routing server could not be asked; a retry may succeed.
            case .failed, nil: self = .release(.temporaryFailure)
            }
        }
    }
}
