public import Hummingbird
import Logging
import RoutingService

/// Turns every error into `{"error": {"code", "message"}}` with its status: the service's typed ``RoutingError``
/// by its own status and code, Hummingbird's errors (no route, body too large) by theirs, anything else as a 500
/// that is logged but not described to the client.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return try Self.apiError(error, request: request, context: context).response(from: request, context: context)
        }
    }

    static func apiError(_ error: any Error, request: Request, context: Context) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as RoutingError:
            return APIError(error)
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                return .notFound("no route \(request.method) \(request.uri.path)")
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
    /// The service's typed error with the status and code it defines (see ``RoutingError/httpStatus``).
    init(_ error: RoutingError) {
        var headers = HTTPFields()
        switch error {
        case .rateLimited(let retryAfter):
            // RFC 6585 §4: say how long to wait.
            headers[.retryAfter] = String(max(1, Int(retryAfter.rounded(.up))))
        case .unauthorized:
            // RFC 6750 §3.1: an expired or revoked token is "invalid_token".
            headers[.wwwAuthenticate] = "Bearer realm=\"reroute\", error=\"invalid_token\""
        case .badCredentials:
            // RFC 9110 §15.5.2: a 401 carries a challenge.
            headers[.wwwAuthenticate] = "Bearer realm=\"reroute\""
        case .invalidNumber, .invalidPassword, .invalidRequest, .numberOwnedByAnotherAccount, .numberAlreadyLinked,
            .numberNotLinked, .notValidated, .isPrimary, .notFound, .ambiguousNumber, .methodUnavailable, .wrongCode,
            .expired, .locked, .validationClosed, .carrierConflict, .invalidCarrier, .forwardingConflict:
            break
        }
        self.init(HTTPResponse.Status(code: error.httpStatus), error.code, error.description, headers: headers)
    }
}
