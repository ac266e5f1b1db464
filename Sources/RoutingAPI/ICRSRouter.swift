public import Hummingbird
import HTTPTypes
public import RoutingService

/// The routes of `docs/openapi.yaml`, exactly: client routes (no credentials or a session token), the media
/// platform's route lookup and the carrier catalog (service token). Every error is JSON; a known path asked with
/// another method is 405 with `Allow` (RFC 9110 §15.5.6).
public enum ICRSRouter {
    typealias Handler = @Sendable (ICRSHandlers) -> @Sendable (Request, ICRSRequestContext) async throws -> Response

    /// Who may call a route.
    enum Access {
        /// Anyone, or a session token checked by the use case itself.
        case client
        /// The service token (`X-Service-Token`).
        case service
    }

    /// The route table: method, path under `/v1`, access, handler.
    static let routes: [(HTTPRequest.Method, String, Access, Handler)] = [
        (.post, "accounts", .client, { $0.createAccount }),
        (.post, "numbers/{e164}/validations", .client, { $0.startValidation }),
        (.get, "validations/{id}", .client, { $0.validationStatus }),
        (.post, "validations/{id}/confirm", .client, { $0.confirmValidation }),
        (.post, "sessions", .client, { $0.login }),
        (.delete, "sessions/current", .client, { $0.logout }),
        (.get, "me", .client, { $0.me }),
        (.post, "me/numbers", .client, { $0.linkNumber }),
        (.put, "me/primary", .client, { $0.setPrimary }),
        (.delete, "me/numbers/{e164}", .client, { $0.delinkNumber }),
        (.get, "me/numbers/{e164}/forwarding", .client, { $0.forwarding }),
        (.get, "me/missed-calls", .client, { $0.listMissedCalls }),
        (.delete, "me/missed-calls/{id}", .client, { $0.deleteMissedCall }),
        (.get, "me/voicemails", .client, { $0.listVoicemails }),
        (.get, "me/voicemails/{id}/audio", .client, { $0.voicemailAudio }),
        (.post, "me/voicemails/{id}/heard", .client, { $0.markVoicemailHeard }),
        (.delete, "me/voicemails/{id}", .client, { $0.deleteVoicemail }),
        (.post, "me/numbers/{e164}/forwarding/result", .client, { $0.reportForwarding }),
        (.get, "me/voicemail-settings", .client, { $0.voicemailSettings }),
        (.put, "me/voicemail-settings", .client, { $0.updateVoicemailSettings }),
        (.get, "me/voicemail-greeting", .client, { $0.voicemailGreeting }),
        (.put, "me/voicemail-greeting", .client, { $0.uploadVoicemailGreeting }),
        (.delete, "me/voicemail-greeting", .client, { $0.deleteVoicemailGreeting }),
        (.get, "routes/{e164}", .service, { $0.route }),
        (.post, "gateway/forwarded-calls", .service, { $0.reportForwardedCall }),
        (.post, "gateway/missed-calls", .service, { $0.reportMissedCall }),
        (.post, "gateway/unanswered-calls", .service, { $0.reportUnansweredCall }),
        (.put, "gateway/unanswered-calls/{call_ref}/voicemail", .service, { $0.uploadVoicemail }),
        (.get, "gateway/sip-accounts/{username}", .service, { $0.sipAccount }),
        (.post, "gateway/sip-accounts/{username}/events", .service, { $0.deviceEvent }),
        (.get, "gateway/numbers/{e164}/call-settings", .service, { $0.accountCallSettings }),
        (.post, "gateway/outbound-calls/claim", .service, { $0.claimOutboundCalls }),
        (.post, "gateway/outbound-calls/{id}/result", .service, { $0.outboundCallResult }),
        (.get, "admin/carriers", .service, { $0.listCarriers }),
        (.post, "admin/carriers", .service, { $0.createCarrier }),
        (.put, "admin/carriers/{id}", .service, { $0.updateCarrier }),
        (.delete, "admin/carriers/{id}", .service, { $0.deleteCarrier }),
    ]

    /// Builds the router over `service`; `serviceToken` guards `/v1/routes`, `/v1/gateway` and `/v1/admin`.
    public static func make(service: RoutingService, serviceToken: String) -> Router<ICRSRequestContext> {
        let router = Router(context: ICRSRequestContext.self)
        router.add(middleware: ErrorMiddleware(shapes: PathShapes(routes.map { ("/v1/" + $0.1, $0.0) })))
        let handlers = ICRSHandlers(service: service)
        let v1 = router.group("v1")
        let guarded = v1.group().add(middleware: ServiceTokenMiddleware(token: serviceToken))
        for (method, path, access, handler) in routes {
            let group = access == .service ? guarded : v1
            group.on(RouterPath(path), method: method, use: handler(handlers))
        }
        return router
    }
}

/// The paths of the route table as segment patterns (`{name}` matches one segment), to tell "no such path" (404)
/// from "not with this method" (405).
struct PathShapes: Sendable {
    private let shapes: [(segments: [Substring], methods: [HTTPRequest.Method])]

    init(_ routes: [(String, HTTPRequest.Method)]) {
        var shapes: [(segments: [Substring], methods: [HTTPRequest.Method])] = []
        for (path, method) in routes {
            let segments = path.split(separator: "/")
            if let index = shapes.firstIndex(where: { $0.segments == segments }) {
                shapes[index].methods.append(method)
            } else {
                shapes.append((segments, [method]))
            }
        }
        self.shapes = shapes
    }

    /// The methods a path allows; empty when no route has that path.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return shapes.first { shape in
            shape.segments.count == segments.count
                && zip(shape.segments, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }?.methods ?? []
    }
}
