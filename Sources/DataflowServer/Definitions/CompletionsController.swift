import Hummingbird

/// `/completions/task` (Data Flow's DSL completion, used by shells and dashboards: app names,
/// then each app's `--option=` names) and `/completions/stream` (always empty: streams are off,
/// but Data Flow's clients look the relation up), and `/tasks/validation/{name}`.
struct CompletionsController: Sendable {
    let registry: AppRegistry
    let definitions: TaskDefinitions

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/completions/task", use: task)
        router.get("/completions/stream", use: stream)
        router.get("/tasks/validation/:name", use: validate)
    }

    @Sendable func task(_ request: Request, context: ServerRequestContext) async throws -> Response {
        var request = request
        let parameters = try await RequestParameters.read(&request)
        let start = parameters.string("start") ?? ""
        if let detail = try parameters.integer("detailLevel"), detail < 1 {
            throw ServerError(.badRequest, "The parameter 'detailLevel' must be 1 or more, not \(detail)")
        }
        let apps = try await registry.allApps().filter { $0.type == .task && $0.defaultVersion }
        return try Responses.json(Proposals(
            proposals: Self.proposals(for: start, apps: apps), links: .this(RequestBase(request, fallback: "").url + "/completions/task")))
    }

    /// App names completing the first word; after a whole app name, its `--option=` names not
    /// yet written that complete the last word.
    static func proposals(for start: String, apps: [AppRegistration]) -> [Proposal] {
        let words = start.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let partial = start.hasSuffix(" ") ? "" : (words.last ?? "")
        var proposals: [Proposal] = []
        if words.count <= 1 && !start.hasSuffix(" ") {
            for app in apps where app.name.hasPrefix(partial) {
                proposals.append(Proposal(text: app.name, explanation: "Task app \(app.name) (\(app.uri))"))
            }
        }
        guard let first = words.first, let app = apps.first(where: { $0.name == first }) else { return proposals }
        let completing = words.count > 1 && !start.hasSuffix(" ") ? partial : ""
        guard completing.isEmpty || completing.hasPrefix("-") else { return proposals }
        let head = completing.isEmpty ? (start.hasSuffix(" ") ? start : start + " ") : String(start.dropLast(completing.count))
        let written = Set(words.dropFirst().compactMap { word in word.hasPrefix("--") ? word.dropFirst(2).split(separator: "=").first.map(String.init) : nil })
        let wanted = completing.drop { $0 == "-" }
        for option in AppMetadata.options(app.metadataURI)
        where !written.contains(option.name) && !written.contains(option.id) && (option.name.hasPrefix(wanted) || option.id.hasPrefix(wanted)) {
            proposals.append(Proposal(text: "\(head)--\(option.name)=", explanation: option.shortDescription ?? option.id))
        }
        return proposals
    }

    @Sendable func stream(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try Responses.json(Proposals(proposals: [], links: .this(RequestBase(request, fallback: "").url + "/completions/stream")))
    }

    /// Each app of the definition `valid` (registered, and runnable here: an executable file) or `invalid`.
    @Sendable func validate(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let definition = try await definitions.require(try context.path("name"))
        let graph = try? TaskDSL.parse(definition.dslText, definitionName: definition.name)
        var statuses: [String: String] = [:]
        for app in graph?.apps ?? [] {
            let registered = try await registry.app(type: .task, name: app.name)
            var valid = registered != nil
            if let uri = registered?.uri, !uri.lowercased().hasPrefix("docker:") {
                valid = (try? AppURI.checkExecutable(LocalPlatform.executablePath(uri), uri: uri)) != nil
            }
            statuses["task:\(app.name)"] = valid ? "valid" : "invalid"
        }
        let base = RequestBase(request, fallback: "")
        return try Responses.json(Validation(
            appName: definition.name, dsl: definition.dslText, description: definition.description ?? "", appStatuses: statuses,
            links: .this(base.url + "/tasks/validation/\(definition.name)")))
    }

    struct Proposal: Encodable {
        var text: String
        var explanation: String
    }

    struct Proposals: Encodable {
        var proposals: [Proposal]
        var links: Links
        enum CodingKeys: String, CodingKey { case proposals, links = "_links" }
    }

    struct Validation: Encodable {
        var appName: String
        var dsl: String
        var description: String
        var appStatuses: [String: String]
        var links: Links
        enum CodingKeys: String, CodingKey { case appName, dsl, description, appStatuses, links = "_links" }
    }
}
