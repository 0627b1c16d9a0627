import ArgumentParser
import Foundation

/// `dataflow app import`: `POST /apps` with the URI of a properties file, or its lines.
struct AppImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Register every app a properties file lists (lines of <type>.<name>[@<version>]=<uri>).",
        discussion: """
            Without --local the server reads the file (a path or file: URI on the server's host); with --local \
            this command reads it and sends its lines. Apps already registered are skipped unless --force.
            """)

    @Option(name: .long, help: "The file: a path or file: URI.")
    var uri: String

    @Flag(name: .long, help: "Read the file here and send its lines, instead of letting the server read it.")
    var local = false

    @Flag(name: .long, help: "Replace registrations that exist (unless a definition uses them).")
    var force = false

    @OptionGroup var server: ServerOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        var form: [(String, String)] = local ? [("apps", try Self.read(uri))] : [("uri", uri)]
        if force { form.append(("force", "true")) }
        let answer = try await server.withClient { try await $0.post("/apps", form: form).json }
        let registered = ResourceText.page(answer, "appRegistrationResourceList")
        output.show(.array(registered)) { "Successfully registered \(registered.count) applications from '\(uri)'" }
    }

    /// The text of a local file named by a path or `file:` URI.
    static func read(_ uri: String) throws -> String {
        let path = uri.lowercased().hasPrefix("file:") ? (URL(string: uri)?.path ?? uri) : uri
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path): it does not exist or is not readable")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
