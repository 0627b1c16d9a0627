import Database
import Foundation
import Hummingbird

/// `/apps`: Data Flow's app registry endpoints.
struct AppsController: Sendable {
    let registry: AppRegistry
    let definitions: TaskDefinitions

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/apps", use: list)
        router.post("/apps", use: importApps)
        router.delete("/apps", use: unregisterAll)
        router.get("/apps/:type/:name", use: show)
        router.get("/apps/:type/:name/:version", use: show)
        router.post("/apps/:type/:name", use: register)
        router.post("/apps/:type/:name/:version", use: register)
        router.put("/apps/:type/:name/:version", use: makeDefault)
        router.delete("/apps/:type/:name", use: unregister)
        router.delete("/apps/:type/:name/:version", use: unregister)
    }

    @Sendable func list(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let page = try parameters.pageRequest()
        let type = try parameters.string("type").map(AppType.parse)
        let apps = try await registry.apps(
            type: type, search: parameters.string("search"), version: parameters.string("version"),
            defaultOnly: try parameters.bool("defaultVersion"), page: page)
        let base = RequestBase(request, fallback: "")
        let versions = try await registry.versions(of: apps.elements)
        let resources = apps.elements.map { AppResource($0, versions: versions["\($0.type.rawValue):\($0.name)"], base: base) }
        return try Responses.json(Paging.resources(apps, resources, collection: "appRegistrationResourceList", path: "/apps", base: base, parameters: parameters))
    }

    @Sendable func show(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let type = try AppType.parse(try context.path("type"))
        let name = try context.path("name")
        let version = context.parameters.get("version")
        guard let app = try await registry.app(type: type, name: name, version: version) else {
            throw AppRegistry.noSuchApp(type, name, version)
        }
        let versions = try await registry.versions(type: type, name: name).map(\.version)
        return try Responses.json(AppResource(app, versions: versions, base: RequestBase(request, fallback: ""), detailed: true))
    }

    @Sendable func register(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let bootVersion = try parameters.string("bootVersion").map(Self.bootVersion)
        try await registry.register(
            type: try AppType.parse(try context.path("type")), name: try context.path("name"),
            version: context.parameters.get("version"), uri: try parameters.required("uri"),
            metadataURI: parameters.string("metadata-uri"), bootVersion: bootVersion, force: try parameters.bool("force") ?? false,
            user: context.user)
        return Responses.empty(.created)
    }

    @Sendable func importApps(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let force = try parameters.bool("force") ?? false
        let text: String
        if let apps = parameters.string("apps") {
            text = apps
        } else if let uri = parameters.string("uri") {
            text = try AppImportSource.read(uri)
        } else {
            throw ServerError(.badRequest, "give the apps to import in 'apps' (lines of <type>.<name>=<uri>) or the URI of such a file in 'uri'")
        }
        let registered = try await registry.importApps(text, force: force, user: context.user)
        let base = RequestBase(request, fallback: "")
        let page = Page(elements: registered, number: 0, size: max(1, registered.count), totalElements: Int64(registered.count))
        let resources = registered.map { AppResource($0, versions: nil, base: base) }
        return try Responses.json(
            Paging.resources(page, resources, collection: "appRegistrationResourceList", path: "/apps", base: base, parameters: parameters),
            status: .created)
    }

    @Sendable func makeDefault(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await registry.makeDefault(
            type: try AppType.parse(try context.path("type")), name: try context.path("name"), version: try context.path("version"),
            user: context.user)
        return Responses.empty(.accepted)
    }

    @Sendable func unregister(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let definitions = self.definitions
        try await registry.unregister(
            type: try AppType.parse(try context.path("type")), name: try context.path("name"),
            version: context.parameters.get("version"), user: context.user
        ) { try await definitions.definitionNames(usingApp: $0) }
        return Responses.empty(.ok)
    }

    /// Data Flow's `DELETE /apps`: unregisters every app no definition uses.
    @Sendable func unregisterAll(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let definitions = self.definitions
        for app in try await registry.allApps() where try await definitions.definitionNames(usingApp: app.name).isEmpty {
            try await registry.unregister(type: app.type, name: app.name, version: app.version, user: context.user) { _ in [] }
        }
        return Responses.empty(.ok)
    }

    static func bootVersion(_ text: String) throws -> String {
        switch text.uppercased() {
        case "2", "BOOT2": "BOOT2"
        case "3", "BOOT3": "BOOT3"
        default: throw ServerError(.badRequest, "The parameter 'bootVersion' must be 2 or 3, not '\(text)'")
        }
    }
}

/// Reads the text a bulk import's `uri` names: a local file (`file:` URI or path). Remote URIs
/// are refused: the server fetches nothing from the network.
enum AppImportSource {
    static func read(_ uri: String) throws -> String {
        let path: String
        if uri.lowercased().hasPrefix("file:"), let url = URL(string: uri), url.isFileURL {
            path = url.path
        } else if !uri.contains("://") {
            path = uri
        } else {
            throw ServerError(.badRequest, "cannot read '\(uri)': give a file: URI or a path on the server, or send the lines in 'apps'")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServerError(.badRequest, "cannot read '\(uri)': \(path) does not exist or is not readable")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
