import Foundation
import Hummingbird

/// `GET/POST /dashboard/login` and `POST /dashboard/logout`: the sign-in form when security
/// is on. The password is checked as HTTP Basic checks it (``ServerSecurity``); a good one
/// gets a signed session cookie (HttpOnly, SameSite=Strict) and goes where it was headed.
struct LoginController: Sendable {
    let dashboard: Dashboard

    struct LoginPage: Sendable {
        var next: String
        var username: String
        var error: String?
    }

    struct LoginForm: Decodable, Sendable {
        var username: String
        var password: String
        var next: String?
    }

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/dashboard/login", use: form)
        router.post("/dashboard/login", use: signIn)
        router.post("/dashboard/logout", use: signOut)
    }

    @Sendable func form(_ request: Request, context: ServerRequestContext) async throws -> Response {
        guard dashboard.security != nil else { return DashboardResponses.redirect(to: "/dashboard") }
        let next = Self.safeNext(request.uri.queryParameters["next"].map(String.init))
        return dashboard.page("login", LoginPage(next: next, username: ""), title: "Sign in", section: nil, request: request, context: context)
    }

    @Sendable func signIn(_ request: Request, context: ServerRequestContext) async throws -> Response {
        guard let security = dashboard.security else { return DashboardResponses.redirect(to: "/dashboard") }
        let text = String(buffer: try await request.body.collect(upTo: 64 * 1024))
        guard let form = try? URLEncodedFormDecoder().decode(LoginForm.self, from: text) else {
            return dashboard.page(
                "login", LoginPage(next: "/dashboard", username: "", error: "Enter a user name and a password."), title: "Sign in", section: nil,
                request: request, context: context, status: .badRequest)
        }
        let next = Self.safeNext(form.next)
        do {
            let principal = try await security.verify(username: form.username, password: form.password)
            let cookie = dashboard.sessions.cookieValue(user: principal.name, roles: principal.roles.map(\.rawValue))
            try? await dashboard.services.audit.record(loginOf: principal.name)
            return DashboardResponses.redirect(to: next, cookies: [DashboardSessions.sessionCookie(cookie)])
        } catch {
            return dashboard.page(
                "login", LoginPage(next: next, username: form.username, error: "Wrong user name or password."), title: "Sign in", section: nil,
                request: request, context: context, status: .unauthorized)
        }
    }

    @Sendable func signOut(_ request: Request, context: ServerRequestContext) async throws -> Response {
        DashboardResponses.redirect(to: dashboard.security == nil ? "/dashboard" : "/dashboard/login", cookies: [DashboardSessions.clearedSessionCookie])
    }

    /// Only a path on this server's dashboard, never another site (an open redirect).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/dashboard"), !next.hasPrefix("//"), !next.contains("\\") else { return "/dashboard" }
        return next
    }
}
