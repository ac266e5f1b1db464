public import Hummingbird
import Foundation

/// An error answered to the client as `{"error": {"code": ..., "message": ...}}` with its HTTP status.
///
/// `code` is a stable machine-readable word (listed in `docs/openapi.yaml`, schema `Error`); `message` is for people.
public struct APIError: Error, Sendable, Hashable, HTTPResponseError {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Extra header fields, e.g. `Retry-After` on 429 (RFC 6585 §4) or `WWW-Authenticate` on 401 (RFC 6750 §3).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Body(error: .init(code: code, message: message)))
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        fields.append(contentsOf: headers)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension APIError {
    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }

    static func invalidNumber(_ text: String) -> APIError {
        APIError(.badRequest, "invalid_number", "\"\(text)\" is not a phone number in E.164 (+ and up to 15 digits)")
    }

    /// RFC 6750 §3: a request with a missing, expired or revoked token gets 401 and a `WWW-Authenticate` challenge.
    static func unauthorized(_ message: String, error: String? = "invalid_token") -> APIError {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] =
            error.map { "Bearer realm=\"reroute\", error=\"\($0)\"" } ?? "Bearer realm=\"reroute\""
        return APIError(.unauthorized, "unauthorized", message, headers: headers)
    }

    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }

    /// RFC 6585 §4: 429 with how long to wait.
    static func tooManyRequests(_ code: String, _ message: String, retryAfter seconds: Int?) -> APIError {
        var headers = HTTPFields()
        if let seconds { headers[.retryAfter] = String(max(1, seconds)) }
        return APIError(.tooManyRequests, code, message, headers: headers)
    }
}
