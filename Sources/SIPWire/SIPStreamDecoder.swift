public import NIOCore

/// What a stream (TCP, TLS, WebSocket-free byte streams) yields: messages and RFC 5626 keep-alives.
public enum SIPStreamEvent: Hashable, Sendable {
    case message(SIPMessage)
    /// A double CRLF (RFC 5626 §3.5.1 "ping"); a server answers with a single CRLF.
    case keepAlivePing
    /// A single CRLF (the "pong").
    case keepAlivePong
}

/// Splits a byte stream into SIP messages by Content-Length (RFC 3261 §18.3: "In the case of stream-oriented
/// transports such as TCP, the Content-Length header field indicates the size of the body in the message ... it MUST
/// be used with stream-oriented transports").
///
/// `decode` returns nil and leaves the buffer alone until a whole message is there. A single CRLF on its own is taken
/// as a pong; a ping is written as one four-byte block, so it is not split in practice.
public struct SIPStreamDecoder: Sendable {
    /// Header section limit; beyond it without an empty line the peer is answered 513 and dropped.
    public var maximumHeaderBytes: Int
    /// Body limit (RFC 3261 §21.4.11 413 would also fit; one limit keeps memory bounded per connection).
    public var maximumBodyBytes: Int

    public init(maximumHeaderBytes: Int = 64 * 1024, maximumBodyBytes: Int = 1024 * 1024) {
        self.maximumHeaderBytes = maximumHeaderBytes
        self.maximumBodyBytes = maximumBodyBytes
    }

    public mutating func decode(_ buffer: inout ByteBuffer) throws(SIPDecodingError) -> SIPStreamEvent? {
        guard buffer.readableBytes > 0 else { return nil }
        let bytes = Array(buffer.readableBytesView.prefix(maximumHeaderBytes + 8))
        if bytes.starts(with: [0x0D, 0x0A]) {
            if bytes.starts(with: [0x0D, 0x0A, 0x0D, 0x0A]) {
                buffer.moveReaderIndex(forwardBy: 4)
                return .keepAlivePing
            }
            if bytes.count == 3 { return nil }
            buffer.moveReaderIndex(forwardBy: 2)
            return .keepAlivePong
        }
        guard let split = SIPMessageParser.headerEnd(in: bytes[...]) else {
            if bytes.count > maximumHeaderBytes {
                throw SIPDecodingError(
                    .messageTooLarge, reason: "no end of headers within \(maximumHeaderBytes) bytes",
                    isRequest: SIPMessageParser.looksLikeRequest(bytes[...]), breaksStreamFraming: true)
            }
            return nil
        }
        let head: SIPMessageParser.Head
        let length: Int?
        do {
            head = try SIPMessageParser.parseHead(bytes[..<split.headerEnd])
            length = try SIPMessageParser.contentLength(head)
        } catch {
            var error = error
            error.breaksStreamFraming = true
            throw error
        }
        guard let length else {
            throw SIPDecodingError(
                .missingContentLength, header: "content-length", reason: "missing on a stream",
                isRequest: head.isRequest, headers: head.headers, breaksStreamFraming: true)
        }
        guard length <= maximumBodyBytes else {
            throw SIPDecodingError(
                .messageTooLarge, header: "content-length", reason: "body of \(length) bytes",
                isRequest: head.isRequest, headers: head.headers, breaksStreamFraming: true)
        }
        let total = split.bodyStart + length
        guard buffer.readableBytes >= total else { return nil }
        let body = buffer.getBytes(at: buffer.readerIndex + split.bodyStart, length: length) ?? []
        buffer.moveReaderIndex(forwardBy: total)
        return .message(try SIPMessageParser.finish(head, body: body))
    }
}
