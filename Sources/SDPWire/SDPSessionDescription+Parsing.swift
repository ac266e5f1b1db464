extension SDPSessionDescription {
    /// Limits against hostile input: a SIP body is bounded, but not small enough to trust.
    public static let maximumSize = 65_536
    public static let maximumLines = 2_000
    public static let maximumMediaDescriptions = 32

    /// Parses a session description (RFC 8866 §5, §9).
    ///
    /// Lines end with CRLF; a bare LF is accepted too (RFC 8866 §5: "parsers SHOULD be tolerant and also accept
    /// records terminated with a single newline character"). The type letters must follow the §5 order; unknown
    /// attributes and lines are kept.
    public init(parsing bytes: some Collection<UInt8>) throws(SDPDecodingError) {
        guard bytes.count <= Self.maximumSize else {
            throw SDPDecodingError(.tooLarge, reason: "\(bytes.count) bytes")
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw SDPDecodingError(.notText, reason: "the body is not UTF-8")
        }
        // Split on the bytes: in a Swift String "\r\n" is one Character, so a Character split would not see it.
        var lines = Array(bytes).split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard lines.count <= Self.maximumLines else {
            throw SDPDecodingError(.tooLarge, reason: "\(lines.count) lines")
        }
        var parser = SDPParser(lines: lines)
        self = try parser.parse()
    }
}

/// The line-by-line reader behind ``SDPSessionDescription/init(parsing:)``.
struct SDPParser {
    private let lines: [String]
    private var index = 0

    init(lines: [String]) { self.lines = lines }

    private func fail(_ kind: SDPDecodingError.Kind, _ reason: String) -> SDPDecodingError {
        let text = index < lines.count ? String(lines[index]) : ""
        return SDPDecodingError(kind, line: index < lines.count ? index + 1 : 0, text: text, reason: reason)
    }

    /// The current line as (type, value), without consuming it.
    private func peek() throws(SDPDecodingError) -> (type: Character, value: String)? {
        guard index < lines.count else { return nil }
        let line = lines[index]
        // RFC 8866 §5: "<type>=<value> where <type> is exactly one case-significant character".
        let bytes = Array(line.utf8)
        guard bytes.count >= 2, bytes[1] == UInt8(ascii: "="), (0x61...0x7A).contains(bytes[0]) else {
            throw fail(.malformedLine, "expected <letter>=<value>")
        }
        // RFC 8866 §9: field values exclude NUL, CR and LF.
        guard !bytes.contains(0), !bytes.contains(0x0D) else { throw fail(.malformedLine, "NUL or CR in a field") }
        return (Character(UnicodeScalar(bytes[0])), String(decoding: bytes[2...], as: UTF8.self))
    }

    private mutating func take(_ type: Character) throws(SDPDecodingError) -> String? {
        guard let (found, value) = try peek(), found == type else { return nil }
        index += 1
        return value
    }

    private mutating func field<T>(
        _ type: Character, _ decode: (String) throws(SDPFieldError) -> T
    ) throws(SDPDecodingError) -> T? {
        guard let (found, value) = try peek(), found == type else { return nil }
        do {
            let result = try decode(value)
            index += 1
            return result
        } catch {
            throw fail(.malformedValue, error.reason)
        }
    }

    private mutating func otherLines(
        _ allowed: Set<Character>, _ slot: SDPLine.Slot
    ) throws(SDPDecodingError) -> [SDPLine] {
        var out: [SDPLine] = []
        while let (type, value) = try peek(), allowed.contains(type) || !Self.known.contains(type) {
            out.append(SDPLine(type: type, value: value, slot: slot))
            index += 1
        }
        return out
    }

    private static let known: Set<Character> = [
        "v", "o", "s", "i", "u", "e", "p", "c", "b", "t", "r", "z", "k", "a", "m",
    ]

    mutating func parse() throws(SDPDecodingError) -> SDPSessionDescription {
        guard let versionText = try take("v") else { throw fail(.missingField, "the first line must be v=") }
        guard versionText == "0" else {
            index -= 1
            throw fail(.unsupportedVersion, "only v=0 is defined (RFC 8866 §5.1)")
        }
        guard let origin = try field("o", SDPOrigin.init(parsing:)) else { throw fail(.missingField, "o= missing") }
        guard let sessionName = try take("s"), !sessionName.isEmpty else {
            throw fail(.missingField, "s= missing or empty (RFC 8866 §5.3)")
        }
        var other = try otherLines(["i", "u", "e", "p"], .beforeConnection)
        let connection = try field("c", SDPConnection.init(parsing:))
        var bandwidths: [SDPBandwidth] = []
        while let bandwidth = try field("b", SDPBandwidth.init(parsing:)) { bandwidths.append(bandwidth) }
        var timings: [SDPTiming] = []
        while let timing = try field("t", SDPTiming.init(parsing:)) {
            timings.append(timing)
            other += try otherLines(["r"], .afterTiming)
        }
        guard !timings.isEmpty else { throw fail(.missingField, "t= missing (RFC 8866 §5.9)") }
        other += try otherLines(["z"], .afterTiming) + otherLines(["k"], .beforeAttributes)
        let attributes = try attributeLines()
        var media: [SDPMediaDescription] = []
        while var description = try field("m", SDPMediaDescription.init(parsing:)) {
            guard media.count < SDPSessionDescription.maximumMediaDescriptions else {
                throw fail(.tooLarge, "more than \(SDPSessionDescription.maximumMediaDescriptions) media")
            }
            description.otherLines = try otherLines(["i"], .beforeConnection)
            while let connection = try field("c", SDPConnection.init(parsing:)) {
                description.connections.append(connection)
            }
            while let bandwidth = try field("b", SDPBandwidth.init(parsing:)) {
                description.bandwidths.append(bandwidth)
            }
            description.otherLines += try otherLines(["k"], .beforeAttributes)
            description.attributes = try attributeLines()
            media.append(description)
        }
        if index < lines.count { throw fail(.outOfOrder, "line out of the RFC 8866 §5 order") }
        // RFC 8866 §5.7: "A session description MUST contain either at least one "c=" line in each media
        // description or a single "c=" line at the session level."
        if connection == nil, media.contains(where: { $0.connections.isEmpty }) {
            throw SDPDecodingError(.missingField, reason: "c= missing at session and media level (RFC 8866 §5.7)")
        }
        return SDPSessionDescription(
            version: 0, origin: origin, sessionName: sessionName, otherLines: other, connection: connection,
            bandwidths: bandwidths, timings: timings, attributes: attributes, media: media)
    }

    private mutating func attributeLines() throws(SDPDecodingError) -> [SDPAttribute] {
        var out: [SDPAttribute] = []
        while let attribute = try field("a", SDPAttribute.init(parsing:)) { out.append(attribute) }
        return out
    }
}
