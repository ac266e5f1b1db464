public import Hummingbird
import Logging
import RoutingService

/// Turns every error into `{"error": {"code", "message"}}` with its status: the service's typed ``RoutingError``
/// by its own status and code, Hummingbird's errors (no route, body too large) by theirs, anything else as a 500
/// that is logged but not described to the client.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let shapes: PathShapes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return try apiError(error, request: request, context: context).response(from: request, context: context)
        }
    }

    func apiError(_ error: any Error, request: Request, context: Context) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as RoutingError:
            return APIError(error)
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                let allowed = shapes.methods(for: request.uri.path)
                guard !allowed.isEmpty else { return .notFound("no route \(request.method) \(request.uri.path)") }
                let allow = allowed.map(\.rawValue).joined(separator: ", ")
                var headers = HTTPFields()
                headers[.allow] = allow
                return APIError(
                    .methodNotAllowed, "method_not_allowed", "\(request.method) is not allowed here; use \(allow)",
                    headers: headers)
            case .contentTooLarge:
                return APIError(.contentTooLarge, "body_too_large", "the request body is too large")
            default:
                return APIError(error.status, "http_error", error.body ?? error.status.reasonPhrase)
            }
        default:
            context.logger.error("icrs: \(request.method) \(request.uri.path) failed: \(String(reflecting: error))")
            return APIError(.internalServerError, "internal_error", "the routing server failed; the error is logged")
        }
    }
}

extension APIError {
    /// The service's typed error as the API answers it: the status each route documents in `docs/openapi.yaml`
    /// and the service's stable code. One case per error, no default, so a new error needs a decision here.
    init(_ error: RoutingError) {
        var headers = HTTPFields()
        let status: HTTPResponse.Status
        switch error {
        case .invalidNumber, .invalidPassword, .invalidRequest, .wrongCode, .invalidCarrier:
            status = .badRequest
        case .unauthorized:
            // RFC 6750 §3.1: an expired or revoked token is "invalid_token".
            headers[.wwwAuthenticate] = "Bearer realm=\"reroute\", error=\"invalid_token\""
            status = .unauthorized
        case .badCredentials:
            // RFC 9110 §15.5.2: a 401 carries a challenge.
            headers[.wwwAuthenticate] = "Bearer realm=\"reroute\""
            status = .unauthorized
        case .notFound, .numberNotLinked:
            // A number that is not the caller's is, for the caller, no resource at all.
            status = .notFound
        case .numberOwnedByAnotherAccount, .numberAlreadyLinked, .notValidated, .isPrimary, .ambiguousNumber,
            .carrierConflict, .forwardingConflict, .validationClosed:
            status = .conflict
        case .expired:
            status = .gone
        case .methodUnavailable:
            status = .unprocessableContent
        case .locked:
            status = .tooManyRequests
        case .rateLimited(let retryAfter):
            // RFC 6585 §4: say how long to wait.
            headers[.retryAfter] = String(max(1, Int(retryAfter.rounded(.up))))
            status = .tooManyRequests
        }
        self.init(status, error.code, error.description, headers: headers)
    }
}
