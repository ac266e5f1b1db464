public import SIPWire

/// The best of the final responses of all branches, chosen as a forking proxy does (RFC 3261 §16.7 step 6).
///
/// "The proxy MUST choose from the 6xx class responses if any exist in the context. If no 6xx class responses
/// are present, the proxy SHOULD choose from the lowest response class stored in the response context. The
/// proxy MAY select any response within that chosen class ... A proxy SHOULD give preference to responses that
/// provide information affecting resubmission of this request, such as 401, 407, 415, 420, and 484 if the 4xx
/// class is chosen." Within a class we then keep the first received. "If no final responses have been received,
/// the proxy should generate a 408 (Request Timeout) response", and "if the selected response is a 503 ... the
/// proxy MUST generate a 500".
public enum SIPFinalResponseSelection {
    static let resubmissionHints: Set<Int> = [401, 407, 415, 420, 484]

    /// `responses` in arrival order (2xx excluded by the caller).
    public static func best(_ responses: [SIPResponse]) -> SIPResponse {
        guard !responses.isEmpty else { return SIPResponse(status: .requestTimeout) }
        let sixes = responses.filter { $0.status.responseClass == 6 }
        let lowest = responses.map(\.status.responseClass).min() ?? 4
        let candidates = sixes.isEmpty ? responses.filter { $0.status.responseClass == lowest } : sixes
        var chosen =
            candidates.first { resubmissionHints.contains($0.status.rawValue) && $0.status.responseClass == 4 }
            ?? candidates[0]
        if chosen.status == .serviceUnavailable {
            chosen.status = .serverInternalError
            chosen.reason = SIPStatus.serverInternalError.reasonPhrase
        }
        return chosen
    }
}
