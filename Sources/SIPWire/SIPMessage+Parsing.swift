/// Parsing a whole message: start line, header lines (unfolded), body (RFC 3261 §7, §18.3).
extension SIPMessage {
    /// Parses one message from a datagram (UDP). RFC 3261 §18.3: with a datagram the body is what follows the empty
    /// line; when Content-Length is present and smaller, the extra bytes are dropped ("it MUST truncate the message
    /// body to the size specified in Content-Length"), and when larger the message is in error.
    public init(datagram bytes: some Collection<UInt8>) throws(SIPDecodingError) {
        // RFC 3261 §7.5 asks streams to ignore CRLFs before the start line; a datagram gets the same tolerance.
        let all = Array(bytes.drop { $0 == 0x0D || $0 == 0x0A })
        guard let split = SIPMessageParser.headerEnd(in: all[...]) else {
            throw SIPDecodingError(
                .missingHeaderTerminator, reason: "no empty line after the headers",
                isRequest: SIPMessageParser.looksLikeRequest(all[...]))
        }
        let head = try SIPMessageParser.parseHead(all[..<split.headerEnd])
        var body = Array(all[split.bodyStart...])
        if let length = try SIPMessageParser.contentLength(head) {
            guard length <= body.count else {
                throw SIPDecodingError(
                    .bodyShorterThanContentLength, header: "content-length",
                    reason: "says \(length) bytes, the datagram holds \(body.count)", isRequest: head.isRequest,
                    headers: head.headers)
            }
            body.removeLast(body.count - length)
        }
        self = try SIPMessageParser.finish(head, body: body)
    }
}

/// The parsing steps shared by datagram parsing and stream framing.
enum SIPMessageParser {
    struct Head {
        var startLine: StartLine
        var headers: SIPHeaders

        var isRequest: Bool {
            switch startLine {
            case .request: true
            case .response: false
            }
        }
    }

    enum StartLine {
        case request(SIPMethod, SIPURI)
        case response(SIPStatus, String)
    }

    /// Where the header section ends (before its empty line) and the body starts. Accepts CRLF CRLF and, leniently,
    /// LF LF.
    static func headerEnd(in bytes: ArraySlice<UInt8>) -> (headerEnd: Int, bodyStart: Int)? {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == 0x0A {
                if index + 1 < bytes.endIndex, bytes[index + 1] == 0x0A { return (index, index + 2) }
                if index + 2 < bytes.endIndex, bytes[index + 1] == 0x0D, bytes[index + 2] == 0x0A {
                    return (index > bytes.startIndex && bytes[index - 1] == 0x0D ? index - 1 : index, index + 3)
                }
            }
            index += 1
        }
        return nil
    }

    static func looksLikeRequest(_ bytes: ArraySlice<UInt8>) -> Bool? {
        let trimmed = bytes.drop { $0 == 0x0D || $0 == 0x0A }
        guard !trimmed.isEmpty else { return nil }
        return !trimmed.starts(with: Array("SIP/".utf8))
    }

    /// Start line and header fields, with folded lines joined (RFC 3261 §7.3.1).
    static func parseHead(_ bytes: ArraySlice<UInt8>) throws(SIPDecodingError) -> Head {
        // RFC 3261 §7.5: "Implementations processing SIP messages over stream-oriented transports MUST ignore any
        // CRLF appearing before the start-line".
        let text = bytes.drop { $0 == 0x0D || $0 == 0x0A }
        var lines: [ArraySlice<UInt8>] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == 0x0A {
                var end = index
                if end > start, text[end - 1] == 0x0D { end -= 1 }
                lines.append(text[start..<end])
                start = index + 1
            }
            index += 1
        }
        if start < text.endIndex { lines.append(text[start...]) }
        guard let first = lines.first, !first.isEmpty else {
            throw SIPDecodingError(.malformedStartLine, reason: "empty message")
        }
        let isRequest = !first.starts(with: Array("SIP/".utf8))
        // RFC 3261 §25.1: no element of the start line or a header field allows control characters other than HTAB
        // (a bare CR included: CR appears only in the CRLF that ends a line).
        guard !first.contains(where: isControl) else {
            throw SIPDecodingError(.malformedStartLine, reason: "control character in the start line", isRequest: isRequest)
        }
        // A request of another SIP version is still answered (505), so its headers are read before giving up.
        // A request whose start line is broken (another SIP version, a bad Request-URI) is still answered (505,
        // 400), so its headers are read before giving up (RFC 4475 §3.1.2.7–§3.1.2.11, §3.1.2.16).
        var startLine: StartLine?
        var startLineError: SIPDecodingError?
        do {
            startLine = try parseStartLine(first, isRequest: isRequest)
        } catch {
            guard isRequest || error.kind == .unsupportedVersion else { throw error }
            startLineError = error
        }
        var headers = SIPHeaders()
        var pendingName: String?
        var pendingValue: [UInt8] = []
        func flush() throws(SIPDecodingError) {
            guard let name = pendingName else { return }
            // Checked on the unfolded value: a quoted string may span a folded line.
            guard !containsBareControl(pendingValue[...]) else {
                throw SIPDecodingError(
                    .malformedHeader, reason: "control character in a header line", isRequest: isRequest,
                    headers: headers)
            }
            headers.add(name, SIPListSplitter.trimmed(pendingValue))
            pendingName = nil
            pendingValue.removeAll(keepingCapacity: true)
        }
        for line in lines.dropFirst() {
            guard !line.contains(0x0D) else {
                throw SIPDecodingError(
                    .malformedHeader, reason: "control character in a header line", isRequest: isRequest,
                    headers: headers)
            }
            if let lead = line.first, SIPGrammar.isWhitespace(lead) {
                // A continuation line: "LWS = [*WSP CRLF] 1*WSP", replaced by a single SP.
                guard pendingName != nil else {
                    throw SIPDecodingError(
                        .malformedHeader, reason: "continuation line before any header", isRequest: isRequest,
                        headers: headers)
                }
                pendingValue.append(0x20)
                pendingValue.append(contentsOf: line.drop(while: SIPGrammar.isWhitespace))
                continue
            }
            try flush()
            // message-header = field-name HCOLON field-value; HCOLON = *( SP / HTAB ) ":" SWS
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                throw SIPDecodingError(
                    .malformedHeader, reason: "header line without a colon", isRequest: isRequest, headers: headers)
            }
            var nameBytes = line[..<colon]
            while let last = nameBytes.last, SIPGrammar.isWhitespace(last) { nameBytes = nameBytes.dropLast() }
            guard !nameBytes.isEmpty, nameBytes.allSatisfy(SIPGrammar.isToken) else {
                throw SIPDecodingError(
                    .malformedHeader, reason: "bad header name", isRequest: isRequest, headers: headers)
            }
            pendingName = String(decoding: nameBytes, as: UTF8.self)
            pendingValue.append(contentsOf: line[(colon + 1)...])
        }
        try flush()
        guard let startLine else {
            var error = startLineError ?? SIPDecodingError(.malformedStartLine, reason: "bad start line")
            error.headers = headers
            throw error
        }
        return Head(startLine: startLine, headers: headers)
    }

    private static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09) || byte == 0x7F
    }

    /// Whether a header line holds a control character outside a quoted pair. RFC 3261 §25.1 allows them only as
    /// `quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)` inside a quoted string (RFC 4475 §3.1.1.2 sends BEL, NUL
    /// and DEL that way); anywhere else, a bare CR included, they are an error.
    private static func containsBareControl(_ line: ArraySlice<UInt8>) -> Bool {
        var inQuotes = false
        var escaped = false
        for byte in line {
            if escaped {
                escaped = false
                if byte == 0x0A || byte == 0x0D { return true }
                continue
            }
            if inQuotes, byte == UInt8(ascii: "\\") {
                escaped = true
                continue
            }
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if isControl(byte) { return true }
        }
        return false
    }

    /// `Request-Line = Method SP Request-URI SP SIP-Version`, `Status-Line = SIP-Version SP Status-Code SP
    /// Reason-Phrase` (RFC 3261 §7.1: "The elements are separated by single SP characters. No CR or LF are allowed
    /// except in the final CRLF sequence. No linear whitespace (LWS) is allowed in any of the elements.").
    static func parseStartLine(_ line: ArraySlice<UInt8>, isRequest: Bool) throws(SIPDecodingError) -> StartLine {
        let parts = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: false)
        if isRequest {
            guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(SIPGrammar.isToken),
                !parts[2].contains(0x20), !parts[1].contains(0x09)
            else {
                throw SIPDecodingError(.malformedStartLine, reason: "bad request line", isRequest: true)
            }
            guard isVersion20(parts[2]) else {
                throw SIPDecodingError(
                    isVersion(parts[2]) ? .unsupportedVersion : .malformedStartLine,
                    reason: "version \(String(decoding: parts[2], as: UTF8.self))", isRequest: true)
            }
            let uri: SIPURI
            do { uri = try SIPURI(parsing: String(decoding: parts[1], as: UTF8.self)) } catch {
                throw SIPDecodingError(.malformedStartLine, reason: "Request-URI: \(error.reason)", isRequest: true)
            }
            // RFC 3261 §19.1.1 (table of where URI components may appear): headers are "not allowed" in a
            // Request-URI; RFC 4475 §3.1.2.11 lets an element answer such a request 400.
            guard uri.headers.isEmpty else {
                throw SIPDecodingError(
                    .malformedStartLine, reason: "Request-URI carries escaped headers", isRequest: true)
            }
            return .request(SIPMethod(rawValue: String(decoding: parts[0], as: UTF8.self)), uri)
        }
        guard parts.count >= 2, isVersion(parts[0]) else {
            throw SIPDecodingError(.malformedStartLine, reason: "bad status line", isRequest: false)
        }
        guard isVersion20(parts[0]) else {
            throw SIPDecodingError(.unsupportedVersion, reason: "version of a response", isRequest: false)
        }
        guard parts[1].count == 3, parts[1].allSatisfy(SIPGrammar.isDigit),
            let code = Int(String(decoding: parts[1], as: UTF8.self)), (100...699).contains(code)
        else { throw SIPDecodingError(.malformedStartLine, reason: "bad status code", isRequest: false) }
        let reason = parts.count == 3 ? String(decoding: parts[2], as: UTF8.self) : ""
        return .response(SIPStatus(code), reason)
    }

    /// `SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT` ("SIP" case-insensitive as every ABNF literal).
    private static func isVersion(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.uppercased().hasPrefix("SIP/") else { return false }
        let numbers = text.dropFirst(4).split(separator: ".", omittingEmptySubsequences: false)
        return numbers.count == 2 && numbers.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy(SIPGrammar.isDigit) }
    }

    private static func isVersion20(_ bytes: ArraySlice<UInt8>) -> Bool {
        String(decoding: bytes, as: UTF8.self).uppercased() == "SIP/2.0"
    }

    static func contentLength(_ head: Head) throws(SIPDecodingError) -> Int? {
        do { return try head.headers.contentLength() } catch {
            var error = error
            error.isRequest = head.isRequest
            throw error
        }
    }

    /// Checks what every message must carry (RFC 3261 §8.1.1: "A valid SIP request formulated by a UAC MUST, at a
    /// minimum, contain the following header fields: To, From, CSeq, Call-ID, Max-Forwards, and Via") and builds the
    /// message. Max-Forwards is checked when present but not required, as many proxies and RFC 3261 §16.3 tolerate.
    static func finish(_ head: Head, body: [UInt8]) throws(SIPDecodingError) -> SIPMessage {
        let headers = head.headers
        do throws(SIPDecodingError) {
            _ = try headers.topVia()
            _ = try headers.from()
            _ = try headers.to()
            _ = try headers.callID()
            let cseq = try headers.cseq()
            _ = try headers.maxForwards()
            // Contact and Date are checked too, so a request that a registrar or UA would choke on later is
            // answered 400 here, naming the header (RFC 4475 §3.1.2.12, §3.1.2.13).
            if headers.contains("contact") { _ = try headers.contacts() }
            try headers.checkDate()
            switch head.startLine {
            case .request(let method, let uri):
                // RFC 3261 §8.1.1.5: "The method MUST match that of the request."
                guard cseq.method == method else {
                    throw SIPDecodingError(
                        .cseqMethodMismatch, header: "cseq", reason: "\(cseq.method) in a \(method) request",
                        headers: headers)
                }
                return .request(SIPRequest(method: method, uri: uri, headers: headers, body: body))
            case .response(let status, let reason):
                return .response(SIPResponse(status: status, reason: reason, headers: headers, body: body))
            }
        } catch {
            var error = error
            error.isRequest = head.isRequest
            throw error
        }
    }
}
