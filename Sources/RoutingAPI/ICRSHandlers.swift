import Foundation
import Hummingbird
import RoutingService

/// One function per route: decode the request, make one service call, encode its answer. Session-scoped calls
/// hand the bearer token to the service, which resolves it and acts only on that session's account.
struct ICRSHandlers: Sendable {
    let service: RoutingService

    // MARK: Accounts and validation

    func createAccount(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(CreateAccountBody.self)
        let account = try await service.createAccount(
            number: body.number, password: body.password, source: context.sourceAddress)
        return try JSONResponse.make(AccountBody(account), status: .created)
    }

    func startValidation(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let number = try context.parameters.e164()
        // A session token is optional here; when one is sent it must be valid.
        let token = request.headers[.authorization] == nil ? nil : try Credentials.bearerToken(request)
        let body = try await request.decodeJSON(StartValidationBody.self)
        let started = try await service.startValidation(
            number: number, method: body.method, source: context.sourceAddress, token: token)
        return try JSONResponse.make(ValidationBody(started), status: .created)
    }

    func confirmValidation(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let id = try context.parameters.uuid("id", what: "validation")
        let body = try await request.decodeJSON(ConfirmValidationBody.self)
        let confirmed = try await service.confirmValidation(
            id: id.uuidString.lowercased(), code: body.code, source: context.sourceAddress)
        return try JSONResponse.make(ValidatedBody(confirmed))
    }

    func validationStatus(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let id = try context.parameters.uuid("id", what: "validation")
        let view = try await service.validationStatus(id: id.uuidString.lowercased())
        return try JSONResponse.make(ValidationStatusBody(view))
    }

    // MARK: Sessions

    func login(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(LoginBody.self)
        let result = try await service.login(
            number: body.number, password: body.password, device: body.device, source: context.sourceAddress)
        return try JSONResponse.make(SessionBody(result), status: .created)
    }

    func logout(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        try await service.logout(token: try Credentials.bearerToken(request))
        return JSONResponse.noContent
    }

    // MARK: The caller's account

    func me(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let account = try await service.me(token: try Credentials.bearerToken(request))
        return try JSONResponse.make(MeBody(account))
    }

    func linkNumber(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        let body = try await request.decodeJSON(NumberBody.self)
        let number = try await service.linkNumber(token: token, number: body.number)
        return try JSONResponse.make(AccountNumberBody(number), status: .created)
    }

    func setPrimary(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        let body = try await request.decodeJSON(NumberBody.self)
        let account = try await service.setPrimary(token: token, number: body.number)
        return try JSONResponse.make(MeBody(account))
    }

    func delinkNumber(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        try await service.delinkNumber(token: token, number: try context.parameters.e164())
        return JSONResponse.noContent
    }

    func forwarding(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        let view = try await service.forwardingStatus(token: token, number: try context.parameters.e164())
        return try JSONResponse.make(ForwardingBody(view))
    }

    func reportForwarding(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let token = try Credentials.bearerToken(request)
        let number = try context.parameters.e164()
        let body = try await request.decodeJSON(ForwardingResultBody.self)
        let view = try await service.reportForwardingResult(
            token: token, number: number, succeeded: body.succeeded, detail: body.detail)
        return try JSONResponse.make(ForwardingBody(view))
    }

    // MARK: Media platform and operators (service token, checked by ServiceTokenMiddleware)

    func route(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        try JSONResponse.make(RouteBody(try await service.routeLookup(number: try context.parameters.e164())))
    }

    func reportForwardedCall(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(ForwardedCallBody.self)
        return try JSONResponse.make(ForwardedCallResultBody(try await service.reportForwardedCall(body.report)))
    }

    func reportMissedCall(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(MissedCallBody.self)
        let decision = try await service.receiveMissedCall(calling: body.calling, called: body.called)
        return try JSONResponse.make(MissedCallResultBody(decision))
    }

    func listCarriers(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        try JSONResponse.make(try await service.listCarriers().map(CarrierResponseBody.init))
    }

    func createCarrier(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let body = try await request.decodeJSON(CarrierBody.self)
        let carrier = try await service.createCarrier(body.definition)
        return try JSONResponse.make(CarrierResponseBody(carrier), status: .created)
    }

    func updateCarrier(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let id = try context.parameters.uuid("id", what: "carrier")
        let body = try await request.decodeJSON(CarrierBody.self)
        let carrier = try await service.updateCarrier(id: id.uuidString.lowercased(), body.definition)
        return try JSONResponse.make(CarrierResponseBody(carrier))
    }

    func deleteCarrier(_ request: Request, _ context: ICRSRequestContext) async throws -> Response {
        let id = try context.parameters.uuid("id", what: "carrier")
        try await service.deleteCarrier(id: id.uuidString.lowercased())
        return JSONResponse.noContent
    }
}
