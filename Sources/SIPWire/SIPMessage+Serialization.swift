public import NIOCore

/// Writing messages (RFC 3261 §7): start line, one row per header field, Content-Length set to the body's size.
extension SIPMessage {
    /// The bytes on the wire. Content-Length is always written and always right: RFC 3261 §18.3 requires it on
    /// streams and a datagram receiver uses it too.
    public var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512 + body.count)
        switch self {
        case .request(let request):
            out.append(contentsOf: "\(request.method.rawValue) \(request.uri) SIP/2.0\r\n".utf8)
        case .response(let response):
            let reason = response.reason.filter { $0 != "\r" && $0 != "\n" }
            out.append(contentsOf: "SIP/2.0 \(response.status.rawValue) \(reason)\r\n".utf8)
        }
        var wroteLength = false
        for field in headers {
            var value = field.value
            if field.canonicalName == "content-length" {
                guard !wroteLength else { continue }
                wroteLength = true
                value = String(body.count)
            }
            out.append(contentsOf: field.name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: value.utf8.filter { $0 != 0x0D && $0 != 0x0A })
            out.append(contentsOf: "\r\n".utf8)
        }
        if !wroteLength { out.append(contentsOf: "Content-Length: \(body.count)\r\n".utf8) }
        out.append(contentsOf: "\r\n".utf8)
        out.append(contentsOf: body)
        return out
    }

    public func write(into buffer: inout ByteBuffer) {
        buffer.writeBytes(encoded)
    }
}
