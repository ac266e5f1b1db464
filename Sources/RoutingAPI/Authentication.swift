public import Hummingbird
import Crypto
import Foundation
import HTTPTypes

/// Credentials carried by a request, checked before a handler runs.
enum Credentials {
    /// The session token of `Authorization: Bearer <token>` (RFC 6750 §2.1); the service resolves it, so an
    /// unknown, expired or revoked token is a 401 from the use case itself.
    static func bearerToken(_ request: Request) throws(APIError) -> String {
        guard let header = request.headers[.authorization] else {
            // RFC 6750 §3.1: a request without credentials gets a challenge without an error code.
            throw .unauthorized("a session token is required: Authorization: Bearer <token>", error: nil)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        // RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
        guard parts.count == 2, parts[0].lowercased() == "bearer",
            let token = parts.last.map({ $0.trimmingCharacters(in: .whitespaces) }), !token.isEmpty, token.count <= 512,
            token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._~+/=".contains($0)) })
        else {
            throw .unauthorized("the Authorization header must be \"Bearer <token>\"", error: "invalid_request")
        }
        return token
    }
}

/// Lets a request through only with the configured service token in `X-Service-Token` (the media platform and
/// operators; `docs/openapi.yaml` scheme `serviceToken`). Session tokens are never accepted here.
struct ServiceTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headerName: HTTPField.Name { HTTPField.Name("X-Service-Token")! }

    /// SHA-256 of the configured token.
    let expected: [UInt8]

    init(token: String) {
        expected = Array(SHA256.hash(data: Data(token.utf8)))
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let presented = request.headers[Self.headerName] else {
            throw APIError(.unauthorized, "unauthorized", "this route needs the service token in X-Service-Token")
        }
        // Compare digests without an early exit, so the time taken does not tell how much of the token matches.
        let digest = Array(SHA256.hash(data: Data(presented.utf8)))
        guard zip(digest, expected).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw APIError(.unauthorized, "unauthorized", "wrong service token")
        }
        return try await next(request, context)
    }
}
