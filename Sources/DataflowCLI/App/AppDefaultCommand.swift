import ArgumentParser

/// `dataflow app default`: `PUT /apps/<type>/<name>/<version>`.
struct AppDefaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "default",
        abstract: "Make a registered version of an app its default version.",
        discussion: "With --json, prints the app's new default registration.")

    @Option(name: .long, help: ArgumentHelp("The app as type:name, for example task:timestamp.", valueName: "type:name"))
    var id: String

    @Option(name: .long, help: "The version to make the default.")
    var version: String

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard id.split(separator: ":").count == 2 else { throw ValidationError("--id needs type:name, for example task:timestamp, not '\(id)'") }
    }

    func run() async throws {
        let parts = id.split(separator: ":").map(String.init)
        let path = "/apps/\(ServerClient.segment(parts[0]))/\(ServerClient.segment(parts[1]))/\(ServerClient.segment(version))"
        let shown = try await server.withClient { client in
            _ = try await client.put(path)
            return output.json ? try await client.get(path).json : .null
        }
        output.show(shown) { "New default Application \(parts[0]):\(parts[1]):\(version)" }
    }
}
