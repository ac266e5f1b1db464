public import Hummingbird
public import RoutingService

/// The routes of `docs/openapi.yaml`, exactly: client routes (no credentials or a session token), the media
/// platform's route lookup and the carrier catalog (service token). Every error is JSON.
public enum ICRSRouter {
    /// Builds the router over `service`; `serviceToken` guards `/v1/routes` and `/v1/admin`.
    public static func make(service: RoutingService, serviceToken: String) -> Router<ICRSRequestContext> {
        let router = Router(context: ICRSRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        let handlers = ICRSHandlers(service: service)

        var table = MethodTable()
        let v1 = router.group("v1")
        table.on(v1, .post, "accounts", handlers.createAccount)
        table.on(v1, .post, "numbers/{e164}/validations", handlers.startValidation)
        table.on(v1, .post, "validations/{id}/confirm", handlers.confirmValidation)
        table.on(v1, .post, "sessions", handlers.login)
        table.on(v1, .delete, "sessions/current", handlers.logout)
        table.on(v1, .get, "me", handlers.me)
        table.on(v1, .post, "me/numbers", handlers.linkNumber)
        table.on(v1, .put, "me/primary", handlers.setPrimary)
        table.on(v1, .delete, "me/numbers/{e164}", handlers.delinkNumber)
        table.on(v1, .get, "me/numbers/{e164}/forwarding", handlers.forwarding)
        table.on(v1, .post, "me/numbers/{e164}/forwarding/result", handlers.reportForwarding)

        let services = v1.group().add(middleware: ServiceTokenMiddleware(token: serviceToken))
        table.on(services, .get, "routes/{e164}", handlers.route)
        table.on(services, .get, "admin/carriers", handlers.listCarriers)
        table.on(services, .post, "admin/carriers", handlers.createCarrier)
        table.on(services, .put, "admin/carriers/{id}", handlers.updateCarrier)
        table.on(services, .delete, "admin/carriers/{id}", handlers.deleteCarrier)

        table.answerOtherMethods(v1)
        return router
    }
}

/// Remembers which methods each path has, so that any other method on a known path is answered 405 with an
/// `Allow` header (RFC 9110 §15.5.6) rather than 404.
struct MethodTable {
    typealias Handler = @Sendable (Request, ICRSRequestContext) async throws -> Response

    private var methods: [String: [HTTPRequest.Method]] = [:]
    private var order: [String] = []

    mutating func on(
        _ group: RouterGroup<ICRSRequestContext>, _ method: HTTPRequest.Method, _ path: String,
        _ handler: @escaping Handler
    ) {
        group.on(RouterPath(path), method: method, use: handler)
        if methods[path] == nil { order.append(path) }
        methods[path, default: []].append(method)
    }

    func answerOtherMethods(_ group: RouterGroup<ICRSRequestContext>) {
        let all: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch, .options, .trace]
        for path in order {
            let allowed = methods[path] ?? []
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            for method in all where !allowed.contains(method) {
                group.on(RouterPath(path), method: method) { request, _ -> Response in
                    var headers = HTTPFields()
                    headers[.allow] = allow
                    throw APIError(
                        .methodNotAllowed, "method_not_allowed", "\(request.method) is not allowed here; use \(allow)",
                        headers: headers)
                }
            }
        }
    }
}
