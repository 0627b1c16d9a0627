import BatchRuntime
import Foundation
import Hummingbird
import Logging
import TaskRuntime

/// The web dashboard: server-rendered pages over the same services and explorers as the REST
/// API, a little plain JavaScript for live updates and local times, nothing fetched from
/// elsewhere. Read-only pages work without JavaScript; actions are plain forms that post back
/// (with the page's CSRF token) and redirect to what they did.
struct Dashboard: Sendable {
    let templates: DashboardTemplates
    let assets: DashboardAssets
    let sessions: DashboardSessions
    let security: ServerSecurity?
    let services: DataflowServerApplication.Services
    let jobs: JobQueries
    let versions: LiveVersions
    let settings: ServerSettings
    let databaseDialect: String
    let logger: Logger

    /// The navigation's sections: only pages this server serves.
    var sections: [DashboardLayout.Section] { DashboardLayout.sections(features: settings.features) }

    /// Who makes the request and what they may do.
    func viewer(_ request: Request, _ context: ServerRequestContext) -> Viewer {
        Viewer(
            user: context.user, roles: Set(context.roles), securityEnabled: settings.security.enabled,
            csrf: sessions.csrfToken(request.headers))
    }

    /// A whole page: `template` rendered with `model` inside the layout. The model is reached in
    /// the template as `page`, beside `csrf`, `can` (the viewer's rights) and `now`.
    func page(
        _ template: String, _ model: some Sendable, title: String, section: DashboardLayout.Section?, request: Request,
        context: ServerRequestContext, status: HTTPResponse.Status = .ok
    ) -> Response {
        let viewer = viewer(request, context)
        let body = templates.render(PageContext(page: model, csrf: viewer.csrf, can: viewer.can), template)
        let notice = sessions.notice(request.headers)
        let layout = DashboardLayout(
            title: title, section: section, sections: sections, viewer: viewer, notice: notice, body: body, assets: assets.urls)
        return DashboardResponses.html(
            templates.render(layout, "layout"), status: status, cookies: notice == nil ? [] : [DashboardSessions.clearedNoticeCookie])
    }

    /// A region of a page alone (what the page's script fetches when the region's topic changed).
    func fragment(_ template: String, _ model: some Sendable, request: Request, context: ServerRequestContext) -> Response {
        let viewer = viewer(request, context)
        return DashboardResponses.html(templates.render(PageContext(page: model, csrf: viewer.csrf, can: viewer.can), template))
    }

    /// Runs a form's action: refuses a missing or wrong CSRF token (403), decodes the form,
    /// and redirects where the action says with its notice. A failure the server classifies
    /// (a bad input, a state that refuses the action) redirects back to `fallback` with the
    /// failure's message, so the user reads why on the page they came from.
    func act<Form: Decodable & Sendable>(
        _ request: Request, _ context: ServerRequestContext, as form: Form.Type, fallback: String,
        _ body: (Form, String?) async throws -> (location: String, notice: DashboardNotice)
    ) async throws -> Response {
        guard let text = try await verifiedForm(request) else { return DashboardResponses.csrfRefusal() }
        do {
            let decoded = try URLEncodedFormDecoder().decode(Form.self, from: text)
            let (location, notice) = try await body(decoded, context.user)
            return DashboardResponses.redirect(to: location, cookies: [sessions.noticeCookie(notice)])
        } catch let error as ServerError {
            return DashboardResponses.redirect(to: fallback, cookies: [sessions.noticeCookie(.error(error.message))])
        } catch let error as any CategorizedError & CustomStringConvertible {
            return DashboardResponses.redirect(to: fallback, cookies: [sessions.noticeCookie(.error(error.description))])
        } catch is DecodingError {
            return DashboardResponses.redirect(to: fallback, cookies: [sessions.noticeCookie(.error("The form was incomplete: fill in every required field and send it again."))])
        }
    }
}

extension Dashboard {
    /// The text of a posted form, or nil when it lacks the request's CSRF token (answer
    /// ``DashboardResponses/csrfRefusal()`` then): for the actions that render a page again
    /// instead of redirecting (a definition whose DSL does not parse).
    func verifiedForm(_ request: Request) async throws -> String? {
        let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
        return sessions.isValidCSRF(DashboardForm(text)["_csrf"], request.headers) ? text : nil
    }
}

/// What a page's template renders: its model as `page`, with the viewer's token and rights.
struct PageContext<Model: Sendable>: Sendable {
    var page: Model
    var csrf: String
    var can: Viewer.Rights
}
