public import SIPWire

/// The dialogs one INVITE of a UAC creates: forking proxies may return responses from several UASs, and "each
/// distinct To tag" makes its own dialog (RFC 3261 §12.1.2, §13.2.2.4, §19.3).
public struct SIPDialogSet: Hashable, Sendable {
    /// What a response did to the set.
    public enum Event: Hashable, Sendable {
        /// Nothing: 100 Trying, a provisional without To tag, or a response of another request.
        case none
        /// A new dialog (early for a 1xx, confirmed for a 2xx).
        case created(SIPDialogID)
        /// A provisional for an existing early dialog (its remote target may have been refreshed).
        case updated(SIPDialogID)
        /// An early dialog got its 2xx.
        case confirmed(SIPDialogID)
        /// A 2xx for an already confirmed dialog: a retransmission the core ACKs again (§13.2.2.4).
        case retransmission(SIPDialogID)
        /// A 300–699 final response: RFC 3261 §12.3 "a non-2xx final response to INVITE terminates all early
        /// dialogs created by provisional responses to the request"; these were removed.
        case earlyDialogsTerminated([SIPDialogID])
        /// The response could not make a dialog (no Contact in a 2xx, malformed header).
        case failed(SIPDialogError)
    }

    /// The INVITE sent.
    public let invite: SIPRequest
    public let overTLS: Bool
    public private(set) var dialogs: [SIPDialogID: SIPDialog] = [:]

    public init(invite: SIPRequest, overTLS: Bool) {
        self.invite = invite
        self.overTLS = overTLS
    }

    public subscript(id: SIPDialogID) -> SIPDialog? {
        get { dialogs[id] }
        set { dialogs[id] = newValue }
    }

    /// A response to the INVITE, from any fork.
    public mutating func receive(_ response: SIPResponse) -> Event {
        let status = response.status
        guard (try? response.headers.cseq())?.method == .invite, status != .trying else { return .none }
        if status.isFinal && !status.isSuccess {
            let early = dialogs.values.filter { $0.state == .early }.map(\.id).sorted { $0.remoteTag < $1.remoteTag }
            for id in early { dialogs[id] = nil }
            return .earlyDialogsTerminated(early)
        }
        guard let callID = try? invite.headers.callID(), let from = try? invite.headers.from(),
            let to = try? response.headers.to()
        else { return .failed(.malformedHeader("Call-ID, From or To")) }
        guard to.tag != nil || status.isSuccess else { return .none }
        let id = SIPDialogID(callID: callID, localTag: from.tag ?? "", remoteTag: to.tag ?? "")
        if var dialog = dialogs[id] {
            defer { dialogs[id] = dialog }
            switch (dialog.state, status.isSuccess) {
            case (.early, true):
                dialog.confirm(with: response)
                return .confirmed(id)
            case (.early, false):
                dialog.receiveResponse(response, to: .invite)
                return .updated(id)
            case (.confirmed, true):
                return .retransmission(id)
            case (.confirmed, false):
                return .none
            }
        }
        do {
            let dialog = try SIPDialog(uacRequest: invite, response: response, overTLS: overTLS)
            dialogs[dialog.id] = dialog
            return .created(dialog.id)
        } catch {
            return .failed(error)
        }
    }
}
