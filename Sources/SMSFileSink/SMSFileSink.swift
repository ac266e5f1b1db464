public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A stand-in for the SMSC, selected by configuration for the demo and tests: every message "sent" becomes one
/// JSON object on its own line, `{"to": "+E164", "from": "...", "text": "...", "time": "ISO 8601 UTC"}`.
///
/// Safe under concurrent use: the actor writes one message at a time, and each line goes to the file in one
/// `write(2)` on a descriptor opened with `O_APPEND`, so writers in other processes do not interleave with it.
public actor SMSFileSink {
    public let path: String
    private let now: @Sendable () -> Date
    private let descriptor: Int32
    private var count = 0

    /// Opens (or creates, mode 0600) the file at `path` for appending.
    public init(path: String, now: @escaping @Sendable () -> Date = { Date() }) throws(SMSFileSinkError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SMSFileSinkError(path: path, errno: errno) }
        self.path = path
        self.now = now
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Appends one message and returns an id for it (`file-` and its number in this sink's life).
    @discardableResult
    public func send(to: String, from: String, text: String) throws(SMSFileSinkError) -> String {
        let line = Self.line(to: to, from: from, text: text, time: now())
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SMSFileSinkError(path: path, errno: errno)
            }
            offset += written
        }
        count += 1
        return "file-\(count)"
    }

    /// The JSON line of one message, keys in the documented order.
    public static func line(to: String, from: String, text: String, time: Date) -> String {
        "{\"to\": \(JSONText.quoted(to)), \"from\": \(JSONText.quoted(from)), \"text\": \(JSONText.quoted(text)), "
            + "\"time\": \(JSONText.quoted(timestamp(time)))}"
    }

    /// ISO 8601 in UTC with milliseconds: `2026-03-01T12:00:00.250Z`.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }
}

/// The sink's file could not be opened or written.
public struct SMSFileSinkError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var errno: Int32

    public var description: String { "\(path): \(String(cString: strerror(errno)))" }
}

/// JSON string literals (RFC 8259 §7) without Foundation's encoder, so key order and spacing stay as documented.
enum JSONText {
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                // "All Unicode characters may be placed within the quotation marks, except for the characters that
                // MUST be escaped: quotation mark, reverse solidus, and the control characters (U+0000 through
                // U+001F)."
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
