import ArgumentParser

/// `dataflow app`: the server's app registry.
struct AppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app",
        abstract: "Register, import, list, inspect and unregister the apps the server launches (needs the server).",
        subcommands: [
            AppRegisterCommand.self, AppImportCommand.self, AppListCommand.self, AppInfoCommand.self, AppUnregisterCommand.self,
            AppDefaultCommand.self,
        ]
    )
}

/// Which app: `--name`, `--type` (task unless told) and optionally `--version`.
struct AppCoordinates: ParsableArguments {
    @Option(name: .long, help: "The app's name.")
    var name: String

    @Option(name: .long, help: "The app's type: task (the default), or app, source, processor, sink.")
    var type: String = "task"

    @Option(name: .long, help: "The version; default: the default version.")
    var version: String?

    /// `/apps/<type>/<name>[/<version>]`.
    var path: String {
        "/apps/\(ServerClient.segment(type))/\(ServerClient.segment(name))" + (version.map { "/\(ServerClient.segment($0))" } ?? "")
    }
}
