import Database
import Foundation
import Hummingbird
import TaskRuntime

/// `GET /dashboard/tasks/definitions`: the task definitions whose name contains a text, a page
/// at a time, each with its DSL, description and the status of its last execution; and the form
/// that creates one (`POST /dashboard/tasks/definitions`). A definition the server refuses (its
/// DSL does not parse, its name is taken) is not redirected away: the page comes back with the
/// user's input, the message beside the field and the DSL's error position marked.
struct TaskDefinitionsPage: Sendable {
    let dashboard: Dashboard

    struct Model: Sendable {
        var search: String
        var definitions: [Row]
        var hasDefinitions: Bool
        var totalText: String
        var pager: PagerView
        var form: CreateForm
    }

    /// One definition.
    struct Row: Sendable {
        var id: String
        var name: String
        var href: String
        var dsl: String
        var description: String?
        var last: TaskExecutionView?
    }

    /// The create form: what the user typed and what the server said about it.
    struct CreateForm: Sendable {
        var name: String
        var dsl: String
        var description: String
        var nameError: String?
        var dslError: DSLErrorView?
        var hasErrors: Bool
    }

    /// The create form's fields.
    struct CreateFields: Decodable, Sendable {
        var name: String
        var dsl: String
        var description: String?
    }

    /// How many definitions a page lists.
    static let pageSize = 20

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/dashboard/tasks/definitions", use: page)
        router.post("/dashboard/tasks/definitions", use: create)
    }

    @Sendable func page(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let form = CreateForm(name: "", dsl: "", description: "", hasErrors: false)
        return try await render(request, context, form: form, status: .ok)
    }

    @Sendable func create(_ request: Request, context: ServerRequestContext) async throws -> Response {
        guard let text = try await dashboard.verifiedForm(request) else { return DashboardResponses.csrfRefusal() }
        let fields = (try? URLEncodedFormDecoder().decode(CreateFields.self, from: text)) ?? CreateFields(name: "", dsl: "")
        let name = fields.name.trimmingCharacters(in: .whitespaces)
        var form = CreateForm(name: fields.name, dsl: fields.dsl, description: fields.description ?? "", hasErrors: true)
        do {
            try await dashboard.services.definitions.create(name: name, dsl: fields.dsl, description: fields.description, user: context.user)
            let notice = DashboardNotice.success("Created task definition \(name).")
            return DashboardResponses.redirect(
                to: "/dashboard/tasks/definitions/\(DashboardResponses.pathEscaped(name))", cookies: [dashboard.sessions.noticeCookie(notice)])
        } catch let error as ServerError {
            switch error.code {
            case .invalidDefinition: form.dslError = Self.dslError(fields.dsl, name: name, refusal: error)
            case .noSuchApp: form.dslError = DSLErrorView(message: error.message)
            case .badRequest, .duplicateTaskDefinition: form.nameError = error.message
            default: throw error
            }
            return try await render(request, context, form: form, status: error.code == .duplicateTaskDefinition ? .conflict : .badRequest)
        }
    }

    /// The DSL error with its position: the parser's own error, read again from the text
    /// (the service's message carries it as text only); without a position when the text parses
    /// but is refused (a composed definition).
    static func dslError(_ dsl: String, name: String, refusal: ServerError) -> DSLErrorView {
        do {
            _ = try TaskDSL.parse(dsl, definitionName: name)
            return DSLErrorView(message: refusal.message)
        } catch {
            return DSLErrorView(error)
        }
    }

    private func render(_ request: Request, _ context: ServerRequestContext, form: CreateForm, status: HTTPResponse.Status) async throws
        -> Response
    {
        let query = request.uri.queryParameters
        let search = query["search"].map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        let page = try await dashboard.services.definitions.definitions(
            TaskDefinitionFilter(nameContains: search.isEmpty ? nil : search), page: PagerView.request(query["page"], size: Self.pageSize))
        let latest = try await dashboard.services.taskExplorer.latestExecutions(names: page.elements.map(\.name))
        let rows = page.elements.map { definition in
            Row(
                id: "definition-\(definition.name)", name: definition.name,
                href: "/dashboard/tasks/definitions/\(DashboardResponses.pathEscaped(definition.name))", dsl: definition.dslText,
                description: definition.description, last: latest[definition.name].map { TaskExecutionView($0) })
        }
        let model = Model(
            search: search, definitions: rows, hasDefinitions: !rows.isEmpty, totalText: PagerView.matches(page.totalElements, "task definition"),
            pager: PagerView(page, path: "/dashboard/tasks/definitions", query: [("search", search)]), form: form)
        return dashboard.page(
            "task-definitions", model, title: "Task definitions", section: .definitions, request: request, context: context, status: status)
    }
}
