import ArgumentParser

/// `dataflow app unregister`: `DELETE /apps/<type>/<name>[/<version>]`.
struct AppUnregisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unregister",
        abstract: "Unregister an app (one version, or the default one); refused while a definition uses it.",
        discussion: "With --json, prints nothing: the server answers with no body.")

    @OptionGroup var app: AppCoordinates
    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        _ = try await server.withClient { try await $0.delete(app.path) }
        if !output.json { print("Successfully unregistered application '\(app.name)' with type '\(app.type)'.") }
    }
}
