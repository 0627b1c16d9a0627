import ArgumentParser

/// `dataflow app info`: `GET /apps/<type>/<name>[/<version>]`, with the app's options when its
/// registration has metadata.
struct AppInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Show one app: its version, URI and the options its metadata lists.")

    @OptionGroup var app: AppCoordinates
    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let shown = try await server.withClient { try await $0.get(app.path).json }
        output.show(shown) { text(shown) }
    }

    func text(_ shown: JSONValue) -> String {
        var lines = ["Information about \(app.type) application '\(app.name)':"]
        if let version = shown["version"].string { lines.append("Version: '\(version)':") }
        if shown["defaultVersion"].bool == true { lines.append("Default application version: 'true':") }
        lines.append("Resource URI: \(shown["uri"].string ?? "")")
        let options = shown["options"].elements
        guard !options.isEmpty else {
            lines.append("Application options metadata is not available")
            return lines.joined(separator: "\n")
        }
        let rows = options.map { option in
            [option["id"].string ?? "", option["description"].string ?? "<unknown>",
             option["defaultValue"].isNull ? "<none>" : ResourceText.cell(option["defaultValue"]), option["type"].string ?? "<unknown>"]
        }
        lines.append(Table(headers: ["Option Name", "Description", "Default", "Type"], rows: rows).render())
        return lines.joined(separator: "\n")
    }
}
