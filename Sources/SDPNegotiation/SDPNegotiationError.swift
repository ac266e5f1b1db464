public import SDPWire

/// Why an answer (or offer) breaks RFC 3264; a UAC answering with an ACK then ends the session with BYE, a UAS
/// answers 488 Not Acceptable Here (RFC 3261 §21.4.26).
public enum SDPNegotiationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// RFC 3264 §6: "exactly the same number of "m=" lines as the offer".
    case mediaCountMismatch(offered: Int, answered: Int)
    /// RFC 3264 §6: the m-lines correspond in order, of the same media type.
    case mediaTypeMismatch(index: Int)
    case noAudioOffered
    /// RFC 3264 §6: port zero rejects the stream.
    case audioRejected
    /// RFC 3264 §6.1 direction rules.
    case directionNotAllowed(offered: SDPDirection, answered: SDPDirection)
    /// A format in the answer that was not offered.
    case unknownFormat(String)
    /// No audio codec in common (RFC 3264 §6.1).
    case noCommonCodec
    /// RFC 8866 §5.7: no c= for the stream.
    case noConnection
    /// RFC 4568 §7.1.3: SDES was offered and the answer accepts none of the offered crypto lines.
    case noCryptoAccepted

    public var sipStatusCode: Int { 488 }

    public var description: String {
        switch self {
        case .mediaCountMismatch(let offered, let answered): "answer has \(answered) m-lines, offer had \(offered)"
        case .mediaTypeMismatch(let index): "m-line \(index) changed media type"
        case .noAudioOffered: "no audio stream in the offer"
        case .audioRejected: "audio stream rejected (port 0)"
        case .directionNotAllowed(let offered, let answered): "\(answered) does not answer \(offered)"
        case .unknownFormat(let format): "format \(format) was not offered"
        case .noCommonCodec: "no audio codec in common"
        case .noConnection: "no connection address"
        case .noCryptoAccepted: "no offered crypto line accepted"
        }
    }
}
