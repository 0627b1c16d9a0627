import Database
import Foundation
import Hummingbird

/// `GET /dashboard/apps`: the registered apps, searched by name and filtered by type, a page
/// at a time, with the form that registers one (`POST /dashboard/apps`) and a button per app
/// version that unregisters it (`POST /dashboard/apps/{type}/{name}/{version}/unregister`).
struct AppsPage: Sendable {
    let dashboard: Dashboard

    struct Model: Sendable {
        var search: String
        var types: [SelectOption]
        var registerTypes: [SelectOption]
        var apps: [Row]
        var hasApps: Bool
        var totalText: String
        var pager: PagerView
    }

    /// One registered app version.
    struct Row: Sendable {
        var id: String
        var type: String
        var name: String
        var version: String
        var isDefault: Bool
        var uri: String
        var metadataURI: String?
        var unregisterAction: String
    }

    /// The register form's fields.
    struct RegisterForm: Decodable, Sendable {
        var type: String
        var name: String
        var uri: String
        var version: String?
        var metadataURI: String?
        var force: String?
    }

    /// How many apps a page lists.
    static let pageSize = 25

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/dashboard/apps", use: page)
        router.post("/dashboard/apps", use: register)
        router.post("/dashboard/apps/:type/:name/:version/unregister", use: unregister)
    }

    @Sendable func page(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let search = query["search"].map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        let typeText = query["type"].map(String.init) ?? ""
        let type = try typeText.isEmpty ? nil : AppType.parse(typeText)
        let registry = dashboard.services.registry
        let apps = try await registry.apps(
            type: type, search: search.isEmpty ? nil : search, version: nil, defaultOnly: nil, page: PagerView.request(query["page"], size: Self.pageSize))
        let rows = apps.elements.map { app in
            Row(
                id: "app-\(app.type.rawValue)-\(app.name)-\(app.version)", type: app.type.rawValue, name: app.name, version: app.version,
                isDefault: app.defaultVersion, uri: app.uri, metadataURI: app.metadataURI,
                unregisterAction: "/dashboard/apps/\(app.type.rawValue)/\(DashboardResponses.pathEscaped(app.name))/\(DashboardResponses.pathEscaped(app.version))/unregister")
        }
        let registrable = registry.streamsEnabled ? AppType.allCases.map(\.rawValue) : [AppType.task.rawValue]
        let model = Model(
            search: search, types: SelectOption.list(AppType.allCases.map(\.rawValue), chosen: type?.rawValue, any: "Any type"),
            registerTypes: SelectOption.list(registrable, chosen: AppType.task.rawValue), apps: rows, hasApps: !rows.isEmpty,
            totalText: PagerView.matches(apps.totalElements, "registered app version"), pager: PagerView(apps, path: "/dashboard/apps", query: [("search", search), ("type", typeText)]))
        return dashboard.page("apps", model, title: "Apps", section: .apps, request: request, context: context)
    }

    @Sendable func register(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let registry = dashboard.services.registry
        return try await dashboard.act(request, context, as: RegisterForm.self, fallback: "/dashboard/apps") { form, user in
            func given(_ text: String?) -> String? {
                text.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            }
            let app = try await registry.register(
                type: try AppType.parse(form.type), name: form.name.trimmingCharacters(in: .whitespaces),
                version: given(form.version), uri: form.uri.trimmingCharacters(in: .whitespaces), metadataURI: given(form.metadataURI),
                force: form.force != nil, user: user)
            return (
                "/dashboard/apps?search=\(DashboardResponses.queryEscaped(app.name))",
                .success("Registered \(app.type.rawValue) app \(app.name) version \(app.version)\(app.defaultVersion ? " (the default version)" : "").")
            )
        }
    }

    @Sendable func unregister(_ request: Request, context: ServerRequestContext) async throws -> Response {
        struct Empty: Decodable, Sendable {}
        let type = try AppType.parse(try context.path("type"))
        let name = try context.path("name")
        let version = try context.path("version")
        let registry = dashboard.services.registry
        let definitions = dashboard.services.definitions
        return try await dashboard.act(request, context, as: Empty.self, fallback: "/dashboard/apps") { _, user in
            try await registry.unregister(type: type, name: name, version: version, user: user) {
                try await definitions.definitionNames(usingApp: $0)
            }
            return ("/dashboard/apps", .success("Unregistered \(type.rawValue) app \(name) version \(version)."))
        }
    }
}
