import ArgumentParser
import Foundation

/// Where the server is and who to sign in as: `--server` (else `DATAFLOW_URI`, else Data Flow's
/// `http://localhost:9393`), `--username`/`--password` or `--token` (else `DATAFLOW_USERNAME`,
/// `DATAFLOW_PASSWORD`, `DATAFLOW_TOKEN`).
struct ServerOptions: ParsableArguments {
    /// Data Flow shell's default.
    static let defaultURL = "http://localhost:9393"

    @Option(name: .customLong("server"), help: ArgumentHelp("The server's URL (also DATAFLOW_URI; default \(Self.defaultURL)).", valueName: "url"))
    var url: String?

    @Option(name: .long, help: "User name for HTTP Basic, when the server's security is on (also DATAFLOW_USERNAME).")
    var username: String?

    @Option(name: .long, help: "Password for --username (also DATAFLOW_PASSWORD, which keeps it out of the process list).")
    var password: String?

    @Option(name: .long, help: "Bearer token, instead of a user name and password (also DATAFLOW_TOKEN).")
    var token: String?

    /// The server's base URL, without a trailing slash.
    /// - Throws: A `ValidationError` (exit 2) for a URL that is not `http://` or `https://`.
    func baseURL(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        var text = url ?? environment["DATAFLOW_URI"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultURL
        while text.hasSuffix("/") { text.removeLast() }
        guard let parsed = URL(string: text), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil else {
            throw ValidationError("the server URL '\(text)' is not an http:// or https:// URL (from \(url == nil ? "DATAFLOW_URI" : "--server"))")
        }
        return text
    }

    /// The credentials given, if any.
    /// - Throws: A `ValidationError` (exit 2) for a user name without a password, a password
    ///   without a user name, or both a user and a token.
    func credentials(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ServerCredentials? {
        func given(_ option: String?, _ variable: String) -> String? {
            option ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        let username = given(self.username, "DATAFLOW_USERNAME")
        let password = given(self.password, "DATAFLOW_PASSWORD")
        let token = given(self.token, "DATAFLOW_TOKEN")
        if token != nil && (username != nil || password != nil) {
            throw ValidationError("give --username and --password, or --token, not both")
        }
        if let token { return .bearer(token: token) }
        switch (username, password) {
        case (let username?, let password?): return .basic(username: username, password: password)
        case (_?, nil): throw ValidationError("--username needs a password: give --password or set DATAFLOW_PASSWORD")
        case (nil, _?): throw ValidationError("--password needs a user name: give --username or set DATAFLOW_USERNAME")
        case (nil, nil): return nil
        }
    }

    /// Runs `body` with a client for the server, closed afterwards.
    /// - Parameter longRequests: Wait for answers as long as the work takes (``ServerClient/with(base:credentials:longRequests:_:)``).
    func withClient<T: Sendable>(longRequests: Bool = false, _ body: (ServerClient) async throws -> T) async throws -> T {
        let base = try baseURL()
        let credentials = try credentials()
        return try await ServerClient.with(base: base, credentials: credentials, longRequests: longRequests, body)
    }
}
