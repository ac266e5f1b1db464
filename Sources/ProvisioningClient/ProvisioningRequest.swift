/// One call-forwarding change asked of a carrier's provisioning platform, as the JSON body Reroute sends:
/// `{"msisdn": "+E164", "action": "activate", "service": "cfnrc", "forward_to": "+C number"}`.
public struct ProvisioningRequest: Codable, Hashable, Sendable {
    public enum Action: String, Codable, Hashable, Sendable {
        case activate, deactivate
    }

    /// The forwarding service: on not reachable (CFNRc, 3GPP TS 24.082 §2), or all conditional forwardings
    /// (CFB + CFNRy + CFNRc).
    public enum Service: String, Codable, Hashable, Sendable {
        case cfnrc
        case allConditional = "all_conditional"
    }

    /// The subscriber's number, E.164 with `+`.
    public var msisdn: String
    public var action: Action
    public var service: Service
    /// The C number calls are forwarded to (activation only).
    public var forwardTo: String?

    public init(msisdn: String, action: Action, service: Service, forwardTo: String? = nil) {
        self.msisdn = msisdn
        self.action = action
        self.service = service
        self.forwardTo = forwardTo
    }

    enum CodingKeys: String, CodingKey {
        case msisdn, action, service
        case forwardTo = "forward_to"
    }
}

/// What became of a provisioning request.
public enum ProvisioningResult: Hashable, Sendable {
    /// The platform answered 2xx; `detail` is its response body (trimmed, possibly empty).
    case succeeded(detail: String)
    /// The platform refused (4xx), or kept failing (5xx) through every attempt.
    case failed(detail: String)
    /// No answer: connection errors or timeouts through every attempt.
    case unreachable(detail: String)
}
