import M3UAWire
import NIOCore

/// ERR replies shared by the ASP and SG machines (RFC 4666 §3.8.1).
enum M3UAReplies {
    /// ERR with `code` and the first bytes of the offending message as Diagnostic Information.
    static func error(_ code: M3UAErrorCode, offending: ByteBuffer, routingContext: [UInt32]? = nil) -> M3UAMessage {
        let diagnostic =
            offending.getSlice(
                at: offending.readerIndex, length: min(offending.readableBytes, M3UADecodingError.diagnosticLimit))
            ?? ByteBuffer()
        return .error(
            M3UAErrorMessage(errorCode: code, routingContext: routingContext, diagnosticInformation: diagnostic))
    }

    /// "Unsupported Message Type" for a class RFC 4666 defines (§3.1.2: 0–4 and 9), else "Unsupported Message Class".
    static func unsupportedCode(_ messageClass: M3UAMessageClass) -> M3UAErrorCode {
        switch messageClass.rawValue {
        case 0...4, 9: .unsupportedMessageType
        default: .unsupportedMessageClass
        }
    }

    /// Whether `message` is an ERR, which is never answered with another ERR (§3.8.1).
    static func isError(_ message: M3UAMessage) -> Bool {
        if case .error = message { return true }
        return false
    }

    /// The heartbeat data of BEAT number `sequence`: eight bytes, big-endian (§3.5.5 leaves the content to the
    /// sender; a counter makes every BEAT ACK attributable).
    static func heartbeatData(sequence: UInt64) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(sequence)
        return buffer
    }
}

/// A received message in one of the two forms the machines accept.
struct M3UAInbound {
    var message: M3UAMessage
    /// The bytes as received (for Diagnostic Information), or the re-encoded message.
    var raw: ByteBuffer
    var stream: UInt16
}
