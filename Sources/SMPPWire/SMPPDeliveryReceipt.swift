/// An SMSC delivery receipt (SMPP 3.4 §2.11, Appendix B): a deliver_sm whose esm_class message type is
/// "SMSC Delivery Receipt", with the receipt's fields in the short message text:
///
/// ```
/// id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E Text: ...
/// ```
/// Appendix B calls the format "SMSC vendor specific"; keys are matched without regard to case, fields may be
/// missing, and the receipted_message_id / message_state TLVs (§5.3.2.12, §5.3.2.35) win over the text.
public struct SMPPDeliveryReceipt: Hashable, Sendable {
    /// The SMSC's message_id of the message the receipt is about (the id submit_sm_resp returned).
    public var messageID: String
    /// `sub:` number of short messages originally submitted.
    public var submitted: String?
    /// `dlvrd:` number of short messages delivered.
    public var delivered: String?
    /// `submit date:` YYMMDDhhmm(ss).
    public var submitDate: String?
    /// `done date:` YYMMDDhhmm(ss).
    public var doneDate: String?
    /// `stat:` as a message state; `.unknown` for a word Appendix B does not list.
    public var state: SMPPMessageState
    /// `err:` network specific error code.
    public var error: String?
    /// `Text:` the first characters of the original message.
    public var text: String?

    public init(
        messageID: String, state: SMPPMessageState, submitted: String? = nil, delivered: String? = nil,
        submitDate: String? = nil, doneDate: String? = nil, error: String? = nil, text: String? = nil
    ) {
        self.messageID = messageID
        self.state = state
        self.submitted = submitted
        self.delivered = delivered
        self.submitDate = submitDate
        self.doneDate = doneDate
        self.error = error
        self.text = text
    }

    /// The receipt in `deliverSM`, or `nil` when it is not one (esm_class message type other than SMSC delivery
    /// receipt, or neither an id nor a state in TLVs or text).
    public init?(_ deliverSM: SMPPDeliverSM) {
        guard deliverSM.esmClass.messageType == .smscDeliveryReceipt else { return nil }
        let parsed = SMPPDeliveryReceipt(text: deliverSM.text)
        guard let messageID = deliverSM.tlvs.receiptedMessageID ?? parsed?.messageID else { return nil }
        guard let state = deliverSM.tlvs.messageState ?? parsed?.state else { return nil }
        self = parsed ?? SMPPDeliveryReceipt(messageID: messageID, state: state)
        self.messageID = messageID
        self.state = state
    }

    /// Parses receipt text; `nil` without both `id:` and `stat:`.
    public init?(text: String) {
        let fields = Self.fields(of: text)
        guard let id = fields["id"], let stat = fields["stat"] else { return nil }
        self.init(
            messageID: id, state: SMPPMessageState(receiptWord: stat) ?? .unknown, submitted: fields["sub"],
            delivered: fields["dlvrd"], submitDate: fields["submit date"], doneDate: fields["done date"],
            error: fields["err"], text: fields["text"])
    }

    /// The Appendix B text of this receipt.
    public var formatted: String {
        var parts = ["id:\(messageID)"]
        if let submitted { parts.append("sub:\(submitted)") }
        if let delivered { parts.append("dlvrd:\(delivered)") }
        if let submitDate { parts.append("submit date:\(submitDate)") }
        if let doneDate { parts.append("done date:\(doneDate)") }
        parts.append("stat:\(state.receiptWord)")
        if let error { parts.append("err:\(error)") }
        if let text { parts.append("text:\(text)") }
        return parts.joined(separator: " ")
    }

    static let keys = ["id", "sub", "dlvrd", "submit date", "done date", "stat", "err", "text"]

    /// Key → value: each value runs to the next space, except `text`, which runs to the end.
    static func fields(of text: String) -> [String: String] {
        let characters = Array(text)
        let lower = Array(text.lowercased())
        // Lower-casing can change the character count (e.g. "İ"): then only the exact text is searched.
        let haystack = lower.count == characters.count ? lower : characters
        var result: [String: String] = [:]
        for key in keys {
            let label = Array(key + ":")
            var index = 0
            while index + label.count <= haystack.count {
                let atWordStart = index == 0 || haystack[index - 1] == " "
                if atWordStart, Array(haystack[index..<(index + label.count)]) == label { break }
                index += 1
            }
            guard index + label.count <= haystack.count else { continue }
            let start = index + label.count
            var end = start
            if key == "text" {
                end = characters.count
            } else {
                while end < characters.count, characters[end] != " " { end += 1 }
            }
            result[key] = String(characters[start..<end])
        }
        return result
    }
}
