public import SIPWire

/// Who answers a message that arrived on the shared SIP address.
public enum SIPEdgeOwner: Hashable, Sendable {
    /// REGISTER, the answers to its keepalive OPTIONS, a client's INVITE (403, issue 5 item 7) and its ACK.
    case registrar
    /// Responses and in-dialog requests of the calls we forked (matched by Call-ID).
    case calls
    /// The edge itself: OPTIONS, other out-of-dialog requests, and the responses to the MESSAGEs it sent.
    case edge
}

/// The dispatch rule of the shared SIP address and the edge's own answers to requests outside any call: pure, so it is
/// tested without sockets. Every request gets exactly one owner, so it is answered exactly once.
public enum SIPEdgeRoute {
    /// The methods a device may send us (RFC 3261 §20.5). INVITE is listed although a client's INVITE is refused with
    /// 403: the method is supported, the caller is not authorised (issue 5 item 7).
    public static let allow = "INVITE, ACK, CANCEL, BYE, PRACK, UPDATE, OPTIONS, REGISTER"

    /// Methods we recognise but do not take from devices: 405 (RFC 3261 §8.2.1). Anything else is 501 (§21.5.2).
    static let recognised: Set<SIPMethod> = [
        .invite, .ack, .bye, .cancel, .register, .options, .prack, .update, .message, .info, .subscribe, .notify,
        .refer, .publish,
    ]

    /// The owner of `message`. `isCall`: its Call-ID is one of our forked branches'; `isEdgeTransaction`: it is a
    /// response to a request the edge sent (MESSAGE).
    public static func owner(of message: SIPMessage, isCall: Bool, isEdgeTransaction: Bool) -> SIPEdgeOwner {
        if isCall { return .calls }
        switch message {
        case .response:
            return isEdgeTransaction ? .edge : .registrar
        case .request(let request):
            switch request.method {
            // The registrar answers a client's INVITE (403) in its own INVITE server transaction, so the ACK for that
            // 403 (RFC 3261 §17.2.1) must reach the same transaction layer.
            case .register, .invite, .ack: return .registrar
            default: return .edge
            }
        }
    }

    /// The edge's answer to a request outside any call of ours; nil for ACK (never answered, RFC 3261 §17.1.1.3).
    public static func answer(outOfDialog request: SIPRequest, toTag: String) -> SIPResponse? {
        switch request.method {
        case .ack:
            return nil
        case .options:
            // RFC 3261 §11.2: "Allow, Accept, Accept-Encoding, Accept-Language, and Supported header fields SHOULD be
            // present in a 200 (OK) response to an OPTIONS request".
            var response = SIPResponse(answering: request, status: .ok, toTag: toTag)
            response.headers.add("Allow", allow)
            response.headers.add("Accept", "application/sdp")
            response.headers.add("Accept-Encoding", "identity")
            response.headers.add("Accept-Language", "en")
            response.headers.add("Supported", "outbound, 100rel, timer")
            return response
        case .bye, .cancel, .prack, .update, .info:
            // RFC 3261 §12.2.2: a request naming no dialog of ours "the UAS SHOULD reject ... with a 481"; §9.2: a
            // CANCEL matching no transaction "SHOULD respond to the CANCEL with a 481".
            return SIPResponse(answering: request, status: .callOrTransactionDoesNotExist, toTag: toTag)
        default:
            if recognised.contains(request.method) {
                // RFC 3261 §8.2.1: "the UAS MUST generate a 405 (Method Not Allowed) response ... The UAS MUST also
                // add an Allow header field to the 405".
                var response = SIPResponse(answering: request, status: .methodNotAllowed, toTag: toTag)
                response.headers.add("Allow", allow)
                return response
            }
            // RFC 3261 §21.5.2: 501 "is the appropriate response when a UAS does not recognize the request method";
            // §8.2.1 applies Allow to 405 only, but listing what we take helps the peer.
            var response = SIPResponse(answering: request, status: .notImplemented, toTag: toTag)
            response.headers.add("Allow", allow)
            return response
        }
    }
}
