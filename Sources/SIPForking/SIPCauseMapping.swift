public import SIPWire
public import TelecomTypes

/// SIP ↔ Q.850 cause mapping for the interworking with the network side.
public enum SIPCauseMapping {
    /// The Q.850 cause for a final failure response, RFC 3398 §8.2.6.1 (ITU-T Q.1912.5 Table 10 has the same
    /// values). A `Reason: Q.850;cause=N` header in the response wins (RFC 3326 §2).
    ///
    /// | SIP | Q.850 | | SIP | Q.850 |
    /// |---|---|---|---|---|
    /// | 400 | 41 temporary failure | | 480 | 18 no user responding |
    /// | 401, 402, 403, 407 | 21 call rejected | | 481 | 41 |
    /// | 404, 485, 604 | 1 unallocated number | | 482, 483 | 25 exchange routing error |
    /// | 405 | 63 service or option unavailable | | 484 | 28 invalid number format |
    /// | 406, 415, 501 | 79 service/option not implemented | | 486, 600 | 17 user busy |
    /// | 408, 504 | 102 recovery on timer expiry | | 500, 503 | 41 temporary failure |
    /// | 410 | 22 number changed | | 502 | 38 network out of order |
    /// | 413, 414, 416, 420, 421, 423, 505, 513 | 127 interworking | | 603 | 21 call rejected |
    ///
    /// RFC 3398 gives 487, 488 and 606 no fixed value (488/606 "by Warning header"); they map to 127 here, like any
    /// code the table lacks once its class default (RFC 3261 §8.1.3.2: "treated as being equivalent to the x00
    /// response code of that class") has no entry either.
    public static func cause(for response: SIPResponse) -> Q850Cause {
        if let cause = reasonCause(response.headers) { return cause }
        return cause(for: response.status)
    }

    /// The RFC 3398 §8.2.6.1 table alone.
    public static func cause(for status: SIPStatus) -> Q850Cause {
        if let cause = table[status.rawValue] { return cause }
        let classDefault = status.responseClass * 100
        return table[classDefault] ?? .interworkingUnspecified
    }

    static let table: [Int: Q850Cause] = [
        400: .temporaryFailure, 401: .callRejected, 402: .callRejected, 403: .callRejected,
        404: .unallocatedNumber, 405: .serviceNotAvailable, 406: Q850Cause(79), 407: .callRejected,
        408: .recoveryOnTimerExpiry, 410: .numberChanged, 413: .interworkingUnspecified,
        414: .interworkingUnspecified, 415: Q850Cause(79), 416: .interworkingUnspecified,
        420: .interworkingUnspecified, 421: .interworkingUnspecified, 423: .interworkingUnspecified,
        480: .noUserResponding, 481: .temporaryFailure, 482: .exchangeRoutingError, 483: .exchangeRoutingError,
        484: .invalidNumberFormat, 485: .unallocatedNumber, 486: .userBusy, 487: .interworkingUnspecified,
        488: .interworkingUnspecified, 500: .temporaryFailure, 501: Q850Cause(79), 502: .networkOutOfOrder,
        503: .temporaryFailure, 504: .recoveryOnTimerExpiry, 505: .interworkingUnspecified,
        513: .interworkingUnspecified, 600: .userBusy, 603: .callRejected, 604: .unallocatedNumber,
        606: .interworkingUnspecified,
    ]

    /// The final response for an INVITE the network side refuses or gives up with a Q.850 cause, RFC 3398 §8.2.6.1
    /// (ISUP cause → SIP status); cause 25 "exchange routing error" (a forwarding loop cut, Q.764) goes out as 483
    /// Too Many Hops, the status RFC 3398 §7.2.4.1 maps to 25 the other way. Causes the table lacks: 500 (§8.2.6.1:
    /// "all other ... 500 Server internal error"); 16 normal clearing has no response (a BYE or CANCEL carries it), so
    /// it is 480 like 31 normal unspecified when a response must be sent.
    public static func status(for cause: Q850Cause) -> SIPStatus {
        SIPStatus(statusTable[cause.rawValue] ?? 500)
    }

    static let statusTable: [UInt8: Int] = [
        1: 404, 2: 404, 3: 404, 16: 480, 17: 486, 18: 408, 19: 480, 20: 480, 21: 403, 22: 410, 23: 410, 25: 483,
        26: 404, 27: 502, 28: 484, 29: 501, 31: 480, 34: 503, 38: 503, 41: 503, 42: 503, 47: 503, 55: 403, 57: 403,
        58: 503, 65: 488, 69: 501, 70: 488, 79: 501, 87: 403, 88: 503, 102: 504, 111: 500, 127: 500,
    ]

    /// The cause a device's BYE carries towards the network: its `Reason: Q.850` (RFC 3326), else 16 normal call
    /// clearing (RFC 3398 §8.2.1 / Q.1912.5: BYE → REL with cause 16).
    public static func cause(forBYE request: SIPRequest) -> Q850Cause {
        reasonCause(request.headers) ?? .normalCallClearing
    }

    /// The `cause` of the first `Reason: Q.850` value (RFC 3326 §2: `protocol-cause = "cause" EQUAL cause`).
    public static func reasonCause(_ headers: SIPHeaders) -> Q850Cause? {
        for value in headers.values("reason") {
            let parts = value.split(separator: ";").map { $0.trimmingCharacters }
            guard parts.first?.uppercased() == "Q.850" else { continue }
            for part in parts.dropFirst() {
                let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters }
                if pair.count == 2, pair[0].lowercased() == "cause", let number = UInt8(pair[1]), number < 128 {
                    return Q850Cause(number)
                }
            }
        }
        return nil
    }

    /// `Reason: Q.850;cause=N` for a CANCEL or BYE towards a device (RFC 3326 §2; RFC 3398 §7.2.2 and
    /// Q.1912.5: the ISUP release cause travels to the SIP side).
    public static func reasonHeader(for cause: Q850Cause) -> String { "Q.850;cause=\(cause.rawValue)" }

    /// RFC 3326 §2 and issue 5: the CANCEL of the losing branches says why.
    public static let completedElsewhere = "SIP;cause=200;text=\"Call completed elsewhere\""
}

extension Substring {
    var trimmingCharacters: String {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return String(text)
    }
}
