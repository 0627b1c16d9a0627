import ArgumentParser

/// `dataflow app register`: `POST /apps/<type>/<name>[/<version>]`.
struct AppRegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register an app: an executable the server can launch (a file: URI or path on the server's host).",
        discussion: "With --json, prints the registration as the server then shows it.")

    @OptionGroup var app: AppCoordinates

    @Option(name: .long, help: "The app's URI: file:///path/to/executable, a path, or docker:image for Kubernetes.")
    var uri: String

    @Option(name: [.customShort("m"), .customLong("metadata-uri"), .customLong("metadataUri")], help: "URI of the app's Spring configuration metadata.")
    var metadataURI: String?

    @Flag(name: .long, help: "Replace a registration of the same name, type and version (unless a definition uses it).")
    var force = false

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        var form = [("uri", uri)]
        if let metadataURI { form.append(("metadata-uri", metadataURI)) }
        if force { form.append(("force", "true")) }
        let registered = try await server.withClient { client in
            _ = try await client.post(app.path, form: form)
            return output.json ? try await client.get(app.path).json : .null
        }
        output.show(registered) { "Successfully registered application '\(app.type):\(app.name)'" }
    }
}
