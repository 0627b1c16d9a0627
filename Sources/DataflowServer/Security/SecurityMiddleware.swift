import Foundation
import Hummingbird

/// Authentication and authorization in front of every route when security is on: 401 with
/// `WWW-Authenticate` for a request without valid credentials, 403 for one whose roles do not
/// include what the endpoint needs (``AccessRules``), both with Spring Boot's error body
/// (`timestamp`, `status`, `error`, `message`, `path`), as Data Flow answers them.
struct SecurityMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let security: ServerSecurity
    /// The dashboard's sign-ins: a session cookie authenticates dashboard requests only, so a
    /// cookie never stands in for credentials on the REST API.
    let sessions: DashboardSessions

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let path = request.uri.path
        let dashboard = path == "/dashboard" || path.hasPrefix("/dashboard/")
        let needed = AccessRules.role(request.method, path)
        do {
            if let principal = try await security.authenticate(request.headers) {
                context.user = principal.name
                context.roles = principal.roles.map(\.rawValue)
            } else if dashboard, let session = sessions.session(request.headers) {
                context.user = session.user
                context.roles = session.roles
            }
        } catch {
            return Self.refusal(.unauthorized, "Bad credentials", request)
        }
        if let needed {
            guard context.user != nil else {
                if dashboard, request.method == .get || request.method == .head {
                    return DashboardResponses.redirect(to: "/dashboard/login?next=" + DashboardResponses.queryEscaped(request.uri.description))
                }
                return Self.refusal(.unauthorized, "Full authentication is required to access this resource", request)
            }
            guard context.roles.contains(needed.rawValue) else {
                let message = "Access is denied: \(request.method) \(path) needs the role \(needed.rawValue)"
                if dashboard { return DashboardResponses.refusal(.forbidden, message) }
                return Self.refusal(.forbidden, message, request)
            }
        }
        return try await next(request, context)
    }

    static func refusal(_ status: HTTPResponse.Status, _ message: String, _ request: Request) -> Response {
        struct Body: Encodable {
            var timestamp: String
            var status: Int
            var error: String
            var message: String
            var path: String
        }
        let body = Body(timestamp: WireTime.string(Date()), status: status.code, error: status.reasonPhrase, message: message, path: request.uri.path)
        var response = (try? Responses.json(body, status: status)) ?? Responses.text(message, status: status)
        response.headers[.contentType] = "application/json"
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Basic realm=\"dataflow-server\"" }
        return response
    }
}
