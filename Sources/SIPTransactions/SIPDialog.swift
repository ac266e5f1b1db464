public import SIPWire

/// A dialog's identity (RFC 3261 §12): "a call identifier, local tag, and a remote tag". A tag absent from an
/// RFC 2543 peer is the empty string (§12.1.1, §12.1.2: "considered to have a value of null").
public struct SIPDialogID: Hashable, Sendable, CustomStringConvertible {
    public var callID: String
    public var localTag: String
    public var remoteTag: String

    public init(callID: String, localTag: String, remoteTag: String) {
        self.callID = callID
        self.localTag = localTag
        self.remoteTag = remoteTag
    }

    public var description: String { "\(callID);local=\(localTag);remote=\(remoteTag)" }
}

/// Why a dialog could not be made from a message.
public enum SIPDialogError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A header needed for the dialog state is missing or malformed.
    case malformedHeader(String)
    /// Only 101–299 responses with a To tag create dialogs (RFC 3261 §12.1).
    case notDialogCreating(SIPStatus)
    /// No Contact in the request or 2xx (RFC 3261 §12.1.1, §12.1.2: the remote target comes from it).
    case missingContact

    public var description: String {
        switch self {
        case .malformedHeader(let header): "malformed or missing \(header)"
        case .notDialogCreating(let status): "a \(status) response creates no dialog"
        case .missingContact: "no Contact to take the remote target from"
        }
    }
}

/// The dialog state of RFC 3261 §12: identity, sequence numbers, remote target, route set and secure flag.
///
/// A value owned by the UA core; it is created early (from a 101–199 with a To tag) or confirmed (from a 2xx),
/// builds in-dialog requests (§12.2.1.1) and checks incoming ones (§12.2.2). Termination (BYE, non-2xx final for an
/// early dialog) is the owner's: it drops the value.
public struct SIPDialog: Hashable, Sendable {
    public enum State: Hashable, Sendable {
        /// Created by a provisional response (§12.1: "the dialog is in the "early" state").
        case early
        /// Created or confirmed by a 2xx.
        case confirmed
    }

    public private(set) var state: State
    public let id: SIPDialogID
    /// The local URI and display name (From of our requests), without tag.
    public let localAddress: SIPAddress
    /// The remote URI and display name (To of our requests), without tag.
    public let remoteAddress: SIPAddress
    /// Where in-dialog requests go (the peer's Contact), replaced by target refreshes.
    public internal(set) var remoteTarget: SIPURI
    /// Route set, first hop first.
    public internal(set) var routeSet: [SIPAddress]
    /// The CSeq of the last request we sent in the dialog; nil until one is sent (UAS side).
    public internal(set) var localSequence: UInt32?
    /// The CSeq of the last request the peer sent; nil until one arrives (UAC side).
    public internal(set) var remoteSequence: UInt32?
    /// RFC 3261 §12.1.1, §12.1.2: set when the request went over TLS with a SIPS Request-URI.
    public let secure: Bool

    /// The UAC's dialog from its request and a 101–299 response with a To tag (RFC 3261 §12.1.2).
    ///
    /// "The route set MUST be set to the list of URIs in the Record-Route header field from the response, taken in
    /// reverse order ... The remote target MUST be set to the URI from the Contact header field of the response. The
    /// local sequence number MUST be set to the value of the sequence number in the CSeq header field of the request.
    /// The remote sequence number MUST be empty." A provisional response without Contact keeps the Request-URI as
    /// the remote target until a later response carries one.
    public init(uacRequest request: SIPRequest, response: SIPResponse, overTLS: Bool) throws(SIPDialogError) {
        let status = response.status
        guard status.rawValue > 100, status.rawValue < 300 else { throw .notDialogCreating(status) }
        let headers = try Self.read(request: request)
        guard let to = try? response.headers.to() else { throw .malformedHeader("To") }
        // A 2xx from an RFC 2543 UAS may lack the tag (§12.1.2); a provisional without one creates nothing.
        guard to.tag != nil || status.isSuccess else { throw .notDialogCreating(status) }
        guard let recordRoutes = try? response.headers.recordRoutes() else { throw .malformedHeader("Record-Route") }
        let contact = try Self.contact(of: response.headers)
        guard let target = contact ?? (status.isSuccess ? nil : request.uri) else { throw .missingContact }
        self.state = status.isSuccess ? .confirmed : .early
        self.id = SIPDialogID(callID: headers.callID, localTag: headers.from.tag ?? "", remoteTag: to.tag ?? "")
        self.localAddress = Self.untagged(headers.from)
        self.remoteAddress = Self.untagged(to)
        self.remoteTarget = target
        self.routeSet = recordRoutes.reversed()
        self.localSequence = headers.cseq.sequence
        self.remoteSequence = nil
        self.secure = overTLS && request.uri.scheme == "sips"
    }

    /// The UAS's dialog from the request and its 101–299 response, which carries our To tag (RFC 3261 §12.1.1).
    ///
    /// "The route set MUST be set to the list of URIs in the Record-Route header field from the request, taken in
    /// order ... The remote target MUST be set to the URI from the Contact header field of the request. The remote
    /// sequence number MUST be set to the value of the sequence number in the CSeq header field of the request. The
    /// local sequence number MUST be empty."
    public init(uasRequest request: SIPRequest, response: SIPResponse, overTLS: Bool) throws(SIPDialogError) {
        let status = response.status
        guard status.rawValue > 100, status.rawValue < 300 else { throw .notDialogCreating(status) }
        let headers = try Self.read(request: request)
        guard let localTag = (try? response.headers.to())?.tag else { throw .notDialogCreating(status) }
        guard let recordRoutes = try? request.headers.recordRoutes() else { throw .malformedHeader("Record-Route") }
        guard let target = try Self.contact(of: request.headers) else { throw .missingContact }
        self.state = status.isSuccess ? .confirmed : .early
        self.id = SIPDialogID(callID: headers.callID, localTag: localTag, remoteTag: headers.from.tag ?? "")
        self.localAddress = Self.untagged(headers.to)
        self.remoteAddress = Self.untagged(headers.from)
        self.remoteTarget = target
        self.routeSet = recordRoutes
        self.localSequence = nil
        self.remoteSequence = headers.cseq.sequence
        self.secure = overTLS && request.uri.scheme == "sips"
    }

    /// The UAC's early dialog receives the 2xx (RFC 3261 §13.2.2.4: "the dialog MUST be transitioned to the
    /// "confirmed" state, and the route set for the dialog MUST be recomputed based on the 2xx response"), which
    /// also refreshes the remote target (§12.2.1.2).
    public mutating func confirm(with response: SIPResponse) {
        guard response.status.isSuccess else { return }
        if let recordRoutes = try? response.headers.recordRoutes() { routeSet = recordRoutes.reversed() }
        if let contact = try? Self.contact(of: response.headers) { remoteTarget = contact }
        state = .confirmed
    }

    // MARK: - Reading headers

    struct RequestHeaders {
        var callID: String
        var from: SIPAddress
        var to: SIPAddress
        var cseq: SIPCSeq
    }

    static func read(request: SIPRequest) throws(SIPDialogError) -> RequestHeaders {
        guard let callID = try? request.headers.callID() else { throw .malformedHeader("Call-ID") }
        guard let from = try? request.headers.from() else { throw .malformedHeader("From") }
        guard let to = try? request.headers.to() else { throw .malformedHeader("To") }
        guard let cseq = try? request.headers.cseq() else { throw .malformedHeader("CSeq") }
        return RequestHeaders(callID: callID, from: from, to: to, cseq: cseq)
    }

    /// The URI of the single Contact, nil when there is none; a wildcard or a malformed Contact is an error.
    static func contact(of headers: SIPHeaders) throws(SIPDialogError) -> SIPURI? {
        guard let contacts = try? headers.contacts() else { throw .malformedHeader("Contact") }
        switch contacts {
        case .wildcard: throw .malformedHeader("Contact")
        case .addresses(let addresses): return addresses.first?.uri
        }
    }

    static func untagged(_ address: SIPAddress) -> SIPAddress {
        var address = address
        address.tag = nil
        return address
    }
}
