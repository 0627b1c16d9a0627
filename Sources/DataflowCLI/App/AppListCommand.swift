import ArgumentParser

/// `dataflow app list`: `GET /apps`, as Data Flow's shell shows it: one column per app type,
/// the names below; with `--id type:name`, that app's versions, the default one `> marked <`.
struct AppListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the registered apps: a column per app type, or one app's versions with --id.")

    /// Data Flow's app types, in its order.
    static let types = ["app", "source", "processor", "sink", "task"]

    @Option(name: .long, help: ArgumentHelp("Only this app, with its versions (the default one marked > <).", valueName: "type:name"))
    var id: String?

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let answer = try await server.withClient { try await $0.get("/apps", query: [("size", "2000")]).json }
        var apps = ResourceText.page(answer, "appRegistrationResourceList")
        if let id {
            apps = apps.filter { "\($0["type"].string ?? ""):\($0["name"].string ?? "")" == id }
        }
        output.show(.array(apps)) { text(apps) }
    }

    /// The grid, or Data Flow's hint when nothing is registered.
    func text(_ apps: [JSONValue]) -> String {
        var columns: [String: [String]] = [:]
        for app in apps {
            var value = app["name"].string ?? ""
            if id != nil {
                value += app["version"].string.map { "-\($0)" } ?? ""
                if app["defaultVersion"].bool == true { value = "> \(value) <" }
            }
            let type = app["type"].string ?? ""
            if !(columns[type]?.contains(value) ?? false) { columns[type, default: []].append(value) }
        }
        guard !columns.isEmpty else {
            return id.map { "No app registered as \($0)." } ?? "No registered apps.\nYou can register new apps with the 'app register' and 'app import' commands."
        }
        let types = Self.types.filter { columns[$0] != nil } + columns.keys.filter { !Self.types.contains($0) }.sorted()
        let height = columns.values.map(\.count).max() ?? 0
        let rows = (0..<height).map { row in types.map { columns[$0]!.indices.contains(row) ? columns[$0]![row] : "" } }
        return Table(headers: types, rows: rows).render()
    }
}
