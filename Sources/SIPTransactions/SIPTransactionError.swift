/// A TU asked the transaction layer for something it cannot do. No state changed.
public enum SIPTransactionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The request has no readable top Via, CSeq, Call-ID, From or To (RFC 3261 §8.1.1).
    case malformedRequest(String)
    /// The request's branch and method already name a live client transaction (RFC 3261 §8.1.1.7: the branch
    /// "MUST be unique across space and time").
    case duplicateTransaction(SIPTransactionKey)
    /// No live transaction has this id (it terminated, or never existed).
    case unknownTransaction(SIPTransactionID)
    /// The transaction is a client transaction, or the response does not suit it.
    case notAServerTransaction(SIPTransactionID)

    public var description: String {
        switch self {
        case .malformedRequest(let reason): "malformed request: \(reason)"
        case .duplicateTransaction(let key): "a transaction already exists for \(key)"
        case .unknownTransaction(let id): "no transaction \(id)"
        case .notAServerTransaction(let id): "\(id) is not a server transaction"
        }
    }
}
